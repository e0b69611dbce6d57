// Reads one Ticket folder into its index record. Shared by the store (its own thread) and the index
// workers (src/core/store/indexWorker.ts), so a record is the same whichever thread read it.
import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import { explainInvalidId, isId } from '../ids';
import { Problem, problem } from '../problems';
import { parseRelations, Relation } from '../relations/relations';
import type { FrontMatterData } from '../ticket/frontMatter';
import { NO_PROBLEMS, TicketFields } from '../ticket/fields';
import { readItemHeadText, readSmallFileText } from '../ticket/item';
import { parseIndexItem } from './indexReader';
import type { TicketRecord } from './ticketStore';

export { NO_PROBLEMS };
export const NO_RELATIONS: Relation[] = Object.freeze([]) as unknown as Relation[];

export const ITEM_SUFFIX = sep + 'item.md';
export const RELATIONS_SUFFIX = sep + 'artifacts' + sep + 'relations.json';

const errno = (e: unknown) => (e as NodeJS.ErrnoException)?.code;

/** What a record was made from, for an index worker to send instead of the parsed front matter:
 * the item.md head (undefined when it could not be read) and how many of the record's problems
 * came from it (the rest: folder name and relations.json). */
export interface RecordSource {
  head?: string;
  itemProblems: number;
}

/**
 * Reads `root/id` (root resolved, id a folder name); undefined when it is not a Ticket (no item.md
 * file). `readAt` is when the current read pass began (the persisted cache's racy-stamp check).
 */
export function readTicketRecord(root: string, id: string, readAt: number, out?: RecordSource): TicketRecord | undefined {
  // Plain concatenation: this runs per ticket per build.
  const dir = root + sep + id;
  const itemFile = dir + ITEM_SUFFIX;
  let problems: Problem[] = NO_PROBLEMS;
  let data: FrontMatterData = {};
  let fields: TicketFields = { stateSource: 'default', riskFlags: [] };
  let keyLines: Record<string, number> = {};
  try {
    const head = readItemHeadText(itemFile);
    const item = parseIndexItem(head, itemFile);
    if (out) {
      out.head = head;
      out.itemProblems = item.problems.length;
    }
    data = item.data;
    fields = item.fields;
    keyLines = item.keyLines;
    if (item.problems.length) problems = item.problems;
  } catch (e) {
    if (out) out.head = undefined;
    const c = errno(e);
    if (c === 'ENOENT' || c === 'ENOTDIR' || c === 'EISDIR') return undefined;
    problems = [problem(itemFile, 1, 'error', 'item.unreadable', `Cannot read item.md: ${(e as Error).message}`)];
  }
  if (!isId(id)) {
    problems = [...problems, problem(dir, 1, 'error', 'ticket.invalid-id', `Folder name \`${id}\` is not a valid ticket ID: ${explainInvalidId(id)}`, { id })];
  }
  let relations = NO_RELATIONS;
  let hasRelationsFile = false;
  // Most tickets have no relations.json; a failed open throws an Error (stack and all) per
  // ticket, which would dominate a cold build, so check first.
  const relationsFile = dir + RELATIONS_SUFFIX;
  if (existsSync(relationsFile)) {
    try {
      const text = readSmallFileText(relationsFile);
      hasRelationsFile = true;
      const r = parseRelations(text, relationsFile, id);
      if (r.relations.length) relations = r.relations;
      if (r.problems.length) problems = [...problems, ...r.problems];
    } catch (e) {
      const c = errno(e);
      if (c !== 'ENOENT' && c !== 'ENOTDIR') {
        problems = [...problems, problem(relationsFile, 1, 'error', 'relations.unreadable', `Cannot read relations.json: ${(e as Error).message}`)];
      }
    }
  }
  return { id, data, fields, state: fields.state, keyLines, problems: problems.length ? problems : NO_PROBLEMS, relations, hasRelationsFile, readAt };
}
