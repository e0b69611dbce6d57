// CodeLenses in a ticket's thread.md and item.md (only inside a known tickets root): a top lens
// with state, title and the workflow step that fits the state, and one summary lens per event
// (kind, author, relative time; from → to, verdict, routing decision) with "Show IntentPacket" on
// events that carry one. Lenses come from the editor text (VS Code re-asks after edits, debounced);
// store changes (state, blockers) refresh them too.
import * as vscode from 'vscode';
import { eventLenses, headerLens, HeaderLensModel, TicketFacts, WorkflowAction } from '../../core/editor/lensModel';
import { parseItem } from '../../core/ticket/item';
import { WorkspaceStores } from '../tickets/workspaceStores';
import { overlayLabel, relativeTimeLabel, stateLabel } from '../tickets/presentation';
import { eventKindLabel, stateValueLabel, verdictLabel } from './eventLabels';
import { locateTicketDocument, plainLensText, ThreadDocumentCache, TicketDocument } from './ticketDocuments';

export const OPEN_TICKET_COMMAND = 'yoi.openTicket';
export const SHOW_EVENT_COMMAND = 'yoi.showTicketEvent';
/** Workflow commands other parts of the extension register; lenses only offer registered ones. */
export const WORKFLOW_COMMANDS: Record<WorkflowAction, string> = {
  queue: 'yoi.queueTicket',
  accept: 'yoi.acceptTicket',
  spawn: 'yoi.spawnCoderWorktree',
};
const REFRESH_DEBOUNCE_MS = 300;
const COMMANDS_TTL_MS = 5000;

export function codeLensEnabled(): boolean {
  return vscode.workspace.getConfiguration('yoi.codeLens').get<boolean>('enabled', true);
}

export class TicketCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private timer?: NodeJS.Timeout;
  private commands?: { at: number; ids: Set<string> };
  /** For tests: how many times lenses were computed. */
  readonly stats = { provided: 0 };

  constructor(private readonly stores: WorkspaceStores, private readonly threads: ThreadDocumentCache) {
    this.disposables.push(
      stores.onDidChange(() => this.refreshSoon()),
      stores.onDidChangeFolders(() => this.refreshSoon()),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('yoi.codeLens')) this.refreshSoon(); }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refreshSoon()),
      vscode.extensions.onDidChange(() => { this.commands = undefined; this.refreshSoon(); }),
    );
  }

  private refreshSoon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = undefined; this.commands = undefined; this.changed.fire(); }, REFRESH_DEBOUNCE_MS);
  }

  private async registered(): Promise<Set<string>> {
    if (!this.commands || Date.now() - this.commands.at > COMMANDS_TTL_MS) {
      const all = await vscode.commands.getCommands(true);
      this.commands = { at: Date.now(), ids: new Set(all.filter((c) => c.startsWith('yoi.'))) };
    }
    return this.commands.ids;
  }

  async provideCodeLenses(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!codeLensEnabled()) return [];
    const t = locateTicketDocument(this.stores, doc.uri);
    if (!t || t.kind === 'other') return [];
    const registered = await this.registered();
    if (token.isCancellationRequested) return [];
    this.stats.provided++;
    const folderPath = t.folder.folder.uri.fsPath;
    const facts = this.facts(t, doc);
    const header = headerLens(facts);
    const lenses = this.headerLenses(t, header, registered);
    if (t.kind !== 'thread') return lenses;
    const canSpawn = vscode.workspace.isTrusted && facts.state === 'inprogress' && registered.has(WORKFLOW_COMMANDS.spawn);
    for (const e of eventLenses(this.threads.get(doc))) {
      const range = new vscode.Range(e.line, 0, e.line, 0);
      const parts = [eventKindLabel(e.kind)];
      if (e.author) parts.push(e.author);
      if (e.at) parts.push(relativeTimeLabel(e.at) || e.at);
      if (e.stateChange) parts.push(`${stateValueLabel(e.stateChange.from)} → ${stateValueLabel(e.stateChange.to)}`);
      if (e.verdict) parts.push(verdictLabel(e.verdict));
      if (e.routing) parts.push(vscode.l10n.t('routing: {0}', e.routing.value));
      lenses.push(new vscode.CodeLens(range, {
        title: plainLensText(parts.join(' · '), 120),
        tooltip: e.at ? vscode.l10n.t('{0} — show this event in the Ticket View', e.at) : vscode.l10n.t('Show this event in the Ticket View'),
        command: SHOW_EVENT_COMMAND,
        arguments: [t.id, folderPath, e.index],
      }));
      if (e.intentPacket) {
        lenses.push(new vscode.CodeLens(range, {
          title: `$(symbol-structure) ${vscode.l10n.t('Show IntentPacket')}`,
          tooltip: vscode.l10n.t('Open the Ticket View on this IntentPacket'),
          command: SHOW_EVENT_COMMAND,
          arguments: [t.id, folderPath, e.index],
        }));
        if (e.currentPacket && canSpawn) {
          lenses.push(new vscode.CodeLens(range, {
            title: `$(git-branch) ${vscode.l10n.t('Spawn coder worktree')}`,
            tooltip: vscode.l10n.t('Create the implementation worktree and spawn a coder for this IntentPacket'),
            command: WORKFLOW_COMMANDS.spawn,
            arguments: [t.id, folderPath],
          }));
        }
      }
    }
    return lenses;
  }

  /** State and title from the editor text for item.md (live), else from the store. */
  private facts(t: TicketDocument, doc: vscode.TextDocument): TicketFacts {
    const s = t.store.summary(t.id);
    const blockers = t.store.blockers(t.id);
    const facts: TicketFacts = { title: s?.title ?? '', blockers, activeBlockers: blockers.filter((b) => b.state !== 'queued' && b.state !== 'inprogress') };
    if (s?.state) facts.state = s.state;
    if (t.kind === 'item') {
      const item = parseItem(doc.getText(), doc.uri.fsPath, { withoutBody: true });
      facts.title = item.fields.title ?? '';
      if (item.fields.state) facts.state = item.fields.state;
      else delete facts.state;
    }
    return facts;
  }

  private headerLenses(t: TicketDocument, h: HeaderLensModel, registered: Set<string>): vscode.CodeLens[] {
    const range = new vscode.Range(h.line, 0, h.line, 0);
    const folderPath = t.folder.folder.uri.fsPath;
    const out: vscode.CodeLens[] = [];
    let state = h.state ? stateLabel(h.state) : vscode.l10n.t('Unreadable');
    if (t.which === 'main') {
      const s = t.folder.overlay.summary(t.id);
      const ov = s ? overlayLabel(s) : undefined;
      if (ov) state = ov;
    } else {
      state = vscode.l10n.t('{0} (orchestration copy)', state);
    }
    // Not a command: VS Code renders a lens without a command id as plain text.
    out.push(new vscode.CodeLens(range, { title: plainLensText(`${state} · ${h.title || t.id}`, 100), command: '' }));
    out.push(new vscode.CodeLens(range, { title: `$(preview) ${vscode.l10n.t('Open Ticket View')}`, command: OPEN_TICKET_COMMAND, arguments: [t.id, folderPath] }));
    const a = h.action;
    if (!a || t.which !== 'main' || !vscode.workspace.isTrusted || !registered.has(WORKFLOW_COMMANDS[a.kind])) return out;
    const blockers = a.blockers.map((b) => `${b.id} (${b.missing ? vscode.l10n.t('missing') : stateLabel(b.state)})`).join(', ');
    const title = (() => {
      switch (a.kind) {
        case 'queue': return a.enabled ? `$(play) ${vscode.l10n.t('Queue')}` : vscode.l10n.t('Queue: waiting for {0}', blockers);
        case 'accept': return a.enabled ? `$(check) ${vscode.l10n.t('Accept…')}` : vscode.l10n.t('Accept: blocked by {0}', blockers);
        case 'spawn': return `$(git-branch) ${vscode.l10n.t('Spawn coder worktree')}`;
      }
    })();
    out.push(new vscode.CodeLens(range, a.enabled
      ? { title, command: WORKFLOW_COMMANDS[a.kind], arguments: [t.id, folderPath], tooltip: a.kind === 'accept' ? vscode.l10n.t('Accept for implementation (queued → inprogress): shows the IntentPacket and blockers first') : undefined }
      : { title: plainLensText(title, 120), command: '' }));
    return out;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
