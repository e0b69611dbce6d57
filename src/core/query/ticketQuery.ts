// Grouping, sorting and filtering of ticket summaries for list-like surfaces (the Tickets tree,
// Go to Ticket, the CLI). Pure: works on plain summaries, no I/O.
import { TICKET_STATES, TicketState } from '../states';

/** The fields the list surfaces need; the store's summaries satisfy it structurally. */
export interface ListedTicket {
  id: string;
  state: TicketState | undefined;
  title: string;
  updatedAt?: string;
  riskFlags: readonly string[];
}

export interface TicketFilter {
  /** Words that must all occur in the title, ID or body (case-insensitive). */
  text?: string;
  states?: readonly TicketState[];
  riskFlags?: readonly string[];
}

export function isEmptyFilter(f: TicketFilter | undefined): boolean {
  return !f || (!f.text?.trim() && !f.states?.length && !f.riskFlags?.length);
}

export function filterWords(text: string | undefined): string[] {
  return (text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
}

/**
 * True when the ticket passes the filter. `body` is consulted only for words the title and ID
 * do not contain, so callers may pass a lazy getter.
 */
export function matchesFilter(t: ListedTicket, f: TicketFilter | undefined, body?: () => string | undefined): boolean {
  if (!f) return true;
  if (f.states?.length && (!t.state || !f.states.includes(t.state))) return false;
  if (f.riskFlags?.length && !f.riskFlags.some((r) => t.riskFlags.includes(r))) return false;
  const words = filterWords(f.text);
  if (!words.length) return true;
  const head = `${t.id} ${t.title}`.toLowerCase();
  let lowerBody: string | undefined;
  for (const w of words) {
    if (head.includes(w)) continue;
    if (lowerBody === undefined) lowerBody = (body?.() ?? '').toLowerCase();
    if (!lowerBody.includes(w)) return false;
  }
  return true;
}

/** Newest `updated_at` first; ties by ID descending (IDs sort chronologically). */
export function compareByUpdatedDesc(a: ListedTicket, b: ListedTicket): number {
  const ua = a.updatedAt ?? '', ub = b.updatedAt ?? '';
  if (ua !== ub) return ua < ub ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Groups in workflow order; tickets without a readable state go to `undefined` (shown last). */
export function groupByState<T extends ListedTicket>(tickets: Iterable<T>): Map<TicketState | undefined, T[]> {
  const groups = new Map<TicketState | undefined, T[]>();
  for (const s of TICKET_STATES) groups.set(s, []);
  for (const t of tickets) {
    let g = groups.get(t.state);
    if (!g) { g = []; groups.set(t.state, g); }
    g.push(t);
  }
  for (const g of groups.values()) g.sort(compareByUpdatedDesc);
  return groups;
}

/** "3 min ago" style relative time in English; adapters localize through their own tables. */
export function relativeTime(iso: string | undefined, now: number = Date.now()): { value: number; unit: 'second' | 'minute' | 'hour' | 'day' | 'month' | 'year' } | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return { value: s, unit: 'second' };
  if (s < 3600) return { value: Math.floor(s / 60), unit: 'minute' };
  if (s < 86400) return { value: Math.floor(s / 3600), unit: 'hour' };
  if (s < 86400 * 30) return { value: Math.floor(s / 86400), unit: 'day' };
  if (s < 86400 * 365) return { value: Math.floor(s / (86400 * 30)), unit: 'month' };
  return { value: Math.floor(s / (86400 * 365)), unit: 'year' };
}
