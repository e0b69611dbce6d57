// Ticket states and their progress rank (planning 0 … closed 5), as used by yoi's Panel.

export const TICKET_STATES = ['planning', 'ready', 'queued', 'inprogress', 'done', 'closed'] as const;
export type TicketState = (typeof TICKET_STATES)[number];

const RANK: Record<TicketState, number> = { planning: 0, ready: 1, queued: 2, inprogress: 3, done: 4, closed: 5 };

export function isTicketState(s: unknown): s is TicketState {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(RANK, s);
}

export function stateRank(s: TicketState): number {
  return RANK[s];
}

/** Short labels used by yoi's Panel. */
export const STATE_SHORT_LABEL: Record<TicketState, string> = {
  planning: 'plan', ready: 'ready', queued: 'q', inprogress: 'prog', done: 'done', closed: 'cls',
};

/** "Active" = every state except closed. */
export function isActiveState(s: TicketState): boolean {
  return s !== 'closed';
}
