// The Worktrees view: the git worktrees of the repositories behind the open ticket stores (each
// repository once, keyed by its git common dir), with the ticket each implementation worktree
// belongs to and whether it has uncommitted changes; open it, add it to the workspace, open its
// ticket, or remove it (a dirty one only after confirming that its changes are discarded).
// Listing runs git, so nothing is listed in an untrusted workspace.
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { isWorkflowError, listWorktrees, removeWorktree, RepositoryWorktrees, WorktreeInfo } from '../../core/workflow';
import type { WorkspaceLocation } from '../../core/workspace/discover';
import type { WorkspaceStores } from '../tickets/workspaceStores';
import { stateLabel } from '../tickets/presentation';
import { actionLabel, describeError } from './messages';
import { CommandOutcome, WorkflowCommands } from './ticketActions';
import type { WorkflowCommandOptions } from './targets';

export type WorktreeTreeNode =
  | { kind: 'repo'; repo: RepositoryWorktrees; loc: WorkspaceLocation }
  | { kind: 'worktree'; wt: WorktreeInfo; loc: WorkspaceLocation };

interface Listing {
  repos: Array<{ repo: RepositoryWorktrees; loc: WorkspaceLocation }>;
  error?: string;
}

export class WorktreesView implements vscode.TreeDataProvider<WorktreeTreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<WorktreeTreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private listing: Promise<Listing> | undefined;
  view: vscode.TreeView<WorktreeTreeNode> | undefined;

  constructor(private readonly stores: WorkspaceStores, private readonly ctrl: WorkflowCommands) {
    this.disposables.push(
      stores.onDidChangeFolders(() => this.refresh()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
      // Worktrees change outside VS Code (the Orchestrator, a terminal): re-list when the window regains focus.
      vscode.window.onDidChangeWindowState((s) => { if (s.focused && this.view?.visible) this.refresh(); }),
    );
  }

  refresh(): void {
    this.listing = undefined;
    this.emitter.fire(undefined);
  }

  /** The worktrees as listed now (tests; also what the view shows). */
  list(): Promise<Listing> {
    if (!this.listing) this.listing = this.load();
    return this.listing;
  }

  private async load(): Promise<Listing> {
    await this.stores.ready();
    const locs = this.stores.all().map((f) => f.location);
    try {
      const repos = await listWorktrees(this.ctrl.env.git, locs);
      // Pair each repository with the first workspace folder that belongs to it (for remove).
      const out: Listing['repos'] = [];
      for (const repo of repos) {
        const main = repo.worktrees.find((w) => w.role === 'main');
        const loc = locs.find((l) => repo.worktrees.some((w) => w.path === l.workspaceRoot)) ?? locs.find((l) => main && l.workspaceRoot.startsWith(main.path)) ?? locs[0];
        out.push({ repo, loc });
      }
      return { repos: out };
    } catch (e) {
      return { repos: [], error: isWorkflowError(e) ? describeError(e) : (e as Error).message };
    }
  }

  async getChildren(node?: WorktreeTreeNode): Promise<WorktreeTreeNode[]> {
    if (!vscode.workspace.isTrusted) {
      this.setMessage(vscode.l10n.t('Worktrees are listed with git, which yoi does not run in an untrusted workspace.'));
      return [];
    }
    if (node?.kind === 'repo') return node.repo.worktrees.map((wt) => ({ kind: 'worktree', wt, loc: node.loc }));
    if (node) return [];
    const l = await this.list();
    if (l.error) this.setMessage(vscode.l10n.t('The worktrees could not be listed: {0}', l.error));
    else if (!l.repos.length) this.setMessage(this.stores.hasStore ? vscode.l10n.t('The ticket stores of this workspace are not in a git repository.') : undefined);
    else this.setMessage(undefined);
    if (l.repos.length === 1) return l.repos[0].repo.worktrees.map((wt) => ({ kind: 'worktree', wt, loc: l.repos[0].loc }));
    return l.repos.map(({ repo, loc }) => ({ kind: 'repo', repo, loc }));
  }

  private setMessage(m: string | undefined): void {
    if (this.view) this.view.message = m;
  }

  getTreeItem(node: WorktreeTreeNode): vscode.TreeItem {
    if (node.kind === 'repo') {
      const item = new vscode.TreeItem(basename(node.repo.worktrees[0]?.path ?? node.repo.commonDir), vscode.TreeItemCollapsibleState.Expanded);
      item.description = vscode.l10n.t('{0} worktrees', node.repo.worktrees.length);
      item.tooltip = node.repo.commonDir;
      item.iconPath = new vscode.ThemeIcon('repo');
      item.contextValue = 'yoi.worktreeRepo';
      return item;
    }
    const w = node.wt;
    const item = new vscode.TreeItem(basename(w.path), vscode.TreeItemCollapsibleState.None);
    item.id = `worktree:${w.path}`;
    const ticket = w.ticketId ? this.ticketLabel(w.ticketId) : undefined;
    const status = w.dirty === undefined ? vscode.l10n.t('missing') : w.dirty ? vscode.l10n.t('modified') : vscode.l10n.t('clean');
    item.description = [w.branch ?? (w.detached ? vscode.l10n.t('detached') : ''), ticket?.short, status].filter(Boolean).join(' · ');
    const role = { main: vscode.l10n.t('main worktree'), orchestration: vscode.l10n.t('orchestration worktree'), implementation: vscode.l10n.t('implementation worktree'), other: vscode.l10n.t('worktree') }[w.role];
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = false;
    md.appendText(`${role}\n${w.path}\n`);
    if (w.branch) md.appendText(vscode.l10n.t('Branch: {0}', w.branch) + '\n');
    if (w.head) md.appendText(`HEAD ${w.head.slice(0, 12)}\n`);
    if (ticket) md.appendText(ticket.long + '\n');
    md.appendText(status);
    item.tooltip = md;
    const icon = { main: 'home', orchestration: 'server-process', implementation: 'git-branch', other: 'folder' }[w.role];
    item.iconPath = new vscode.ThemeIcon(icon, w.dirty ? new vscode.ThemeColor('gitDecoration.modifiedResourceForeground') : undefined);
    item.contextValue = `yoi.worktree.${w.role}.${w.dirty === undefined ? 'missing' : w.dirty ? 'dirty' : 'clean'}${w.ticketId ? '.ticket' : ''}`;
    item.resourceUri = vscode.Uri.file(w.path);
    return item;
  }

  private ticketLabel(id: string): { short: string; long: string } {
    for (const f of this.stores.all()) {
      const s = f.overlay.summary(id);
      if (!s) continue;
      const state = s.overlay?.state ?? s.state;
      return { short: `${id}${state ? ` (${stateLabel(state)})` : ''}`, long: `${id} · ${s.title}${state ? ` · ${stateLabel(state)}` : ''}` };
    }
    return { short: id, long: id };
  }

  // ---- commands ---------------------------------------------------------------------------------

  private async nodeFrom(arg: unknown): Promise<{ wt: WorktreeInfo; loc: WorkspaceLocation } | undefined> {
    if (arg && typeof arg === 'object' && (arg as WorktreeTreeNode).kind === 'worktree') return arg as { wt: WorktreeInfo; loc: WorkspaceLocation };
    const path = typeof arg === 'string' ? arg : (arg as WorkflowCommandOptions | undefined)?.path;
    const l = await this.list();
    const all = l.repos.flatMap(({ repo, loc }) => repo.worktrees.map((wt) => ({ wt, loc })));
    if (path) return all.find((x) => x.wt.path === path);
    const picked = await vscode.window.showQuickPick(all.filter((x) => x.wt.role === 'implementation' || x.wt.role === 'other').map((x) => ({ label: basename(x.wt.path), description: x.wt.branch, detail: x.wt.path, x })), { placeHolder: vscode.l10n.t('Worktree') });
    return picked?.x;
  }

  async open(arg: unknown, newWindow = true): Promise<void> {
    const n = await this.nodeFrom(arg);
    if (!n) return;
    const uri = vscode.Uri.file(n.wt.path);
    if (newWindow) await vscode.commands.executeCommand('vscode.openFolder', uri, { forceNewWindow: true });
    else vscode.workspace.updateWorkspaceFolders(vscode.workspace.workspaceFolders?.length ?? 0, 0, { uri });
  }

  async openTicket(arg: unknown): Promise<void> {
    const n = await this.nodeFrom(arg);
    if (n?.wt.ticketId) await this.ctrl.env.openTicket(n.wt.ticketId, n.loc.workspaceRoot);
  }

  async remove(arg: unknown): Promise<CommandOutcome> {
    const opts: WorkflowCommandOptions = arg && typeof arg === 'object' && !('kind' in arg) ? (arg as WorkflowCommandOptions) : {};
    if (!vscode.workspace.isTrusted) return this.ctrl.untrusted('removeWorktree', opts);
    const picked = await this.nodeFrom(arg);
    // Re-list first: whether it is dirty must be known now, not when the view was drawn.
    this.listing = undefined;
    const n = picked && ((await this.list()).repos.flatMap(({ repo, loc }) => repo.worktrees.map((wt) => ({ wt, loc }))).find((x) => x.wt.path === picked.wt.path) ?? picked);
    if (!n) return opts.path ? this.ctrl.refuse('removeWorktree', undefined, 'git.worktree-not-found', vscode.l10n.t('{0} is not a worktree of this repository', opts.path), opts) : { ok: false, cancelled: true };
    const { wt, loc } = n;
    if (wt.role === 'main' || wt.role === 'orchestration') {
      return this.ctrl.refuse('removeWorktree', undefined, 'git.worktree-protected', vscode.l10n.t('the {0} worktree is never removed', wt.role), opts);
    }
    const name = basename(wt.path);
    const branchNote = wt.branch ? vscode.l10n.t('Branch {0} is kept.', wt.branch) : '';
    const ok = wt.dirty
      ? await this.ctrl.env.prompts.confirm(vscode.l10n.t('Worktree {0} has uncommitted changes. Remove it and discard them?', name), `${wt.path}\n\n${vscode.l10n.t('The uncommitted changes are lost.')} ${branchNote}`, vscode.l10n.t('Discard Changes and Remove'), opts.confirmed)
      : await this.ctrl.env.prompts.confirm(vscode.l10n.t('Remove worktree {0}?', name), `${wt.path}\n\n${branchNote}`, actionLabel('removeWorktree'), opts.confirmed);
    if (!ok) return { ok: false, cancelled: true };
    try {
      await removeWorktree(this.ctrl.env.git, loc, wt.path, { force: wt.dirty === true });
    } catch (e) {
      if (!isWorkflowError(e)) throw e;
      return this.ctrl.refuse('removeWorktree', undefined, e.reason, describeError(e), opts);
    } finally {
      this.refresh();
    }
    const message = vscode.l10n.t('Removed worktree {0}. {1}', name, branchNote).trim();
    if (!opts.quiet) void vscode.window.showInformationMessage(message);
    return { ok: true, message, details: { path: wt.path } };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
