// Workflow capability: ticket write commands, the coder-worktree spawn, the Worktrees view and the
// ticket view's action buttons. One call from extension.ts.
import * as vscode from 'vscode';
import { join } from 'node:path';
import { nodeGit } from '../../core/workflow';
import type { TicketViewAction } from '../../shared/protocol';
import type { TicketViewManager } from '../ticketView/ticketViewManager';
import type { WorkspaceStores } from '../tickets/workspaceStores';
import { Prompts } from './prompts';
import { spawnCoderWorktree } from './spawn';
import { CommandOutcome, WorkflowCommands } from './ticketActions';
import { WorktreesView, WorktreeTreeNode } from './worktreesView';

export type { CommandOutcome } from './ticketActions';
export type { WorkflowCommandOptions } from './targets';

export interface WorkflowFeatures {
  commands: WorkflowCommands;
  worktrees: WorktreesView;
  worktreesView: vscode.TreeView<WorktreeTreeNode>;
}

export interface WorkflowDeps {
  stores: WorkspaceStores;
  ticketView?: TicketViewManager;
  openTicket(id: string, folderPath: string): Promise<void>;
}

/** Command ids (CodeLenses and the ticket view call the first three with `(id, folderPath)`). */
export const WORKFLOW_COMMAND_IDS = {
  queue: 'yoi.queueTicket',
  accept: 'yoi.acceptTicket',
  spawn: 'yoi.spawnCoderWorktree',
  create: 'yoi.createTicket',
  markReady: 'yoi.markReady',
  returnToPlanning: 'yoi.returnToPlanning',
  markDone: 'yoi.markDone',
  close: 'yoi.closeTicket',
  edit: 'yoi.editTicket',
  comment: 'yoi.addComment',
  threadEntry: 'yoi.addThreadEntry',
  review: 'yoi.addReview',
  relation: 'yoi.addRelation',
  planNote: 'yoi.addPlanNote',
} as const;

export function registerWorkflow(context: vscode.ExtensionContext, deps: WorkflowDeps): WorkflowFeatures {
  const storageDir = (context.storageUri ?? context.globalStorageUri).fsPath;
  const log = vscode.window.createOutputChannel('yoi Workflow', { log: true });
  let worktrees: WorktreesView | undefined;
  const commands = new WorkflowCommands({
    stores: deps.stores,
    prompts: new Prompts(join(storageDir, 'compose')),
    git: nodeGit(),
    storageDir,
    openTicket: deps.openTicket,
    log,
    worktreesChanged: () => worktrees?.refresh(),
  });
  worktrees = new WorktreesView(deps.stores, commands);
  const worktreesView = vscode.window.createTreeView('yoi.worktrees', { treeDataProvider: worktrees, showCollapseAll: false });
  worktrees.view = worktreesView;

  const c = commands;
  const ids = WORKFLOW_COMMAND_IDS;
  const reg = (id: string, fn: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, fn);
  context.subscriptions.push(
    log, worktrees, worktreesView,
    reg(ids.create, (...a) => c.createTicket(...a)),
    reg(ids.markReady, (...a) => c.markReady(...a)),
    reg(ids.queue, (...a) => c.queue(...a)),
    reg(ids.returnToPlanning, (...a) => c.returnToPlanning(...a)),
    reg(ids.accept, (...a) => c.accept(...a)),
    reg(ids.markDone, (...a) => c.markDone(...a)),
    reg(ids.close, (...a) => c.closeTicket(...a)),
    reg(ids.edit, (...a) => c.editTicket(...a)),
    reg(ids.comment, (...a) => c.addComment(...a)),
    reg(ids.threadEntry, (...a) => c.addThreadEntry(...a)),
    reg(ids.review, (...a) => c.addReview(...a)),
    reg(ids.relation, (...a) => c.addRelation(...a)),
    reg(ids.planNote, (...a) => c.addPlanNote(...a)),
    reg(ids.spawn, (...a) => spawnCoderWorktree(c, a)),
    reg('yoi.worktrees.refresh', () => worktrees!.refresh()),
    reg('yoi.worktrees.open', (n) => worktrees!.open(n, true)),
    reg('yoi.worktrees.addToWorkspace', (n) => worktrees!.open(n, false)),
    reg('yoi.worktrees.openTicket', (n) => worktrees!.openTicket(n)),
    reg('yoi.worktrees.remove', (n) => worktrees!.remove(n)),
  );

  // The ticket view's buttons run the same commands; the page shows the outcome itself.
  deps.ticketView?.setActionHandler(async (action: TicketViewAction, t) => {
    const run: Record<TicketViewAction, string> = {
      markReady: ids.markReady, queue: ids.queue, accept: ids.accept, spawn: ids.spawn, markDone: ids.markDone,
      returnToPlanning: ids.returnToPlanning, close: ids.close, comment: ids.comment,
    };
    const outcome = await vscode.commands.executeCommand<CommandOutcome | undefined>(run[action], t.id, t.folderPath, { quiet: true });
    if (!outcome || outcome.cancelled) return undefined;
    if (!outcome.ok && outcome.refused === 'untrusted' && outcome.message) void vscode.window.showWarningMessage(outcome.message);
    return outcome.message;
  });

  return { commands, worktrees, worktreesView };
}
