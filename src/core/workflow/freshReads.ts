// What a writer reads right before writing, while holding the lock: the Ticket's files as they
// are on disk now (never the cached index), and the current blockers with fresh states.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isId } from '../ids';
import { computeBlockers, Blocker } from '../relations/blockers';
import { parseRelations, Relation } from '../relations/relations';
import { TicketState } from '../states';
import { ticketPaths, TicketPaths } from '../store/paths';
import { parseItem, readItemHead } from '../ticket/item';
import { WorkflowError } from './errors';

export interface TicketSnapshot {
  id: string;
  ticketsRoot: string;
  paths: TicketPaths;
  itemText: string;
  /** sha256 (hex) of item.md bytes — what "the version the user last saw" is compared with. */
  itemHash: string;
  itemMtimeMs: number;
  /** Resolved state; undefined when item.md cannot be read (writes that need it refuse). */
  state: TicketState | undefined;
  title: string | undefined;
  /** Whether item.md parsed cleanly enough to patch (front matter found and readable). */
  readable: boolean;
  threadExists: boolean;
  threadSize: number;
  /** Current relations.json text, if any. */
  relationsText?: string;
  /** Current orchestration-plan.jsonl text, if any. */
  planText?: string;
  resolutionExists: boolean;
}

export function hashText(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

const readIfExists = (p: string): string | undefined => {
  try {
    return readFileSync(p, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
};

/** Reads one Ticket from disk; `not-found` when its item.md does not exist. */
export function readTicketSnapshot(ticketsRoot: string, id: string): TicketSnapshot {
  if (!isId(id)) throw new WorkflowError('invalid-input', `\`${id}\` is not a valid ticket ID`, 'input.invalid-id', { id });
  const paths = ticketPaths(ticketsRoot, id);
  const buf = (() => {
    try {
      return readFileSync(paths.item);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new WorkflowError('not-found', `ticket ${id} does not exist in ${ticketsRoot}`, 'ticket.not-found', { id });
      throw e;
    }
  })();
  const itemText = buf.toString('utf8');
  const parsed = parseItem(itemText, paths.item);
  let threadSize = 0;
  let threadExists = false;
  try {
    threadSize = statSync(paths.thread).size;
    threadExists = true;
  } catch {
    // missing thread.md: appends create it
  }
  return {
    id,
    ticketsRoot,
    paths,
    itemText,
    itemHash: hashText(buf),
    itemMtimeMs: statSync(paths.item).mtimeMs,
    state: parsed.readable ? parsed.fields.state : undefined,
    title: parsed.fields.title,
    readable: parsed.readable && parsed.closingLine > 0,
    threadExists,
    threadSize,
    relationsText: readIfExists(paths.relations),
    planText: readIfExists(paths.plan),
    resolutionExists: existsSync(paths.resolution),
  };
}

/** A snapshot built from texts instead of the disk (previews, replays). */
export function snapshotFromTexts(ticketsRoot: string, id: string, itemText: string, extra: Partial<Omit<TicketSnapshot, 'id' | 'itemText'>> = {}): TicketSnapshot {
  const paths = ticketPaths(ticketsRoot, id);
  const parsed = parseItem(itemText, paths.item);
  return {
    id, ticketsRoot, paths, itemText, itemHash: hashText(itemText), itemMtimeMs: 0,
    state: parsed.readable ? parsed.fields.state : undefined, title: parsed.fields.title, readable: parsed.readable && parsed.closingLine > 0,
    threadExists: true, threadSize: 0, resolutionExists: false, ...extra,
  };
}

export function ticketExists(ticketsRoot: string, id: string): boolean {
  return isId(id) && existsSync(ticketPaths(ticketsRoot, id).item);
}

/** State of a Ticket read now: undefined = no such Ticket, null = unreadable/unknown state. */
export function freshState(ticketsRoot: string, id: string): TicketState | null | undefined {
  const p = ticketPaths(ticketsRoot, id).item;
  try {
    const head = readItemHead(p);
    return head.fields.state ?? null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return null;
  }
}

/** All relations stored in the tickets root (each Ticket's relations.json), read now. */
export function readAllRelations(ticketsRoot: string): Relation[] {
  const out: Relation[] = [];
  let names: string[];
  try {
    names = readdirSync(ticketsRoot);
  } catch {
    return out;
  }
  for (const name of names) {
    if (name.startsWith('.') || !isId(name)) continue;
    const text = readIfExists(ticketPaths(ticketsRoot, name).relations);
    if (text === undefined) continue;
    out.push(...parseRelations(text, ticketPaths(ticketsRoot, name).relations, name).relations);
  }
  return out;
}

/** Blockers of `id` (§7.1) with states read now. */
export function freshBlockers(ticketsRoot: string, id: string): Blocker[] {
  const all = readAllRelations(ticketsRoot);
  const outgoing = all.filter((r) => r.ticketId === id);
  const incoming = all.filter((r) => r.target === id);
  const cache = new Map<string, TicketState | null | undefined>();
  return computeBlockers(outgoing, incoming, (t) => {
    if (!cache.has(t)) cache.set(t, freshState(ticketsRoot, t));
    return cache.get(t);
  });
}
