// The transitions yoi allows (§4.1) and their guards, as data the UI can show: every action says
// whether it is enabled and, if not, why (stable code + params + English message).
import { stateRank, TICKET_STATES, TicketState } from '../states';

export const STATE_ACTIONS = ['markReady', 'queue', 'returnToPlanning', 'accept', 'markDone', 'close'] as const;
export type StateAction = (typeof STATE_ACTIONS)[number];
export const RECORD_ACTIONS = ['comment', 'plan', 'decision', 'implementationReport', 'review', 'editItem', 'addRelation', 'recordPlan'] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];
export type WorkflowAction = StateAction | RecordAction;

export interface Transition {
  from: readonly TicketState[];
  to: TicketState;
}

export const TRANSITIONS: Record<StateAction, Transition> = {
  markReady: { from: ['planning'], to: 'ready' },
  queue: { from: ['ready'], to: 'queued' },
  returnToPlanning: { from: ['ready', 'queued'], to: 'planning' },
  accept: { from: ['queued'], to: 'inprogress' },
  markDone: { from: ['inprogress'], to: 'done' },
  // yoi's close works from any state; re-closing a closed Ticket is refused here (it would
  // overwrite resolution.md) unless the caller explicitly asks for it.
  close: { from: ['planning', 'ready', 'queued', 'inprogress', 'done'], to: 'closed' },
};

/** Maps a target state (`yoi ticket state ID <to>`) to the action that performs it. */
export function actionForTarget(to: TicketState): StateAction | undefined {
  switch (to) {
    case 'ready': return 'markReady';
    case 'queued': return 'queue';
    case 'inprogress': return 'accept';
    case 'done': return 'markDone';
    case 'planning': return 'returnToPlanning';
    default: return undefined; // closed: use close (writes resolution.md)
  }
}

/** A relation blocker (§7.1) as the read side reports it. */
export interface BlockerLike {
  id: string;
  via: 'depends_on' | 'blocks';
  /** undefined = missing/unreadable Ticket (counts as planning). */
  state: TicketState | undefined | null;
}

export interface GuardReason {
  code: string;
  message: string;
  params: Record<string, string | number>;
}

export interface ActionAvailability {
  action: WorkflowAction;
  enabled: boolean;
  /** Why it is disabled, or an informational hint when enabled. */
  reason?: GuardReason;
  /** Target state for state actions. */
  to?: TicketState;
}

const stateOf = (b: BlockerLike): TicketState => b.state ?? 'planning';
const resolved = (s: TicketState) => s === 'done' || s === 'closed';

function describeBlockers(list: readonly BlockerLike[], max = 3): string {
  const shown = list.slice(0, max).map((b) => `${b.id} via ${b.via} (state: ${stateOf(b)})`).join(', ');
  return list.length > max ? `${shown} (+${list.length - max} more)` : shown;
}

const r = (code: string, message: string, params: Record<string, string | number> = {}): GuardReason => ({ code, message, params });

/** Checks one state action; undefined means allowed. `state` undefined = unreadable item.md. */
export function checkStateAction(action: StateAction, state: TicketState | undefined, blockers: readonly BlockerLike[] = []): GuardReason | undefined {
  const t = TRANSITIONS[action];
  if (state === undefined) return r('guard.unknown-state', 'the ticket state cannot be read');
  if (action === 'close' && state === 'closed') return r('guard.already-closed', 'the ticket is already closed', { state });
  if (!t.from.includes(state)) {
    if (action === 'queue' && state === 'planning') return r('guard.not-ready', 'mark it ready before queueing', { state });
    return r('guard.wrong-state', `${action} needs state ${t.from.join(' or ')}; the ticket is ${state}`, { action, state, from: t.from.join('|'), to: t.to });
  }
  const unresolved = blockers.filter((b) => !resolved(stateOf(b)));
  if (action === 'queue') {
    const active = unresolved.filter((b) => stateOf(b) !== 'queued' && stateOf(b) !== 'inprogress');
    if (active.length) {
      return r('guard.active-blockers', `waiting for ${describeBlockers(active)}`, { count: active.length, first: active[0].id, via: active[0].via, blockerState: stateOf(active[0]) });
    }
  }
  if (action === 'accept' && unresolved.length) {
    return r('guard.unresolved-blockers', `blocked by ${describeBlockers(unresolved)}; blockers must be done or closed first`, { count: unresolved.length, first: unresolved[0].id, via: unresolved[0].via, blockerState: stateOf(unresolved[0]) });
  }
  return undefined;
}

/** Every action with enabled/reason, for a Ticket in `state` with the given blockers. `overlay` is the
 * orchestration copy's state when it is further along (yoi's Panel overlay): the workspace copy is then
 * stale, so state actions are disabled until the copies are synced (the write would be refused anyway). */
export function allowedActions(ticket: { state: TicketState | undefined }, blockers: readonly BlockerLike[] = [], overlay?: { state: TicketState }): ActionAvailability[] {
  const out: ActionAvailability[] = [];
  const ahead = overlay && ticket.state !== undefined && stateRank(overlay.state) > stateRank(ticket.state) ? overlay.state : undefined;
  for (const action of STATE_ACTIONS) {
    const reason = ahead
      ? r('guard.orchestration-ahead', `the orchestration copy already shows ${ahead}; merge the orchestration branch into the workspace first`, { state: ahead })
      : checkStateAction(action, ticket.state, blockers);
    const entry: ActionAvailability = { action, enabled: reason === undefined, to: TRANSITIONS[action].to };
    if (reason) entry.reason = reason;
    else if (action === 'queue') {
      const pending = blockers.filter((b) => !resolved(stateOf(b)));
      entry.reason = pending.length
        ? r('hint.queue-ordered', 'blockers are already queued or in progress; the Orchestrator will preserve order', { count: pending.length })
        : r('hint.queue', 'ready → queued may notify the Orchestrator');
    }
    out.push(entry);
  }
  for (const action of RECORD_ACTIONS) {
    if (ticket.state === undefined && action === 'editItem') {
      out.push({ action, enabled: false, reason: r('guard.unknown-state', 'the ticket state cannot be read') });
    } else out.push({ action, enabled: true });
  }
  return out;
}

export function isTicketStateValue(s: string): s is TicketState {
  return (TICKET_STATES as readonly string[]).includes(s);
}
