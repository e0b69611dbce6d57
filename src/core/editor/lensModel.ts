// What the CodeLenses of a ticket's thread.md / item.md show, computed from the parsed document
// text (not the disk file) and the ticket's store facts. Pure: the VS Code adapter only localizes
// and turns this into CodeLens objects.
import { Blocker } from '../relations/blockers';
import { TicketState } from '../states';
import { ParsedThread } from '../thread/thread';
import { parsePacket } from '../ticketView/intentPacket';
import { RoutingView } from '../ticketView/model';

export type WorkflowAction = 'queue' | 'accept' | 'spawn';

export interface HeaderLensModel {
  /** 0-based line the lens sits on (the file's first line). */
  line: number;
  state?: TicketState;
  title: string;
  /** The workflow step that fits the state (ready → queue, queued → accept, inprogress → spawn). */
  action?: {
    kind: WorkflowAction;
    /** False while blockers prevent it (queue: active blockers; accept: any unresolved blocker). */
    enabled: boolean;
    blockers: Blocker[];
  };
}

export interface EventLensModel {
  /** 0-based marker line. */
  line: number;
  /** Event index in the thread (what the ticket view focuses). */
  index: number;
  kind: string;
  rawKind: string;
  author?: string;
  at?: string;
  stateChange?: { from?: string; to?: string; field?: string };
  /** Review verdict: `status`, or the legacy `result` attribute. */
  verdict?: string;
  routing?: RoutingView;
  /** The event body carries an IntentPacket (an `Intent` section). */
  intentPacket: boolean;
  /** The ticket's current packet: the latest decision carrying one (else the latest plan). */
  currentPacket: boolean;
}

export interface TicketFacts {
  state?: TicketState;
  title: string;
  /** All unresolved blockers (§7.1). */
  blockers: readonly Blocker[];
  /** Blockers not yet queued/inprogress (they prevent queueing). */
  activeBlockers: readonly Blocker[];
}

export function headerLens(facts: TicketFacts): HeaderLensModel {
  const h: HeaderLensModel = { line: 0, title: facts.title };
  if (facts.state) h.state = facts.state;
  switch (facts.state) {
    case 'ready':
      // The Panel allows queueing behind blockers that are already queued/inprogress (§4.7).
      h.action = { kind: 'queue', enabled: facts.activeBlockers.length === 0, blockers: [...facts.activeBlockers] };
      break;
    case 'queued':
      // Acceptance (queued → inprogress) requires zero unresolved blockers (§4.1).
      h.action = { kind: 'accept', enabled: facts.blockers.length === 0, blockers: [...facts.blockers] };
      break;
    case 'inprogress':
      h.action = { kind: 'spawn', enabled: true, blockers: [] };
      break;
  }
  return h;
}

export function eventLenses(thread: ParsedThread): EventLensModel[] {
  const out: EventLensModel[] = thread.events.map((e) => {
    const m: EventLensModel = { line: e.markerLine - 1, index: e.index, kind: e.kind, rawKind: e.rawKind, intentPacket: false, currentPacket: false };
    if (e.author !== undefined) m.author = e.author;
    if (e.at !== undefined) m.at = e.at;
    if (e.kind === 'state_changed' || e.kind === 'status_changed' || (e.from !== undefined && e.to !== undefined)) {
      m.stateChange = {};
      if (e.from !== undefined) m.stateChange.from = e.from;
      if (e.to !== undefined) m.stateChange.to = e.to;
      if (e.field !== undefined) m.stateChange.field = e.field;
    }
    if (e.kind === 'review') {
      const v = e.status ?? e.attrs.result;
      if (v !== undefined) m.verdict = v;
    }
    if (e.kind === 'decision' || e.kind === 'plan') {
      const p = parsePacket(e.body, e.bodyStartLine ?? e.markerLine);
      if (p.routing) m.routing = p.routing;
      m.intentPacket = p.hasIntent;
    }
    return m;
  });
  // Same choice as the ticket view: the latest decision packet, else the latest packet.
  const current = [...out].reverse().find((m) => m.intentPacket && m.kind === 'decision') ?? [...out].reverse().find((m) => m.intentPacket);
  if (current) current.currentPacket = true;
  return out;
}
