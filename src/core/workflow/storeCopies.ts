// Two copies of the store exist (§4.3–§4.4): the workspace's own `.yoi/tickets` (human side: Panel,
// CLI, this extension) and the orchestration worktree's copy (the Orchestrator writes there; the
// next Panel Queue merges it back). This module decides which copy a write goes to and refuses a
// state change when the other copy has state changes of its own that this copy has not seen —
// writing then would make the two histories diverge further (and conflict on merge).
import { readFileSync } from 'node:fs';
import { stateRank, TicketState } from '../states';
import { ticketPaths } from '../store/paths';
import { WorkspaceLocation } from '../workspace/discover';
import { WorkflowError } from './errors';
import { WriteTarget, StoreCopy } from './executor';
import { freshState, ticketExists } from './freshReads';
import { markerInner, parseMarkerAttrs } from '../thread/markers';

export type Actor = 'human' | 'orchestrator';

/** Who normally performs each write (§4.1, §4.3). Orchestrator writes go to the orchestration copy. */
export const DEFAULT_ACTOR: Record<string, Actor> = {
  create: 'human',
  markReady: 'human',
  queue: 'human',
  returnToPlanning: 'human',
  close: 'human',
  editItem: 'human',
  comment: 'human',
  plan: 'human',
  decision: 'human',
  review: 'human',
  addRelation: 'human',
  accept: 'orchestrator',
  markDone: 'orchestrator',
  implementationReport: 'orchestrator',
  recordPlan: 'orchestrator',
  spawn: 'orchestrator',
};

export interface StoreCopies {
  workspace: string;
  /** Tickets root inside the orchestration worktree, when that worktree and root exist. */
  orchestration?: string;
}

export function storeCopiesOf(loc: WorkspaceLocation): StoreCopies {
  const o = loc.orchestration;
  return { workspace: loc.ticketsRoot, orchestration: o.worktreeExists && o.ticketsRootExists ? o.ticketsRoot : undefined };
}

export interface CopyChoice {
  target: WriteTarget;
  other?: WriteTarget;
  /** Why the choice differs from the actor's usual copy, if it does. */
  note?: string;
}

/** Human writes → workspace copy. Orchestrator writes → orchestration copy when it holds the Ticket,
 * else the workspace copy (with a note). `force` pins a copy. */
export function chooseCopy(copies: StoreCopies, ticketId: string | undefined, actor: Actor, force?: StoreCopy): CopyChoice {
  const ws: WriteTarget = { copy: 'workspace', ticketsRoot: copies.workspace };
  const orch: WriteTarget | undefined = copies.orchestration ? { copy: 'orchestration', ticketsRoot: copies.orchestration } : undefined;
  if (force === 'orchestration') {
    if (!orch) throw new WorkflowError('not-found', 'there is no orchestration copy of the ticket store', 'copies.no-orchestration');
    return { target: orch, other: ws };
  }
  if (force === 'workspace' || actor === 'human') return { target: ws, other: orch };
  if (!orch) return { target: ws, note: 'no orchestration worktree; wrote to the workspace copy' };
  if (ticketId !== undefined && !ticketExists(orch.ticketsRoot, ticketId)) {
    return { target: ws, other: orch, note: 'the orchestration copy does not have this ticket yet; wrote to the workspace copy' };
  }
  return { target: orch, other: ws };
}

const readOr = (p: string): string => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return '';
  }
};

/** A marker line (yoi's rule) whose `event` attribute is `state_changed`. */
function isStateChangeMarker(line: string): boolean {
  const inner = markerInner(line);
  return inner !== undefined && parseMarkerAttrs(inner).attrs.some((a) => a.key === 'event' && a.value === 'state_changed');
}

/** State changes in `other`'s thread after the point where it stops matching `mine`. */
export function unseenStateChanges(mine: string, other: string): number {
  const n = Math.min(mine.length, other.length);
  let i = 0;
  while (i < n && mine.charCodeAt(i) === other.charCodeAt(i)) i++;
  if (i === other.length) return 0;
  const lineStart = other.lastIndexOf('\n', i - 1) + 1;
  return other.slice(lineStart).split('\n').filter(isStateChangeMarker).length;
}

export interface CopyComparison {
  targetState: TicketState | null | undefined;
  otherState: TicketState | null | undefined;
  /** State changes present only in the other copy. */
  otherUnseen: number;
}

export function compareCopies(target: WriteTarget, other: WriteTarget, ticketId: string): CopyComparison {
  const targetState = freshState(target.ticketsRoot, ticketId);
  const otherState = freshState(other.ticketsRoot, ticketId);
  if (otherState === undefined) return { targetState, otherState, otherUnseen: 0 };
  const mine = readOr(ticketPaths(target.ticketsRoot, ticketId).thread);
  const theirs = readOr(ticketPaths(other.ticketsRoot, ticketId).thread);
  return { targetState, otherState, otherUnseen: unseenStateChanges(mine, theirs) };
}

/** Refuses a state change on `target` when the other copy moved the Ticket on its own. */
export function checkCopiesForStateChange(target: WriteTarget, other: WriteTarget | undefined, ticketId: string): void {
  if (!other) return;
  const c = compareCopies(target, other, ticketId);
  if (c.otherState === undefined || c.otherState === c.targetState || c.otherUnseen === 0) return;
  const ahead = c.otherState && c.targetState && stateRank(c.otherState) > stateRank(c.targetState);
  const fix = other.copy === 'orchestration'
    ? 'merge the orchestration branch into the workspace first'
    : 'let the next queue sync the copies, or merge the workspace branch into the orchestration worktree first';
  throw new WorkflowError(
    'copies-diverged',
    `the ${other.copy} copy has ticket ${ticketId} in state ${c.otherState ?? 'unknown'}${ahead ? ' (further along)' : ''} after state changes this ${target.copy} copy has not seen (here: ${c.targetState ?? 'unknown'}); ${fix}`,
    'copies.diverged',
    { id: ticketId, copy: target.copy, otherCopy: other.copy, state: c.targetState ?? 'unknown', otherState: c.otherState ?? 'unknown', unseen: c.otherUnseen },
  );
}
