// Localized wording of the workflow: action names, store copies, and every refusal of the write
// core (WorkflowError code/reason/params, GuardReason) turned into a sentence for people. The
// core's English message is the fallback for reasons this table does not know.
import * as vscode from 'vscode';
import { TicketState } from '../../core/states';
import { GuardReason, StoreCopy, WorkflowError } from '../../core/workflow';
import { stateLabel } from '../tickets/presentation';
import { BlockerLike } from '../../core/workflow/stateMachine';

export type CommandAction =
  | 'create' | 'markReady' | 'queue' | 'returnToPlanning' | 'accept' | 'markDone' | 'close' | 'editItem'
  | 'comment' | 'plan' | 'decision' | 'implementationReport' | 'review' | 'addRelation' | 'recordPlan' | 'spawn'
  | 'removeWorktree';

export function actionLabel(a: CommandAction): string {
  switch (a) {
    case 'create': return vscode.l10n.t('Create Ticket');
    case 'markReady': return vscode.l10n.t('Mark Ready');
    case 'queue': return vscode.l10n.t('Queue');
    case 'returnToPlanning': return vscode.l10n.t('Return to Planning');
    case 'accept': return vscode.l10n.t('Accept');
    case 'markDone': return vscode.l10n.t('Mark Done');
    case 'close': return vscode.l10n.t('Close Ticket');
    case 'editItem': return vscode.l10n.t('Edit Ticket');
    case 'comment': return vscode.l10n.t('Add Comment');
    case 'plan': return vscode.l10n.t('Add Plan');
    case 'decision': return vscode.l10n.t('Add Decision');
    case 'implementationReport': return vscode.l10n.t('Add Implementation Report');
    case 'review': return vscode.l10n.t('Add Review');
    case 'addRelation': return vscode.l10n.t('Add Relation');
    case 'recordPlan': return vscode.l10n.t('Record Orchestration Plan Note');
    case 'spawn': return vscode.l10n.t('Spawn Coder Worktree');
    case 'removeWorktree': return vscode.l10n.t('Remove Worktree');
  }
}

export function copyLabel(copy: StoreCopy): string {
  return copy === 'orchestration' ? vscode.l10n.t('the orchestration copy') : vscode.l10n.t('the workspace copy');
}

const stateText = (s: string | undefined | null): string => {
  switch (s) {
    case 'planning': case 'ready': case 'queued': case 'inprogress': case 'done': case 'closed': return stateLabel(s as TicketState);
    default: return s ? s : vscode.l10n.t('unknown');
  }
};

/** "00001M5C9FFKB via depends_on (Planning), …" for a list of blockers. */
export function describeBlockers(list: readonly BlockerLike[], max = 3): string {
  const shown = list.slice(0, max).map((b) => vscode.l10n.t('{0} via {1} ({2})', b.id, b.via, stateText(b.state ?? 'planning'))).join(', ');
  return list.length > max ? vscode.l10n.t('{0} and {1} more', shown, list.length - max) : shown;
}

const unresolved = (b: BlockerLike) => { const s = b.state ?? 'planning'; return s !== 'done' && s !== 'closed'; };

/** A guard reason from `allowedActions`/`checkStateAction`, with the blockers it refers to. */
export function describeGuard(r: GuardReason, blockers: readonly BlockerLike[] = []): string {
  const p = r.params;
  switch (r.code) {
    case 'guard.unknown-state': return vscode.l10n.t('the ticket state cannot be read (item.md is malformed)');
    case 'guard.already-closed': return vscode.l10n.t('the ticket is already closed');
    case 'guard.not-ready': return vscode.l10n.t('mark it ready before queueing');
    case 'guard.wrong-state': {
      const from = String(p.from ?? '').split('|').map(stateText).join(vscode.l10n.t(' or '));
      return vscode.l10n.t('this needs the state {0}; the ticket is {1}', from, stateText(String(p.state)));
    }
    case 'guard.active-blockers': {
      const active = blockers.filter((b) => unresolved(b) && b.state !== 'queued' && b.state !== 'inprogress');
      return vscode.l10n.t('waiting for {0}', active.length ? describeBlockers(active) : String(p.first));
    }
    case 'guard.unresolved-blockers': {
      const open = blockers.filter(unresolved);
      return vscode.l10n.t('blocked by {0}; blockers must be done or closed first', open.length ? describeBlockers(open) : String(p.first));
    }
    case 'guard.orchestration-ahead': return vscode.l10n.t('the orchestration copy already shows {0}; merge the orchestration branch into the workspace first', stateText(String(p.state)));
    case 'guard.spawn-state': return vscode.l10n.t('a coder worktree is spawned only for an accepted ticket (In progress); the ticket is {0}', stateText(String(p.state)));
    case 'guard.use-close': return vscode.l10n.t('use Close Ticket to close a ticket (it writes resolution.md)');
    case 'hint.queue': return vscode.l10n.t('ready → queued may notify the Orchestrator');
    case 'hint.queue-ordered': return vscode.l10n.t('blockers are already queued or in progress; the Orchestrator will preserve order');
    default: return r.message;
  }
}

const QUEUE_CHECKS: Record<string, () => string> = {
  'root-toplevel': () => vscode.l10n.t('the workspace folder is not the top level of a git repository'),
  'root-branch': () => vscode.l10n.t('the workspace is not on a branch (detached HEAD)'),
  'git-user': () => vscode.l10n.t('git user.name / user.email are not configured'),
  'orchestration-exists': () => vscode.l10n.t('the orchestration worktree does not exist'),
  'orchestration-clean': () => vscode.l10n.t('the orchestration worktree has uncommitted changes'),
  'orchestration-branch': () => vscode.l10n.t('the orchestration worktree is not on its configured branch'),
  'orchestration-common-dir': () => vscode.l10n.t('the orchestration worktree belongs to another repository'),
  'ticket-ready': () => vscode.l10n.t('the ticket is not ready'),
  'ticket-tracked': () => vscode.l10n.t('the ticket files are not tracked by git (.yoi/.gitignore ignores new tickets; stage them with git add -f first)'),
  'ticket-record-clean': () => vscode.l10n.t('the ticket folder has uncommitted changes in the workspace'),
};

/** A WorkflowError as a sentence (without the action prefix). */
export function describeError(e: WorkflowError, blockers: readonly BlockerLike[] = []): string {
  const p = e.params;
  if (e.code === 'lock-busy') return vscode.l10n.t('the ticket store is being written by another process');
  if (e.code === 'guard' && e.reason.startsWith('guard.')) return describeGuard({ code: e.reason, message: e.message, params: p }, blockers);
  if (e.reason.startsWith('git.') && QUEUE_CHECKS[e.reason.slice(4)]) return vscode.l10n.t('queue like the yoi panel: {0}', QUEUE_CHECKS[e.reason.slice(4)]());
  switch (e.reason) {
    case 'conflict.state': return vscode.l10n.t('ticket {0} is {1} on disk, not {2} as you saw it; the view was refreshed, try again', String(p.id), stateText(String(p.actual)), stateText(String(p.expected)));
    case 'conflict.item-changed': return vscode.l10n.t('item.md of {0} changed on disk since you looked at it; the view was refreshed, try again', String(p.id));
    case 'copies.diverged': return vscode.l10n.t('{0} has ticket {1} in state {2} after state changes {3} has not seen (here: {4}); sync the copies first (merge the orchestration branch into the workspace)', copyLabel(p.otherCopy as StoreCopy), String(p.id), stateText(String(p.otherState)), copyLabel(p.copy as StoreCopy), stateText(String(p.state)));
    case 'copies.no-orchestration': return vscode.l10n.t('there is no orchestration copy of the ticket store');
    case 'ticket.not-found': return vscode.l10n.t('ticket {0} does not exist in this store', String(p.id));
    case 'store.not-found': return vscode.l10n.t('the ticket store {0} does not exist', String(p.root));
    case 'item.unreadable': return vscode.l10n.t('item.md of {0} cannot be read, so it is not modified', String(p.id));
    case 'input.empty': return vscode.l10n.t('{0} must not be empty', String(p.field));
    case 'input.multiline': return vscode.l10n.t('{0} must be a single line', String(p.field));
    case 'input.too-long': return vscode.l10n.t('{0} is too long', String(p.field));
    case 'input.reason-required': return vscode.l10n.t('returning to planning needs a concrete reason');
    case 'input.invalid-id': return vscode.l10n.t('{0} is not a valid ticket ID', String(p.id));
    case 'input.author': return vscode.l10n.t('the author (setting yoi.workflow.author) must be a non-empty single line');
    case 'input.slug': return vscode.l10n.t('the worktree name {0} must be short kebab-case ASCII', String(p.slug));
    case 'input.relation-self': return vscode.l10n.t('a ticket cannot relate to itself');
    case 'input.relation-target': return vscode.l10n.t('{0} is not a valid ticket ID', String(p.target));
    case 'relation.target-missing': return vscode.l10n.t('ticket {0} does not exist in this store', String(p.target));
    case 'relation.duplicate': return vscode.l10n.t('a {0} relation to {1} already exists', String(p.kind), String(p.target));
    case 'relations.unreadable': return vscode.l10n.t('relations.json cannot be updated safely: {0}', String(p.detail));
    case 'git.worktree-path-exists': return vscode.l10n.t('{0} already exists', String(p.path));
    case 'git.branch-exists': return vscode.l10n.t('branch {0} already exists', String(p.branch));
    case 'git.worktree-dirty': return vscode.l10n.t('{0} has uncommitted changes', String(p.path));
    case 'git.worktree-protected': return vscode.l10n.t('the {0} worktree is never removed', String(p.role));
    case 'git.worktree-not-found': return vscode.l10n.t('{0} is not a worktree of this repository', String(p.path));
    case 'git.unavailable': return vscode.l10n.t('git could not be run: {0}', e.message);
    case 'git.no-head': return vscode.l10n.t('the workspace is not a git repository with a commit to base a worktree on');
    case 'launch.inherit-profile': return vscode.l10n.t('the {0} role has profile `inherit`, which cannot be launched; set [ticket.roles.{0}] profile in .yoi/workspace.toml', String(p.role));
    case 'launch.placeholder': return vscode.l10n.t('unknown placeholder ${{0}} in the setting yoi.coder.launchCommand', String(p.name));
    case 'launch.empty-template': return vscode.l10n.t('the setting yoi.coder.launchCommand is empty');
    default: return e.message;
  }
}
