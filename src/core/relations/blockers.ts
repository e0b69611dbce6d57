// Blockers (§7.1): outgoing depends_on whose target is not done/closed, and incoming blocks whose
// source is not done/closed. A missing Ticket counts as planning. "Active" blockers are the ones
// not already queued/inprogress (those block queueing in the Panel).
import { TicketState } from '../states';
import { Relation } from './relations';

export interface Blocker {
  /** The blocking Ticket. */
  id: string;
  via: 'depends_on' | 'blocks';
  /** Its state (planning when missing or unreadable). */
  state: TicketState;
  missing: boolean;
}

const resolved = (s: TicketState) => s === 'done' || s === 'closed';

/** `stateOf` returns undefined for a Ticket that does not exist; null for one whose state is unknown. */
export function computeBlockers(outgoing: readonly Relation[], incoming: readonly Relation[], stateOf: (id: string) => TicketState | null | undefined): Blocker[] {
  const out: Blocker[] = [];
  const add = (id: string, via: Blocker['via']) => {
    const s = stateOf(id);
    const state = s ?? 'planning';
    if (!resolved(state)) out.push({ id, via, state, missing: s === undefined });
  };
  for (const r of outgoing) if (r.kind === 'depends_on') add(r.target, 'depends_on');
  for (const r of incoming) if (r.kind === 'blocks') add(r.ticketId, 'blocks');
  return out;
}

/** Blockers that still prevent queueing (not yet queued/inprogress themselves). */
export function activeBlockers(blockers: readonly Blocker[]): Blocker[] {
  return blockers.filter((b) => b.state !== 'queued' && b.state !== 'inprogress');
}
