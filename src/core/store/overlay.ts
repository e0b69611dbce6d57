// The orchestration worktree holds a second copy of the store that the Orchestrator writes to.
// yoi's Panel shows an "overlay" when that copy's state has progressed further than the root's.
import { stateRank, TicketState } from '../states';
import { TicketStore, TicketSummary } from './ticketStore';

export interface Overlay {
  state: TicketState;
  from: 'orchestration';
}

/** The overlay for a Ticket given its root state and its orchestration-copy state. */
export function overlayFor(rootState: TicketState | undefined, orchestrationState: TicketState | null | undefined): Overlay | undefined {
  if (!orchestrationState) return undefined;
  if (rootState !== undefined && stateRank(orchestrationState) <= stateRank(rootState)) return undefined;
  return { state: orchestrationState, from: 'orchestration' };
}

export type OverlaidSummary = TicketSummary & { overlay: Overlay | undefined };

/** Combines the root store with the (optional) orchestration copy. */
export class OverlayStore {
  constructor(readonly main: TicketStore, readonly orchestration?: TicketStore) {}

  overlay(id: string): Overlay | undefined {
    if (!this.orchestration) return undefined;
    const main = this.main.stateOf(id);
    return overlayFor(main ?? undefined, this.orchestration.stateOf(id));
  }

  summary(id: string): OverlaidSummary | undefined {
    const s = this.main.summary(id);
    return s && { ...s, overlay: this.overlay(id) };
  }

  summaries(filter?: { states?: readonly TicketState[] }): OverlaidSummary[] {
    return this.main.summaries(filter).map((s) => ({ ...s, overlay: this.overlay(s.id) }));
  }

  /** Tickets that exist only in the orchestration copy (created there, not yet merged back). */
  orchestrationOnly(): string[] {
    if (!this.orchestration) return [];
    return this.orchestration.ids().filter((id) => !this.main.has(id));
  }
}
