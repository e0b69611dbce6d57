// Webview message protocol, shared by the extension host and the page bundles. Every message is
// a discriminated union member (`type`), so both sides switch exhaustively and a page can never
// ask the host for something it does not understand. The host validates every PageToHost
// message at runtime too (`isTicketViewPageMessage`): the page renders untrusted text.
import type { TicketViewSnapshot } from '../core/ticketView/model';
import type { TicketViewStrings } from '../core/ticketView/strings';

// ---- Ticket view ---------------------------------------------------------------------------------

/** Page state kept by `vscode.setState` (restored after reload / when the panel becomes visible). */
export interface TicketViewPageState {
  ticketId: string;
  storeRoot: string;
  /** Topmost visible element and its offset, for a scroll restore that survives re-rendering. */
  anchor?: { id: string; offset: number };
  scrollY: number;
  /** Expanded collapsibles (`body`, `ev-12`, `packets-earlier`, `sec-plans:collapsed`, …). */
  expanded: string[];
  /** Elements showing their raw source. */
  raw: string[];
  /** Timeline kind filter ('' = all). */
  filter: string;
}

/** Workflow actions the page may request; the host answers with `actionResult`. */
export type TicketViewAction = 'queue' | 'accept' | 'spawn' | 'returnToPlanning' | 'close';

export type TicketViewHostMessage =
  /** A full snapshot (never a delta): the page re-renders and restores its state. */
  | { type: 'snapshot'; snapshot: TicketViewSnapshot; strings: TicketViewStrings; locale: string; focusEvent?: number }
  /** Scroll to and highlight one timeline event. */
  | { type: 'focusEvent'; index: number }
  | { type: 'actionResult'; action: TicketViewAction; ok: boolean; message: string }
  /** Acknowledges CSP violation reports (the page shows a notice; tests look for it). */
  | { type: 'cspReported'; count: number; message: string }
  /** The ticket disappeared (deleted, folder closed). */
  | { type: 'unavailable'; id: string; reason: string; strings: TicketViewStrings };

export type TicketViewPageMessage =
  /** Handshake: the page is listening; `state` is what it restored (if any). */
  | { type: 'ready'; state?: TicketViewPageState }
  | { type: 'openTicket'; id: string }
  /** `path` as written in the ticket (relative to the workspace or ticket folder) or absolute. */
  | { type: 'openFile'; path: string; line?: number }
  /** Only http(s)/mailto reach the host; it validates again before opening. */
  | { type: 'openLink'; url: string }
  | { type: 'runAction'; action: TicketViewAction }
  | { type: 'cspViolation'; directive: string; blockedURI: string; sample?: string; sourceFile?: string; line?: number }
  | { type: 'stateChanged'; state: TicketViewPageState }
  /** Page-side rendering failure (reported so it shows up in logs and tests). */
  | { type: 'renderError'; message: string };

const ACTIONS: readonly TicketViewAction[] = ['queue', 'accept', 'spawn', 'returnToPlanning', 'close'];
const str = (v: unknown, max = 8192): v is string => typeof v === 'string' && v.length <= max;

/** Runtime check of a message from the page (never trust its shape). */
export function isTicketViewPageMessage(m: unknown): m is TicketViewPageMessage {
  if (typeof m !== 'object' || m === null) return false;
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case 'ready': return o.state === undefined || isPageState(o.state);
    case 'openTicket': return str(o.id, 64);
    case 'openFile': return str(o.path, 4096) && (o.line === undefined || (Number.isInteger(o.line) && (o.line as number) > 0));
    case 'openLink': return str(o.url, 8192);
    case 'runAction': return ACTIONS.includes(o.action as TicketViewAction);
    case 'cspViolation': return str(o.directive, 1024) && str(o.blockedURI, 8192);
    case 'stateChanged': return isPageState(o.state);
    case 'renderError': return str(o.message, 8192);
    default: return false;
  }
}

export function isPageState(s: unknown): s is TicketViewPageState {
  if (typeof s !== 'object' || s === null) return false;
  const o = s as Record<string, unknown>;
  const strings = (a: unknown) => Array.isArray(a) && a.length <= 10000 && a.every((x) => typeof x === 'string');
  return str(o.ticketId, 64) && str(o.storeRoot, 4096) && typeof o.scrollY === 'number' && strings(o.expanded) && strings(o.raw)
    && (o.filter === undefined || str(o.filter, 128));
}
