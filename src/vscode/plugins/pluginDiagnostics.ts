// Findings as diagnostics on plugin.toml (collection `yoi-plugins`): each finding at the key it is
// about (a finding about the component sits on `runtime.component`), refreshed whenever the
// package is inspected again — on save of plugin.toml and when the component file changes.
// Opening a plugin.toml starts discovery, so its diagnostics appear without opening the view.
import * as vscode from 'vscode';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DEFAULT_LIMITS, MANIFEST_FILE } from '../../core/plugins';
import { findingMessage, originLabel } from './findingMessages';
import { manifestRange } from './model';
import type { InspectionState, PluginPackages } from './pluginPackages';
import { diagnosticSeverity } from './presentation';

export const PLUGIN_DIAGNOSTICS_NAME = 'yoi-plugins';
/** A plugin.toml larger than this (yoi rejects anything over 64 KiB) is not read for ranges. */
const MAX_MANIFEST_TEXT = 4 * DEFAULT_LIMITS.maxManifestSizeBytes;

export class PluginDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(PLUGIN_DIAGNOSTICS_NAME);
  private readonly disposables: vscode.Disposable[] = [];
  /** Package folder → the plugin.toml that carries its diagnostics. */
  private readonly files = new Map<string, vscode.Uri>();
  /** Latest inspection generation applied per package (late results never overwrite newer ones). */
  private readonly applied = new Map<string, number>();
  readonly stats = { updates: 0 };

  constructor(private readonly packages: PluginPackages) {
    this.disposables.push(
      this.collection,
      packages.onDidInspect(({ path, state }) => void this.update(path, state)),
      packages.onDidChange((paths) => {
        if (paths) return;
        // The package list changed: drop diagnostics of packages that are gone.
        for (const [pkg, uri] of [...this.files]) {
          if (!packages.find(pkg) && !packages.state(pkg)) {
            this.collection.delete(uri);
            this.files.delete(pkg);
            this.applied.delete(pkg);
          }
        }
      }),
      vscode.workspace.onDidOpenTextDocument((d) => this.onOpen(d)),
    );
    // Editors restored with the window: handled a moment after activation, never during it.
    const restored = setTimeout(() => { for (const d of vscode.workspace.textDocuments) this.onOpen(d); }, 1000);
    this.disposables.push({ dispose: () => clearTimeout(restored) });
  }

  /** An opened plugin.toml: make sure it gets inspected (inside or outside the discovered packages). */
  private onOpen(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== 'file' || basename(doc.uri.fsPath) !== MANIFEST_FILE) return;
    const dir = dirname(doc.uri.fsPath);
    void this.packages.start().then(() => {
      if (!this.packages.state(dir)) void this.packages.inspect(dir);
    });
  }

  private async update(path: string, state: InspectionState): Promise<void> {
    const report = state.report;
    if (!report || report.input.kind !== 'directory') return;
    if ((this.applied.get(path) ?? 0) > state.generation) return;
    this.applied.set(path, state.generation);
    const manifestPath = join(path, MANIFEST_FILE);
    const uri = vscode.Uri.file(manifestPath);
    let text: string;
    try {
      // The editor's text when open and unchanged since the save that was inspected; else the file.
      const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === manifestPath && !d.isDirty);
      // A hostile, huge plugin.toml is never read whole: its findings go on the first line.
      text = open ? open.getText() : (await stat(manifestPath)).size > MAX_MANIFEST_TEXT ? '' : await readFile(manifestPath, 'utf8');
    } catch {
      this.collection.delete(uri);
      this.files.delete(path);
      return;
    }
    if ((this.applied.get(path) ?? 0) !== state.generation) return;
    const manifest = report.package?.manifest ?? null;
    const diagnostics = report.findings.map((f) => {
      const r = manifestRange(f, text, manifest);
      const d = new vscode.Diagnostic(new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter), findingMessage(f), diagnosticSeverity(f.severity));
      d.source = originLabel(f.origin);
      d.code = f.id;
      return d;
    });
    this.collection.set(uri, diagnostics);
    this.files.set(path, uri);
    this.stats.updates++;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
