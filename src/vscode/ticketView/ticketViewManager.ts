// Ticket view panels: one webview panel per ticket (opening it again reveals it), restored after
// a reload by a serializer, re-rendered from a full snapshot whenever the ticket's files (or a
// related ticket's state/title) change. The page only renders; every link and button comes back
// here as a validated message.
import * as vscode from 'vscode';
import { webviewPanelOptions } from '../webview/pageShell';
import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { TicketViewSnapshot } from '../../core/ticketView/model';
import { readTicketView } from '../../core/ticketView/viewModel';
import { isTicketViewPageMessage, isPageState, TicketViewAction, TicketViewHostMessage, TicketViewPageMessage, TicketViewPageState } from '../../shared/protocol';
import type { TicketOpener } from '../tickets/ticketCommands';
import type { FolderStores, StoreChange, WorkspaceStores } from '../tickets/workspaceStores';
import { ticketViewHtml } from './pageHtml';
import { ticketViewStrings } from './pageStrings';

export const TICKET_VIEW_TYPE = 'yoi.ticketView';

/** A workflow action on a ticket (wired later by the workflow capability). Returns a message to show. */
export type TicketActionHandler = (action: TicketViewAction, ticket: { id: string; storeRoot: string; folderPath: string }) => Promise<string | undefined>;

export interface CspViolationReport {
  ticketId: string;
  directive: string;
  blockedURI: string;
  sample?: string;
  at: number;
}

interface PanelEntry {
  key: string;
  id: string;
  storeRoot: string;
  panel: vscode.WebviewPanel;
  /** True once the page said `ready` (and until it is torn down while hidden). */
  ready: boolean;
  /** A change arrived while the page could not receive it. */
  stale: boolean;
  pendingFocus?: number;
  last?: TicketViewSnapshot;
  snapshotsSent: number;
  pageState?: TicketViewPageState;
  refreshTimer?: NodeJS.Timeout;
  disposables: vscode.Disposable[];
}

const REFRESH_DEBOUNCE_MS = 80;
const keyOf = (storeRoot: string, id: string) => `${storeRoot}\u0000${id}`;

export class TicketViewManager implements TicketOpener, vscode.Disposable {
  private readonly panels = new Map<string, PanelEntry>();
  private readonly disposables: vscode.Disposable[] = [];
  private actionHandler: TicketActionHandler | undefined;
  private readonly log: vscode.LogOutputChannel;
  /** CSP violations reported by pages (integration/e2e tests read these). */
  readonly cspViolations: CspViolationReport[] = [];

  constructor(private readonly context: vscode.ExtensionContext, private readonly stores: WorkspaceStores, log?: vscode.LogOutputChannel) {
    this.log = log ?? vscode.window.createOutputChannel('yoi Ticket View', { log: true });
    if (!log) this.disposables.push(this.log);
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(TICKET_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state) => this.restore(panel, state),
      }),
      stores.onDidChange((c) => this.onStoreChange(c)),
      stores.onDidChangeFolders(() => this.refreshAll()),
    );
  }

  /** Lets the workflow capability handle Queue / Accept / … buttons. */
  setActionHandler(handler: TicketActionHandler | undefined): void {
    this.actionHandler = handler;
  }

  // ---- TicketOpener ---------------------------------------------------------------------------

  async open(id: string, folderPath?: string, opts: { eventIndex?: number } = {}): Promise<void> {
    await this.stores.ready();
    const f = this.stores.find(id, folderPath);
    if (!f) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Ticket {0} was not found in this workspace.', id));
      return;
    }
    const key = keyOf(f.main.root, id);
    const existing = this.panels.get(key);
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn);
      if (opts.eventIndex !== undefined) this.focusEvent(existing, opts.eventIndex);
      return;
    }
    const panel = vscode.window.createWebviewPanel(TICKET_VIEW_TYPE, id, vscode.ViewColumn.Active, this.webviewOptions());
    const entry = this.attach(panel, id, f.main.root);
    entry.pendingFocus = opts.eventIndex;
  }

  // ---- test hooks -------------------------------------------------------------------------------

  /** Open panels (for tests and for the tree's "reveal" logic). */
  openPanels(): { id: string; storeRoot: string; visible: boolean; snapshotsSent: number }[] {
    return [...this.panels.values()].map((e) => ({ id: e.id, storeRoot: e.storeRoot, visible: e.panel.visible, snapshotsSent: e.snapshotsSent }));
  }

  /** The last snapshot sent to the panel of a ticket. */
  lastSnapshot(id: string, storeRoot?: string): TicketViewSnapshot | undefined {
    for (const e of this.panels.values()) if (e.id === id && (!storeRoot || e.storeRoot === storeRoot)) return e.last;
    return undefined;
  }

  /** The last page state (scroll anchor, expanded sections) a panel reported. */
  pageState(id: string): TicketViewPageState | undefined {
    for (const e of this.panels.values()) if (e.id === id) return e.pageState;
    return undefined;
  }

  // ---- panels -------------------------------------------------------------------------------------

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return webviewPanelOptions(this.context.extensionUri);
  }

  private async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    if (!isPageState(state)) {
      panel.dispose();
      return;
    }
    await this.stores.ready();
    const f = this.stores.all().find((s) => s.main.root === state.storeRoot && s.main.has(state.ticketId))
      ?? this.stores.find(state.ticketId);
    if (!f || this.panels.has(keyOf(f.main.root, state.ticketId))) {
      panel.dispose();
      return;
    }
    panel.webview.options = this.webviewOptions();
    this.attach(panel, state.ticketId, f.main.root);
  }

  private attach(panel: vscode.WebviewPanel, id: string, storeRoot: string): PanelEntry {
    const entry: PanelEntry = { key: keyOf(storeRoot, id), id, storeRoot, panel, ready: false, stale: true, snapshotsSent: 0, disposables: [] };
    this.panels.set(entry.key, entry);
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'yoi.svg');
    const strings = ticketViewStrings();
    panel.webview.html = ticketViewHtml(panel.webview, this.context.extensionUri, strings.loading, vscode.env.language);
    entry.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(entry, m)),
      panel.onDidChangeViewState(() => {
        // Hidden webviews are torn down (retainContextWhenHidden: false); the page says `ready` again.
        if (!panel.visible) entry.ready = false;
      }),
      panel.onDidDispose(() => this.detach(entry)),
    );
    this.updateTitle(entry);
    return entry;
  }

  private detach(entry: PanelEntry): void {
    if (entry.refreshTimer) clearTimeout(entry.refreshTimer);
    for (const d of entry.disposables) d.dispose();
    this.panels.delete(entry.key);
  }

  private folderOf(entry: PanelEntry): FolderStores | undefined {
    return this.stores.all().find((f) => f.main.root === entry.storeRoot);
  }

  private updateTitle(entry: PanelEntry): void {
    const title = entry.last?.header.title ?? this.folderOf(entry)?.main.summary(entry.id)?.title;
    const short = title && title.length > 40 ? `${title.slice(0, 39)}…` : title;
    entry.panel.title = short ? `${short} · ${entry.id}` : entry.id;
  }

  /** Builds and posts a full snapshot (never a delta). */
  private send(entry: PanelEntry): void {
    const f = this.folderOf(entry);
    if (!f || !f.main.has(entry.id)) {
      void entry.panel.webview.postMessage({
        type: 'unavailable', id: entry.id, strings: ticketViewStrings(),
        reason: f ? vscode.l10n.t('the ticket folder was removed') : vscode.l10n.t('its workspace folder is no longer open'),
      } satisfies TicketViewHostMessage);
      return;
    }
    let snapshot: TicketViewSnapshot;
    try {
      snapshot = readTicketView(f.main, entry.id, {
        orchestration: f.orchestration, workspaceRoot: f.location.workspaceRoot, language: f.location.japanese ? 'ja' : 'en',
      });
    } catch (e) {
      this.log.error(`Ticket view: cannot read ${entry.id}: ${(e as Error).stack ?? e}`);
      return;
    }
    entry.last = snapshot;
    entry.stale = false;
    entry.snapshotsSent++;
    const msg: TicketViewHostMessage = { type: 'snapshot', snapshot, strings: ticketViewStrings(), locale: vscode.env.language };
    if (entry.pendingFocus !== undefined) {
      msg.focusEvent = entry.pendingFocus;
      entry.pendingFocus = undefined;
    }
    void entry.panel.webview.postMessage(msg);
    this.updateTitle(entry);
  }

  private scheduleRefresh(entry: PanelEntry): void {
    entry.stale = true;
    if (!entry.ready) return; // sent on the next `ready`
    if (entry.refreshTimer) clearTimeout(entry.refreshTimer);
    entry.refreshTimer = setTimeout(() => {
      entry.refreshTimer = undefined;
      if (entry.ready && entry.stale) this.send(entry);
    }, REFRESH_DEBOUNCE_MS);
  }

  private refreshAll(): void {
    for (const e of this.panels.values()) this.scheduleRefresh(e);
  }

  private onStoreChange(c: StoreChange): void {
    const root = c.folder.main.root;
    const sets = [c.main, ...(c.orchestration ? [c.orchestration] : [])];
    const touched = new Set<string>();
    for (const cs of sets) for (const list of [cs.added, cs.changed, cs.removed, cs.touched, cs.blockersChanged]) for (const id of list) touched.add(id);
    if (!touched.size) return;
    for (const e of this.panels.values()) {
      if (e.storeRoot !== root) continue;
      // The ticket itself, or a ticket it shows (relation, blocker, mention) changed.
      const shown = e.last ? [...Object.keys(e.last.refs), ...e.last.relations.incoming.map((r) => r.other)] : [];
      if (touched.has(e.id) || shown.some((id) => touched.has(id)) || c.main.added.length) this.scheduleRefresh(e);
    }
  }

  private focusEvent(entry: PanelEntry, index: number): void {
    if (entry.ready && !entry.stale) void entry.panel.webview.postMessage({ type: 'focusEvent', index } satisfies TicketViewHostMessage);
    else entry.pendingFocus = index;
  }

  // ---- messages from the page -------------------------------------------------------------------

  private onMessage(entry: PanelEntry, raw: unknown): void {
    if (!isTicketViewPageMessage(raw)) {
      this.log.warn(`Ticket view ${entry.id}: ignored a malformed message from the page`);
      return;
    }
    const m: TicketViewPageMessage = raw;
    switch (m.type) {
      case 'ready':
        entry.ready = true;
        if (m.state) entry.pageState = m.state;
        this.send(entry);
        break;
      case 'stateChanged':
        entry.pageState = m.state;
        break;
      case 'openTicket':
        void this.open(m.id, entry.storeRoot);
        break;
      case 'openFile':
        void this.openFile(entry, m.path, m.line);
        break;
      case 'openLink':
        void this.openLink(m.url);
        break;
      case 'runAction':
        void this.runAction(entry, m.action);
        break;
      case 'cspViolation': {
        const r: CspViolationReport = { ticketId: entry.id, directive: m.directive, blockedURI: m.blockedURI, at: Date.now(), ...(m.sample ? { sample: m.sample } : {}) };
        this.cspViolations.push(r);
        this.log.warn(`Ticket view ${entry.id}: Content Security Policy blocked ${m.blockedURI || 'inline content'} (${m.directive})`);
        const count = this.cspViolations.filter((v) => v.ticketId === entry.id).length;
        void entry.panel.webview.postMessage({
          type: 'cspReported', count,
          message: vscode.l10n.t('The Content Security Policy blocked something in this view ({0} so far). See the “yoi Ticket View” output.', count),
        } satisfies TicketViewHostMessage);
        break;
      }
      case 'renderError':
        this.log.error(`Ticket view ${entry.id}: ${m.message}`);
        break;
    }
  }

  private async runAction(entry: PanelEntry, action: TicketViewAction): Promise<void> {
    const f = this.folderOf(entry);
    let message: string | undefined;
    let ok = false;
    if (!this.actionHandler || !f) {
      message = vscode.l10n.t('This workflow action is not available yet.');
    } else {
      try {
        message = await this.actionHandler(action, { id: entry.id, storeRoot: entry.storeRoot, folderPath: f.folder.uri.fsPath });
        ok = true;
      } catch (e) {
        message = (e as Error).message;
      }
    }
    if (message) void entry.panel.webview.postMessage({ type: 'actionResult', action, ok, message } satisfies TicketViewHostMessage);
  }

  /** Opens a path mentioned by a ticket: relative to the ticket folder, then the workspace root; never outside the workspace. */
  private async openFile(entry: PanelEntry, path: string, line?: number): Promise<void> {
    const f = this.folderOf(entry);
    if (!f) return;
    const ws = f.location.workspaceRoot;
    const ticketDir = f.main.paths(entry.id).dir;
    const clean = path.replace(/^~\//, '');
    const candidates = isAbsolute(clean) ? [resolve(clean)] : [resolve(ticketDir, clean), resolve(ws, clean), resolve(ticketDir, 'artifacts', clean)];
    const allowedRoots = [ws, f.main.root, ...(vscode.workspace.workspaceFolders ?? []).map((w) => w.uri.fsPath)];
    const inside = (p: string) => allowedRoots.some((r) => { const rel = relative(r, p); return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel)); });
    for (const c of candidates) {
      if (!inside(c)) continue;
      try {
        const s = await stat(c);
        const uri = vscode.Uri.file(c);
        if (s.isDirectory()) {
          await vscode.commands.executeCommand('revealInExplorer', uri);
        } else {
          const pos = line ? new vscode.Position(Math.max(0, line - 1), 0) : undefined;
          await vscode.window.showTextDocument(uri, { preview: true, viewColumn: vscode.ViewColumn.Beside, ...(pos ? { selection: new vscode.Range(pos, pos) } : {}) });
        }
        return;
      } catch {
        // try the next candidate
      }
    }
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} was not found in this workspace.', path));
  }

  private async openLink(url: string): Promise<void> {
    // The page only sends http(s)/mailto; check again, the page renders untrusted text.
    if (!/^(https?:|mailto:)/i.test(url)) return;
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(url, true);
    } catch {
      return;
    }
    if (!['http', 'https', 'mailto'].includes(uri.scheme)) return;
    await vscode.env.openExternal(uri);
  }

  dispose(): void {
    for (const e of [...this.panels.values()]) e.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
