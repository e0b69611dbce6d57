// artifacts/relations.json (§7.1): typed forward relations stored in the source Ticket's folder.
import { isId } from '../ids';
import { Problem, problem } from '../problems';
import { jsonErrorPosition, objectStartLines } from './jsonLocate';

export const RELATION_KINDS = ['depends_on', 'blocks', 'related', 'supersedes', 'duplicate_of'] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

/** Names shown for a relation seen from its target. */
export const INVERSE_RELATION_NAME: Record<RelationKind, string> = {
  depends_on: 'dependency_of', blocks: 'blocked_by', related: 'related', supersedes: 'superseded_by', duplicate_of: 'duplicated_by',
};

export function isRelationKind(k: unknown): k is RelationKind {
  return typeof k === 'string' && (RELATION_KINDS as readonly string[]).includes(k);
}

export interface Relation {
  /** Source Ticket (the folder holding the file). */
  ticketId: string;
  kind: RelationKind;
  target: string;
  note?: string;
  author: string;
  at: string;
  /** File line where this relation's object starts. */
  line: number;
}

export interface RelationsFile {
  relations: Relation[];
  problems: Problem[];
}

const TEXT_MAX = 16 * 1024;
const FIELD_MAX = 1024;
const KEYS = ['ticket_id', 'kind', 'target', 'note', 'author', 'at'];
// A UTF-16 code unit takes at most 3 UTF-8 bytes: short strings need no byte count.
const overBytes = (s: string, max: number) => s.length * 3 > max && Buffer.byteLength(s, 'utf8') > max;

/** A field the shortcut accepts as is: a non-empty single-line string short enough that its UTF-8
 * size needs no counting (anything else gets the full checks and their messages). */
const plainField = (v: unknown): v is string =>
  typeof v === 'string' && v !== '' && v.length * 3 <= FIELD_MAX && v.indexOf('\n') < 0 && v.indexOf('\r') < 0;

/** The relation `r` as parsed when it has nothing to report (yoi's own files, nearly always);
 * undefined when it needs the full checks. The same result as those checks, with no closures,
 * key arrays or regular expressions: this runs for every relation on every cold build. */
function plainRelation(r: unknown, dirId: string, line: number, seen: Set<string>): Relation | undefined {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return undefined;
  const rel = r as Record<string, unknown>;
  for (const k in rel) {
    if (k !== 'ticket_id' && k !== 'kind' && k !== 'target' && k !== 'note' && k !== 'author' && k !== 'at') return undefined;
  }
  const { ticket_id: ticketId, kind, target, author, at, note } = rel;
  if (ticketId !== dirId || !plainField(ticketId) || !plainField(kind) || !plainField(target) || !plainField(author) || !plainField(at)) return undefined;
  if (note !== undefined && (typeof note !== 'string' || note.length * 3 > TEXT_MAX)) return undefined;
  if (!isRelationKind(kind) || target === dirId || !isId(target)) return undefined;
  const key = `${kind}\u0000${target}`;
  if (seen.has(key)) return undefined;
  seen.add(key);
  const out: Relation = { ticketId: dirId, kind, target, author, at, line };
  if (note) out.note = note;
  return out;
}

/** Parses and validates a relations.json. Keeps every well-formed relation; never throws.
 * `shortcut: false` runs the full checks on every relation (tests compare the two). */
export function parseRelations(text: string, file: string, dirId: string, opts: { shortcut?: boolean } = {}): RelationsFile {
  const problems: Problem[] = [];
  const relations: Relation[] = [];
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let root: unknown;
  try {
    root = JSON.parse(src);
  } catch (e) {
    const { line, column } = jsonErrorPosition(src, e);
    problems.push(problem(file, line, 'error', 'relations.invalid-json', `relations.json is not valid JSON: ${(e as Error).message}`, undefined, column));
    return { relations, problems };
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    problems.push(problem(file, 1, 'error', 'relations.invalid-shape', 'relations.json must be an object with `version` and `relations`'));
    return { relations, problems };
  }
  const obj = root as Record<string, unknown>;
  for (const k of Object.keys(obj)) {
    if (k !== 'version' && k !== 'relations') problems.push(problem(file, 1, 'error', 'relations.unknown-key', `Unknown key \`${k}\` in relations.json`, { key: k }));
  }
  if (obj.version !== 1) problems.push(problem(file, 1, 'error', 'relations.unsupported-version', `relations.json version must be 1 (got ${JSON.stringify(obj.version)})`, { version: String(obj.version) }));
  if (!Array.isArray(obj.relations)) {
    problems.push(problem(file, 1, 'error', 'relations.invalid-shape', '`relations` must be an array'));
    return { relations, problems };
  }
  const lines = objectStartLines(src, 3);
  const seen = new Set<string>();
  const shortcut = opts.shortcut !== false && typeof dirId === 'string' && dirId !== '';
  obj.relations.forEach((r: unknown, i: number) => {
    const line = lines[i] ?? 1;
    if (shortcut) {
      const plain = plainRelation(r, dirId, line, seen);
      if (plain) return void relations.push(plain);
    }
    const bad = (code: string, message: string, params?: Record<string, string | number>) => problems.push(problem(file, line, 'error', code, message, params));
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return bad('relations.invalid-shape', `relations[${i}] must be an object`);
    const rel = r as Record<string, unknown>;
    let ok = true;
    for (const k of Object.keys(rel)) if (!KEYS.includes(k)) bad('relations.unknown-key', `Unknown key \`${k}\` in relations[${i}]`, { key: k });
    for (const k of ['ticket_id', 'kind', 'target', 'author', 'at']) {
      const v = rel[k];
      if (typeof v !== 'string' || v === '') {
        bad('relations.missing-field', `relations[${i}].${k} must be a non-empty string`, { key: k });
        ok = false;
      } else if (/[\r\n]/.test(v) || overBytes(v, FIELD_MAX)) {
        bad('relations.invalid-field', `relations[${i}].${k} must be a single line of at most 1 KiB`, { key: k });
      }
    }
    if (rel.note !== undefined && (typeof rel.note !== 'string' || overBytes(rel.note, TEXT_MAX))) bad('relations.invalid-field', `relations[${i}].note must be a string of at most 16 KiB`, { key: 'note' });
    if (!ok) return;
    if (rel.ticket_id !== dirId) bad('relations.wrong-ticket', `relations[${i}].ticket_id ${rel.ticket_id} does not match the folder ${dirId}`, { ticketId: String(rel.ticket_id), expected: dirId });
    if (!isRelationKind(rel.kind)) return bad('relations.invalid-kind', `Unknown relation kind \`${rel.kind}\``, { kind: String(rel.kind) });
    const target = rel.target as string;
    if (!isId(target)) return bad('relations.invalid-target', `Relation target \`${target}\` is not a valid ticket ID`, { target });
    if (target === dirId) return bad('relations.self', `Ticket relates to itself (${rel.kind})`, { kind: rel.kind });
    const key = `${rel.kind}\u0000${target}`;
    if (seen.has(key)) return bad('relations.duplicate', `Duplicate ${rel.kind} relation to ${target}`, { kind: rel.kind, target });
    seen.add(key);
    const out: Relation = { ticketId: dirId, kind: rel.kind, target, author: rel.author as string, at: rel.at as string, line };
    if (typeof rel.note === 'string' && rel.note !== '') out.note = rel.note;
    relations.push(out);
  });
  return { relations, problems };
}
