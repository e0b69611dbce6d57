// The Plugins view (`yoi.plugins`): one row per plugin package with yoi's status, the runtime
// verdict and where it lives; under it the findings (errors first), then runtime, world, surfaces,
// the component, tools/services/ingresses and permissions. Asking for the rows starts discovery.
import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { Finding } from '../../core/plugins';
import { findingMessage, originLabel } from './findingMessages';
import { findingOrder, packageFacts, packageStatus, PackageFacts } from './model';
import type { PluginPackage, PluginPackages } from './pluginPackages';
import { bytesLabel, severityIcon, statusIcon, statusLabel } from './presentation';

export type PluginDetailKind = 'runtime' | 'world' | 'component' | 'surfaces' | 'tools' | 'services' | 'ingresses' | 'permissions';
type ListKind = 'tools' | 'services' | 'ingresses' | 'permissions';

export type PluginTreeNode =
  | { kind: 'package'; path: string }
  | { kind: 'finding'; path: string; index: number }
  | { kind: 'detail'; path: string; detail: PluginDetailKind }
  | { kind: 'entry'; path: string; list: ListKind; index: number };

export const INSPECT_COMMAND = 'yoi.plugins.inspect';
export const REVEAL_FINDING_COMMAND = 'yoi.plugins.revealFinding';

export class PluginsViewProvider implements vscode.TreeDataProvider<PluginTreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<PluginTreeNode | PluginTreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly packageNodes = new Map<string, PluginTreeNode & { kind: 'package' }>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly packages: PluginPackages) {
    this.disposables.push(
      this.emitter,
      packages.onDidChange((paths) => {
        if (!paths) return this.emitter.fire(undefined);
        const nodes = paths.map((p) => this.packageNodes.get(p)).filter((n): n is PluginTreeNode & { kind: 'package' } => !!n);
        if (nodes.length) this.emitter.fire(nodes);
      }),
    );
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  private packageNode(path: string): PluginTreeNode & { kind: 'package' } {
    let n = this.packageNodes.get(path);
    if (!n) {
      n = { kind: 'package', path };
      this.packageNodes.set(path, n);
    }
    return n;
  }

  async getChildren(node?: PluginTreeNode): Promise<PluginTreeNode[]> {
    if (!node) {
      await this.packages.start();
      const list = this.packages.packages();
      for (const key of [...this.packageNodes.keys()]) if (!list.some((p) => p.path === key)) this.packageNodes.delete(key);
      return list.map((p) => this.packageNode(p.path));
    }
    const pkg = this.packages.find(node.path);
    if (!pkg) return [];
    const report = pkg.state?.report;
    if (node.kind === 'package') {
      if (!report) return [];
      const findings: PluginTreeNode[] = findingOrder(report.findings).map((index) => ({ kind: 'finding', path: node.path, index }));
      const facts = packageFacts(report.package?.manifest);
      const details: PluginDetailKind[] = [];
      if (facts.runtimeKind) details.push('runtime');
      if (facts.world) details.push('world');
      if (report.artifact) details.push('component');
      if (facts.surfaces.length) details.push('surfaces');
      for (const k of ['tools', 'services', 'ingresses', 'permissions'] as const) if (facts[k].length) details.push(k);
      return [...findings, ...details.map((detail): PluginTreeNode => ({ kind: 'detail', path: node.path, detail }))];
    }
    if (node.kind === 'detail' && report && (node.detail === 'tools' || node.detail === 'services' || node.detail === 'ingresses' || node.detail === 'permissions')) {
      const list = node.detail;
      return packageFacts(report.package?.manifest)[list].map((_, index): PluginTreeNode => ({ kind: 'entry', path: node.path, list, index }));
    }
    return [];
  }

  getParent(node: PluginTreeNode): PluginTreeNode | undefined {
    if (node.kind === 'package') return undefined;
    if (node.kind === 'entry') return { kind: 'detail', path: node.path, detail: node.list };
    return this.packageNode(node.path);
  }

  getTreeItem(node: PluginTreeNode): vscode.TreeItem {
    const pkg = this.packages.find(node.path);
    if (!pkg) return new vscode.TreeItem(basename(node.path));
    switch (node.kind) {
      case 'package': return this.packageItem(pkg);
      case 'finding': return this.findingItem(pkg, node.index);
      case 'detail': return this.detailItem(pkg, node.detail);
      case 'entry': return this.entryItem(pkg, node.list, node.index);
    }
  }

  private packageItem(pkg: PluginPackage): vscode.TreeItem {
    const report = pkg.state?.report;
    const name = report?.package?.manifest?.name || basename(pkg.path);
    const item = new vscode.TreeItem(name, report ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `plugin:${pkg.path}`;
    item.resourceUri = vscode.Uri.file(pkg.path);
    item.contextValue = `yoi.plugin.package.${pkg.kind}`;
    item.command = { command: INSPECT_COMMAND, title: vscode.l10n.t('Inspect Plugin'), arguments: [vscode.Uri.file(pkg.path)] };
    if (!report) {
      const failed = pkg.state?.error !== undefined;
      item.description = `${failed ? vscode.l10n.t('Inspection failed') : vscode.l10n.t('Inspecting…')} · ${pkg.display}`;
      item.iconPath = new vscode.ThemeIcon(failed ? 'error' : 'loading~spin');
      item.tooltip = failed ? pkg.state?.error : pkg.path;
      return item;
    }
    const status = packageStatus(report);
    const label = statusLabel(status);
    item.description = `${label} · ${pkg.display}`;
    item.iconPath = statusIcon(status);
    item.contextValue += `.${status.yoi}${status.runtimeWouldReject ? '.runtimeReject' : ''}`;
    item.tooltip = this.packageTooltip(pkg, label);
    item.accessibilityInformation = { label: `${name}, ${label}, ${pkg.display}` };
    return item;
  }

  private packageTooltip(pkg: PluginPackage, label: string): vscode.MarkdownString {
    const report = pkg.state!.report!;
    const m = report.package?.manifest;
    // Manifest text is untrusted: appendText escapes it; nothing here is a command link.
    const md = new vscode.MarkdownString();
    md.appendMarkdown('**').appendText(m?.name || basename(pkg.path)).appendMarkdown('**');
    if (m) md.appendMarkdown(' — ').appendText(`${m.id} ${m.version}`);
    md.appendMarkdown('\n\n').appendText(label);
    const { errors, warnings } = report.verdict;
    md.appendMarkdown('\n\n').appendText(vscode.l10n.t('{0} errors, {1} warnings', errors, warnings));
    if (report.verdict.runtimeWouldReject.length) {
      md.appendMarkdown('\n\n').appendText(vscode.l10n.t('The runtime would reject:'));
      for (const f of report.findings.filter((x) => x.origin === 'runtime' && x.severity === 'error')) md.appendMarkdown('\n- ').appendText(findingMessage(f));
    }
    md.appendMarkdown('\n\n').appendText(pkg.path);
    if (report.digest) md.appendMarkdown('\n\n').appendText(report.digest);
    return md;
  }

  private findingItem(pkg: PluginPackage, index: number): vscode.TreeItem {
    const f: Finding | undefined = pkg.state?.report?.findings[index];
    if (!f) return new vscode.TreeItem('');
    const message = findingMessage(f);
    const item = new vscode.TreeItem(message, vscode.TreeItemCollapsibleState.None);
    item.id = `plugin:${pkg.path}#finding:${index}:${f.id}`;
    const where = f.location?.start ? `${f.location.file}:${f.location.start.line}` : f.location?.file;
    item.description = [originLabel(f.origin), where].filter(Boolean).join(' · ');
    item.iconPath = severityIcon(f.severity);
    const md = new vscode.MarkdownString();
    md.appendText(message).appendMarkdown('\n\n').appendText(`${originLabel(f.origin)} · ${f.id} · ${f.kind}/${f.phase}`);
    if (f.reportedByYoi) md.appendMarkdown('\n\n').appendText(vscode.l10n.t('yoi plugin check prints this diagnostic.'));
    if (message !== f.message) md.appendMarkdown('\n\n').appendText(f.message);
    item.tooltip = md;
    item.contextValue = `yoi.plugin.finding.${f.severity}`;
    item.command = { command: REVEAL_FINDING_COMMAND, title: vscode.l10n.t('Show Finding'), arguments: [pkg.path, index] };
    return item;
  }

  private detailItem(pkg: PluginPackage, detail: PluginDetailKind): vscode.TreeItem {
    const report = pkg.state?.report;
    const facts: PackageFacts = packageFacts(report?.package?.manifest);
    const list = (label: string, icon: string, values: string[]) => {
      const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = String(values.length);
      item.iconPath = new vscode.ThemeIcon(icon);
      item.tooltip = values.join('\n');
      return item;
    };
    let item: vscode.TreeItem;
    switch (detail) {
      case 'runtime':
        item = new vscode.TreeItem(vscode.l10n.t('Runtime'));
        item.description = facts.runtimeKind;
        item.iconPath = new vscode.ThemeIcon('server-process');
        break;
      case 'world':
        item = new vscode.TreeItem(vscode.l10n.t('World'));
        item.description = facts.world;
        item.iconPath = new vscode.ThemeIcon('symbol-interface');
        break;
      case 'component': {
        const a = report!.artifact!;
        item = new vscode.TreeItem(vscode.l10n.t('Component'));
        item.description = `${a.path} · ${bytesLabel(a.size)} · ${artifactKindLabel(a.kind)}`;
        item.iconPath = new vscode.ThemeIcon('file-binary');
        item.tooltip = a.sha256 ? `sha256:${a.sha256}` : undefined;
        item.command = { command: INSPECT_COMMAND, title: vscode.l10n.t('Inspect Plugin'), arguments: [vscode.Uri.file(pkg.path)] };
        break;
      }
      case 'surfaces':
        item = new vscode.TreeItem(vscode.l10n.t('Surfaces'));
        item.description = facts.surfaces.join(', ');
        item.iconPath = new vscode.ThemeIcon('layers');
        break;
      case 'tools': item = list(vscode.l10n.t('Tools'), 'tools', facts.tools.map((t) => t.name)); break;
      case 'services': item = list(vscode.l10n.t('Services'), 'server', facts.services.map((s) => s.name)); break;
      case 'ingresses': item = list(vscode.l10n.t('Ingresses'), 'plug', facts.ingresses.map((g) => g.name)); break;
      case 'permissions': item = list(vscode.l10n.t('Permissions'), 'shield', facts.permissions); break;
    }
    item.id = `plugin:${pkg.path}#${detail}`;
    item.contextValue = `yoi.plugin.detail.${detail}`;
    return item;
  }

  private entryItem(pkg: PluginPackage, list: ListKind, index: number): vscode.TreeItem {
    const facts = packageFacts(pkg.state?.report?.package?.manifest);
    let item: vscode.TreeItem;
    if (list === 'permissions') {
      item = new vscode.TreeItem(facts.permissions[index] ?? '');
    } else {
      const e = facts[list][index];
      item = new vscode.TreeItem(e?.name ?? '');
      item.description = e?.description;
      item.tooltip = e?.description;
      if (list === 'tools' && facts.tools[index]?.externalWrite) item.description = vscode.l10n.t('{0} (external write)', e?.description ?? '');
    }
    item.id = `plugin:${pkg.path}#${list}:${index}`;
    return item;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

export function artifactKindLabel(kind: string): string {
  switch (kind) {
    case 'component': return vscode.l10n.t('component');
    case 'core-module': return vscode.l10n.t('core module');
    case 'not-wasm': return vscode.l10n.t('not WebAssembly');
    case 'unknown-wasm': return vscode.l10n.t('unknown WebAssembly version');
    default: return vscode.l10n.t('not inspected');
  }
}
