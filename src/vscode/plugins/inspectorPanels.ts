// Inspector pages: one webview panel per inspected path (a package folder, a `.yoi-plugin` or a
// `.wasm`; opening it again reveals it), restored after a reload by a serializer, re-rendered from
// a full snapshot whenever the input is inspected again. The page only renders; copying, opening
// files and revealing findings come back here as validated messages.
import * as vscode from 'vscode';
import { webviewPanelOptions } from '../webview/pageShell';
import { stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { MANIFEST_FILE, normalizeArchivePath } from '../../core/plugins';
import { isPluginInspectorPageMessage, isPluginInspectorPageState, PluginInspectorHostMessage, PluginInspectorPageMessage, PluginInspectorSnapshot } from '../../shared/protocol';
import { findingMessage } from './findingMessages';
import { manifestRange } from './model';
import { pluginInspectorHtml } from './pageHtml';
import { buildSnapshot } from './pageModel';
import { pluginInspectorStrings } from './pageStrings';
import type { InspectionState, PluginPackages } from './pluginPackages';

export const PLUGIN_INSPECTOR_VIEW_TYPE = 'yoi.pluginInspector';

export interface InspectorCspViolation {
  path: string;
  directive: string;
  blockedURI: string;
  at: number;
}

interface PanelEntry {
  path: string;
  panel: vscode.WebviewPanel;
  ready: boolean;
  /** Generation of the inspection last sent. */
  sentGeneration: number;
  last?: PluginInspectorSnapshot;
  snapshotsSent: number;
  pendingFocus?: number;
  disposables: vscode.Disposable[];
}

export class PluginInspectorPanels implements vscode.Disposable {
  private readonly panels = new Map<string, PanelEntry>();
  private readonly disposables: vscode.Disposable[] = [];
  /** CSP violations reported by pages (tests read these). */
  readonly cspViolations: InspectorCspViolation[] = [];
  /** What the pages copied (tests read these; the clipboard itself is the browser's in code-server). */
  readonly copies: { path: string; what: 'wit' | 'report'; length: number }[] = [];

  constructor(private readonly context: vscode.ExtensionContext, private readonly packages: PluginPackages, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(PLUGIN_INSPECTOR_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state) => this.restore(panel, state),
      }),
      packages.onDidInspect(({ path, state }) => this.onInspected(path, state)),
      packages.onDidChange((paths) => {
        for (const p of paths ?? []) {
          const e = this.panels.get(p);
          if (e?.ready && this.packages.state(p)?.pending) void e.panel.webview.postMessage({ type: 'inspecting', strings: pluginInspectorStrings() } satisfies PluginInspectorHostMessage);
        }
      }),
    );
  }

  /** Opens (or reveals) the inspector page for a package folder, `.yoi-plugin`, plugin.toml or `.wasm`. */
  async open(path: string, opts: { focusFinding?: number } = {}): Promise<void> {
    const key = resolve(basename(path) === MANIFEST_FILE ? join(path, '..') : path);
    const existing = this.panels.get(key);
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn);
      if (opts.focusFinding !== undefined) this.focus(existing, opts.focusFinding);
      return;
    }
    const panel = vscode.window.createWebviewPanel(PLUGIN_INSPECTOR_VIEW_TYPE, basename(key), vscode.ViewColumn.Active, this.webviewOptions());
    const entry = this.attach(panel, key);
    entry.pendingFocus = opts.focusFinding;
  }

  // ---- test hooks -------------------------------------------------------------------------------

  openPanels(): { path: string; visible: boolean; snapshotsSent: number }[] {
    return [...this.panels.values()].map((e) => ({ path: e.path, visible: e.panel.visible, snapshotsSent: e.snapshotsSent }));
  }

  lastSnapshot(path: string): PluginInspectorSnapshot | undefined {
    return this.panels.get(resolve(path))?.last;
  }

  // ---- panels -----------------------------------------------------------------------------------

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return webviewPanelOptions(this.context.extensionUri);
  }

  private async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    if (!isPluginInspectorPageState(state) || this.panels.has(resolve(state.path))) {
      panel.dispose();
      return;
    }
    try {
      await stat(state.path);
    } catch {
      panel.dispose();
      return;
    }
    panel.webview.options = this.webviewOptions();
    this.attach(panel, resolve(state.path));
  }

  private attach(panel: vscode.WebviewPanel, path: string): PanelEntry {
    const entry: PanelEntry = { path, panel, ready: false, sentGeneration: 0, snapshotsSent: 0, disposables: [] };
    this.panels.set(path, entry);
    panel.iconPath = new vscode.ThemeIcon('inspect');
    panel.title = vscode.l10n.t('Inspect: {0}', basename(path));
    panel.webview.html = pluginInspectorHtml(panel.webview, this.context.extensionUri, pluginInspectorStrings().loading, vscode.env.language);
    entry.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(entry, m)),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) entry.ready = false;
      }),
      panel.onDidDispose(() => this.detach(entry)),
    );
    return entry;
  }

  private detach(entry: PanelEntry): void {
    for (const d of entry.disposables) d.dispose();
    this.panels.delete(entry.path);
    this.packages.forget(entry.path);
  }

  private onInspected(path: string, state: InspectionState): void {
    const e = this.panels.get(path);
    if (e?.ready) this.send(e, state);
  }

  /** Sends the current report as a full snapshot, or starts the inspection that will produce one. */
  private send(entry: PanelEntry, state = this.packages.state(entry.path)): void {
    const strings = pluginInspectorStrings();
    if (!state?.report) {
      if (state?.error && !state.pending) {
        void entry.panel.webview.postMessage({ type: 'unavailable', reason: state.error, strings } satisfies PluginInspectorHostMessage);
        return;
      }
      if (!state?.pending) void this.packages.inspect(entry.path);
      void entry.panel.webview.postMessage({ type: 'inspecting', strings } satisfies PluginInspectorHostMessage);
      return;
    }
    const report = state.report;
    const snapshot = buildSnapshot({
      report,
      display: this.packages.display(entry.path),
      messages: report.findings.map(findingMessage),
      inspectedAt: state.inspectedAt ?? Date.now(),
      durationMs: state.durationMs ?? 0,
    });
    entry.last = snapshot;
    entry.sentGeneration = state.generation;
    entry.snapshotsSent++;
    entry.panel.title = vscode.l10n.t('Inspect: {0}', snapshot.title);
    void entry.panel.webview.postMessage({ type: 'snapshot', snapshot, strings, locale: vscode.env.language } satisfies PluginInspectorHostMessage);
    if (entry.pendingFocus !== undefined) {
      this.focus(entry, entry.pendingFocus);
      entry.pendingFocus = undefined;
    }
    if (state.pending) void entry.panel.webview.postMessage({ type: 'inspecting', strings } satisfies PluginInspectorHostMessage);
  }

  private focus(entry: PanelEntry, index: number): void {
    if (entry.ready && entry.last) void entry.panel.webview.postMessage({ type: 'focusFinding', index } satisfies PluginInspectorHostMessage);
    else entry.pendingFocus = index;
  }

  private notice(entry: PanelEntry, message: string, ok = true): void {
    void entry.panel.webview.postMessage({ type: 'notice', message, ok } satisfies PluginInspectorHostMessage);
  }

  // ---- messages from the page -------------------------------------------------------------------

  private onMessage(entry: PanelEntry, raw: unknown): void {
    if (!isPluginInspectorPageMessage(raw)) {
      this.log.warn(`Plugin inspector ${entry.path}: ignored a malformed message from the page`);
      return;
    }
    const m: PluginInspectorPageMessage = raw;
    switch (m.type) {
      case 'ready':
        entry.ready = true;
        this.send(entry);
        break;
      case 'stateChanged':
        break;
      case 'copyWit':
      case 'copyReport':
        void this.copy(entry, m.type === 'copyWit' ? 'wit' : 'report');
        break;
      case 'reinspect':
        void this.packages.inspect(entry.path, { force: true });
        break;
      case 'revealFinding':
        void revealFinding(this.packages, entry.path, m.index);
        break;
      case 'openFile':
        void this.openEntry(entry, m.path);
        break;
      case 'cspViolation': {
        this.cspViolations.push({ path: entry.path, directive: m.directive, blockedURI: m.blockedURI, at: Date.now() });
        this.log.warn(`Plugin inspector ${entry.path}: Content Security Policy blocked ${m.blockedURI || 'inline content'} (${m.directive})`);
        const count = this.cspViolations.filter((v) => v.path === entry.path).length;
        void entry.panel.webview.postMessage({
          type: 'cspReported', count,
          message: vscode.l10n.t('The Content Security Policy blocked something in this view ({0} so far). See the “yoi Plugins” output.', count),
        } satisfies PluginInspectorHostMessage);
        break;
      }
      case 'renderError':
        this.log.error(`Plugin inspector ${entry.path}: ${m.message}`);
        break;
    }
  }

  private async copy(entry: PanelEntry, what: 'wit' | 'report'): Promise<void> {
    const report = this.packages.state(entry.path)?.report;
    const text = what === 'wit' ? report?.artifact?.wit : report ? JSON.stringify(report, null, 2) + '\n' : undefined;
    if (!text) {
      this.notice(entry, vscode.l10n.t('There is no WIT to copy: the artifact is not a decodable component.'), false);
      return;
    }
    await vscode.env.clipboard.writeText(text);
    this.copies.push({ path: entry.path, what, length: text.length });
    this.notice(entry, what === 'wit' ? vscode.l10n.t('WIT copied to the clipboard.') : vscode.l10n.t('Report copied to the clipboard as JSON.'));
  }

  /** Opens a file of the package (only names listed in the report, only inside the package folder). */
  private async openEntry(entry: PanelEntry, rel: string): Promise<void> {
    const report = this.packages.state(entry.path)?.report;
    const normalized = normalizeArchivePath(rel);
    if (!report || report.input.kind !== 'directory' || normalized === undefined || !report.package?.entries.some((e) => e.path === normalized)) return;
    const uri = vscode.Uri.file(join(entry.path, ...normalized.split('/')));
    if (/\.(wasm|yoi-plugin)$/i.test(normalized)) await vscode.commands.executeCommand('revealInExplorer', uri);
    else await vscode.window.showTextDocument(uri, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }

  dispose(): void {
    for (const e of [...this.panels.values()]) e.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * Shows a finding: in plugin.toml at its range for a package folder; otherwise (archives, a
 * missing plugin.toml) on the inspector page.
 */
export async function revealFinding(packages: PluginPackages, path: string, index: number, panels?: PluginInspectorPanels): Promise<void> {
  const report = packages.state(path)?.report;
  const f = report?.findings[index];
  if (!report || !f) return;
  const manifestPath = join(resolve(path), MANIFEST_FILE);
  const hasManifest = report.input.kind === 'directory' && !!report.package?.entries.some((e) => e.path === MANIFEST_FILE);
  if (!hasManifest) {
    await panels?.open(path, { focusFinding: index });
    return;
  }
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(manifestPath));
  const r = manifestRange(f, doc.getText(), report.package?.manifest ?? null);
  const range = new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter);
  await vscode.window.showTextDocument(doc, { selection: range, preview: true });
}
