// The Tickets view: stores (multi-root) → state groups in workflow order with counts → tickets
// sorted by updated_at. Refreshes only the groups a file change touched.
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { TICKET_STATES, TicketState } from '../../core/states';
import { OverlaidSummary } from '../../core/store/overlay';
import { groupByState, isEmptyFilter, matchesFilter, TicketFilter } from '../../core/query/ticketQuery';
import { FolderStores, StoreChange, WorkspaceStores } from './workspaceStores';
import { stateLabel, stateIcon, ticketDescription, ticketTooltip, problemSummary } from './presentation';

export type TicketTreeNode = StoreNode | GroupNode | TicketNode;

export interface StoreNode { kind: 'store'; folder: FolderStores }
export interface GroupNode { kind: 'group'; folder: FolderStores; state: TicketState | undefined }
export interface TicketNode { kind: 'ticket'; folder: FolderStores; id: string; summary: OverlaidSummary }

export class TicketTreeProvider implements vscode.TreeDataProvider<TicketTreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TicketTreeNode | TicketTreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private filter: TicketFilter | undefined;
  /** Stable node objects, so refreshes can name exactly the nodes that changed. */
  private readonly storeNodes = new Map<string, StoreNode>();
  private readonly groupNodes = new Map<string, GroupNode>();
  /** Lower-cased bodies read for the current text filter (dropped when the filter changes). */
  private bodyCache = new Map<string, string>();
  /** Counts of refreshes by kind; read by tests and the benchmark. */
  readonly stats = { fullRefreshes: 0, groupRefreshes: 0 };

  constructor(private readonly stores: WorkspaceStores) {
    this.disposables.push(
      this.emitter,
      stores.onDidChangeFolders(() => this.refreshAll()),
      stores.onDidChange((c) => this.onStoreChange(c)),
    );
  }

  get activeFilter(): TicketFilter | undefined {
    return this.filter;
  }

  setFilter(filter: TicketFilter | undefined): void {
    this.filter = isEmptyFilter(filter) ? undefined : filter;
    this.bodyCache = new Map();
    void vscode.commands.executeCommand('setContext', 'yoi.tickets.filtered', !!this.filter);
    this.refreshAll();
  }

  refreshAll(): void {
    this.stats.fullRefreshes++;
    this.emitter.fire(undefined);
  }

  private onStoreChange(c: StoreChange): void {
    const states = new Set<TicketState | undefined>(c.main.states);
    const ids = [...c.main.added, ...c.main.changed, ...c.main.removed, ...c.main.blockersChanged, ...(c.orchestration ? [...c.orchestration.added, ...c.orchestration.changed, ...c.orchestration.removed] : [])];
    for (const id of ids) states.add(c.folder.main.stateOf(id) ?? undefined);
    // Unreadable tickets live in the "problems" group.
    if (c.main.added.length || c.main.removed.length || c.main.changed.length) states.add(undefined);
    if (ids.length === 0 && states.size <= 1 && c.main.touched.length === 0) return;
    for (const id of c.main.added.concat(c.main.changed, c.main.removed)) this.bodyCache.delete(`${c.folder.key}/${id}`);
    const nodes = [...states].map((s) => this.groupNode(c.folder, s));
    this.stats.groupRefreshes++;
    this.emitter.fire(nodes);
  }

  private storeNode(folder: FolderStores): StoreNode {
    let n = this.storeNodes.get(folder.key);
    if (!n || n.folder !== folder) { n = { kind: 'store', folder }; this.storeNodes.set(folder.key, n); }
    return n;
  }

  private groupNode(folder: FolderStores, state: TicketState | undefined): GroupNode {
    const key = `${folder.key}#${state ?? 'unreadable'}`;
    let n = this.groupNodes.get(key);
    if (!n || n.folder !== folder) { n = { kind: 'group', folder, state }; this.groupNodes.set(key, n); }
    return n;
  }

  private body(folder: FolderStores, s: OverlaidSummary): string {
    const key = `${folder.key}/${s.id}`;
    let b = this.bodyCache.get(key);
    if (b === undefined) {
      try { b = readFileSync(s.paths.item, 'utf8'); } catch { b = ''; }
      this.bodyCache.set(key, b);
    }
    return b;
  }

  /** Tickets of one group, filtered and sorted. */
  ticketsIn(folder: FolderStores, state: TicketState | undefined): OverlaidSummary[] {
    const all = state === undefined
      ? folder.overlay.summaries().filter((s) => s.state === undefined)
      : folder.overlay.summaries({ states: [state] });
    const list = this.filter ? all.filter((s) => matchesFilter(s, this.filter, () => this.body(folder, s))) : all;
    return groupByState(list).get(state) ?? [];
  }

  getChildren(node?: TicketTreeNode): TicketTreeNode[] {
    if (!node) {
      const folders = this.stores.all();
      if (folders.length === 1) return this.groupsOf(folders[0]);
      return folders.map((f) => this.storeNode(f));
    }
    if (node.kind === 'store') return this.groupsOf(node.folder);
    if (node.kind === 'group') {
      return this.ticketsIn(node.folder, node.state).map((summary) => ({ kind: 'ticket', folder: node.folder, id: summary.id, summary }));
    }
    return [];
  }

  private groupsOf(folder: FolderStores): GroupNode[] {
    if (!folder.loaded) return [];
    const counts = folder.main.countByState();
    const groups: GroupNode[] = [];
    for (const s of TICKET_STATES) {
      if (this.filter && this.ticketsIn(folder, s).length === 0) continue;
      if (this.filter?.states?.length && !this.filter.states.includes(s)) continue;
      groups.push(this.groupNode(folder, s));
    }
    if ((counts.unknown ?? 0) > 0 && (!this.filter || this.ticketsIn(folder, undefined).length > 0)) groups.push(this.groupNode(folder, undefined));
    return groups;
  }

  getParent(node: TicketTreeNode): TicketTreeNode | undefined {
    if (node.kind === 'ticket') return this.groupNode(node.folder, node.summary.state);
    if (node.kind === 'group') return this.stores.all().length > 1 ? this.storeNode(node.folder) : undefined;
    return undefined;
  }

  getTreeItem(node: TicketTreeNode): vscode.TreeItem {
    if (node.kind === 'store') {
      const item = new vscode.TreeItem(node.folder.folder.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `store:${node.folder.key}`;
      item.iconPath = new vscode.ThemeIcon('root-folder');
      item.description = node.folder.loaded ? vscode.l10n.t('{0} tickets', node.folder.main.size) : vscode.l10n.t('Loading…');
      item.tooltip = node.folder.main.root;
      item.contextValue = 'yoi.store';
      return item;
    }
    if (node.kind === 'group') {
      const total = node.state === undefined ? node.folder.main.countByState().unknown ?? 0 : node.folder.main.countByState()[node.state] ?? 0;
      const shown = this.filter ? this.ticketsIn(node.folder, node.state).length : total;
      const label = node.state ? stateLabel(node.state) : vscode.l10n.t('Unreadable');
      const collapsed = node.state === 'closed' || total === 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded;
      const item = new vscode.TreeItem(label, collapsed);
      item.id = `group:${node.folder.key}#${node.state ?? 'unreadable'}`;
      item.description = this.filter ? vscode.l10n.t('{0} of {1}', shown, total) : String(total);
      item.iconPath = node.state ? stateIcon(node.state) : new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
      item.contextValue = `yoi.group.${node.state ?? 'unreadable'}`;
      item.accessibilityInformation = { label: vscode.l10n.t('{0}: {1} tickets', label, shown) };
      return item;
    }
    const s = node.summary;
    const item = new vscode.TreeItem(s.title || s.id, vscode.TreeItemCollapsibleState.None);
    item.id = `ticket:${node.folder.key}/${s.id}`;
    item.description = ticketDescription(s);
    item.tooltip = ticketTooltip(s);
    const errors = s.problems.filter((p) => p.severity === 'error');
    if (errors.length) item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    else if (s.activeBlockers.length) item.iconPath = new vscode.ThemeIcon('lock', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    else item.iconPath = s.state ? stateIcon(s.state) : new vscode.ThemeIcon('question');
    item.resourceUri = vscode.Uri.file(s.paths.item);
    item.command = { command: 'yoi.openTicket', title: vscode.l10n.t('Open Ticket'), arguments: [s.id, node.folder.folder.uri.fsPath] };
    const flags = [s.state ?? 'unreadable', s.activeBlockers.length ? 'blocked' : '', errors.length ? 'problem' : ''].filter(Boolean).join('.');
    item.contextValue = `yoi.ticket.${flags}`;
    item.accessibilityInformation = { label: `${s.title}, ${s.id}, ${s.state ? stateLabel(s.state) : ''}${errors.length ? `, ${problemSummary(s)}` : ''}` };
    return item;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
