// Everything about one Ticket, read on demand (ticket view, `cli show`): full item with body and
// outline, thread, relations both ways, plan records, artifacts, resolution and all problems.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Problem, problem } from '../problems';
import { parsePlanRecords, PlanRecord } from '../relations/plan';
import { ParsedItem, parseItem } from '../ticket/item';
import { outlineBody, OutlineEntry } from '../ticket/outline';
import { ParsedThread } from '../thread/thread';
import { TicketStore, TicketSummary } from './ticketStore';

export interface TicketDetails {
  summary: TicketSummary;
  /** Full item.md parse (with body); undefined when unreadable. */
  item?: ParsedItem;
  outline: OutlineEntry[];
  thread?: ParsedThread;
  planRecords: PlanRecord[];
  /** Artifact files relative to `artifacts/` (`/`-separated, recursive, without `.gitkeep`). */
  artifacts: string[];
  /** resolution.md text when present. */
  resolution?: string;
  /** Summary problems + item body/thread/plan/folder problems. */
  problems: Problem[];
}

/** Artifact files under `dir`, `/`-separated, recursive, without `.gitkeep`; undefined when unreadable. */
export function listArtifacts(dir: string, prefix = ''): string[] | undefined {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const out: string[] = [];
  for (const e of entries) {
    if (e.name === '.gitkeep') continue;
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(listArtifacts(join(dir, e.name), rel) ?? []));
    else out.push(rel);
  }
  return out.sort();
}

const readText = (p: string): string | undefined => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};

export function readTicketDetails(store: TicketStore, id: string): TicketDetails | undefined {
  const summary = store.summary(id);
  if (!summary) return undefined;
  const p = summary.paths;
  const problems: Problem[] = [...summary.problems];
  const itemText = readText(p.item);
  const item = itemText === undefined ? undefined : parseItem(itemText, p.item);
  const outline = item?.body !== undefined ? outlineBody(item.body, item.bodyStartLine) : [];
  const thread = store.thread(id);
  if (thread) problems.push(...thread.problems);
  else problems.push(problem(p.thread, 1, 'error', 'ticket.missing-thread', 'thread.md is missing'));
  const planText = readText(p.plan);
  let planRecords: PlanRecord[] = [];
  if (planText !== undefined) {
    const r = parsePlanRecords(planText, p.plan, id);
    planRecords = r.records;
    problems.push(...r.problems);
  }
  const artifacts = listArtifacts(p.artifacts);
  if (artifacts === undefined) problems.push(problem(p.dir, 1, 'error', 'ticket.missing-artifacts', 'artifacts/ folder is missing'));
  const resolution = readText(p.resolution);
  if (summary.state === 'closed' && resolution === undefined) {
    problems.push(problem(p.dir, 1, 'warning', 'ticket.closed-without-resolution', 'Closed ticket has no resolution.md'));
  }
  const d: TicketDetails = { summary, item, outline, thread, planRecords, artifacts: artifacts ?? [], problems };
  if (resolution !== undefined) d.resolution = resolution;
  return d;
}

/** mtime of a path in ms, or undefined. */
export function mtimeOf(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}
