// relations.json writer (§7.1): validate the new relation, keep every existing one, sort by kind
// (depends_on < blocks < related < supersedes < duplicate_of) then target, and print the file the
// way yoi's serde_json pretty printer does (2-space indent, trailing newline, fixed field order).
import { isId } from '../ids';
import { isRelationKind, parseRelations, Relation, RELATION_KINDS, RelationKind } from '../relations/relations';
import { WorkflowError } from './errors';

export const RELATION_NOTE_MAX = 16 * 1024;
export const RELATION_FIELD_MAX = 1024;

export interface NewRelation {
  kind: RelationKind;
  target: string;
  note?: string;
  author: string;
  at: string;
}

interface StoredRelation {
  ticket_id: string;
  kind: RelationKind;
  target: string;
  note?: string;
  author: string;
  at: string;
}

const kindRank = (k: RelationKind) => RELATION_KINDS.indexOf(k);

export function sortRelations<T extends { kind: RelationKind; target: string }>(list: T[]): T[] {
  return [...list].sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
}

/** Serialises relations exactly like yoi (sorting them first). */
export function formatRelationsFile(ticketId: string, relations: ReadonlyArray<Omit<Relation, 'line' | 'ticketId'> & { ticketId?: string }>): string {
  const stored: StoredRelation[] = sortRelations([...relations]).map((r) => {
    // Key order is the file's field order: ticket_id, kind, target, [note], author, at.
    const s: Partial<StoredRelation> = { ticket_id: ticketId, kind: r.kind, target: r.target };
    if (r.note !== undefined && r.note !== '') s.note = r.note;
    s.author = r.author;
    s.at = r.at;
    return s as StoredRelation;
  });
  return JSON.stringify({ version: 1, relations: stored }, null, 2) + '\n';
}

const singleLine = (name: string, v: string) => {
  if (v === '' || /[\r\n]/.test(v) || Buffer.byteLength(v) > RELATION_FIELD_MAX) {
    throw new WorkflowError('invalid-input', `relation ${name} must be a non-empty single line of at most 1 KiB`, 'input.relation-field', { field: name });
  }
};

/** New relations.json content with `rel` added. `existing` = current file text (undefined if none);
 * `targetExists` tells whether the target Ticket exists in the same store. */
export function addRelationToFile(existing: string | undefined, file: string, ticketId: string, rel: NewRelation, targetExists: boolean): string {
  if (!isRelationKind(rel.kind)) throw new WorkflowError('invalid-input', `unknown relation kind \`${rel.kind}\``, 'input.relation-kind', { kind: String(rel.kind) });
  singleLine('target', rel.target);
  singleLine('author', rel.author);
  singleLine('at', rel.at);
  if (!isId(rel.target)) throw new WorkflowError('invalid-input', `relation target \`${rel.target}\` is not a valid ticket ID`, 'input.relation-target', { target: rel.target });
  if (rel.target === ticketId) throw new WorkflowError('invalid-input', 'a ticket cannot relate to itself', 'input.relation-self', { target: rel.target });
  if (!targetExists) throw new WorkflowError('not-found', `relation target ${rel.target} does not exist`, 'relation.target-missing', { target: rel.target });
  if (rel.note !== undefined && Buffer.byteLength(rel.note) > RELATION_NOTE_MAX) {
    throw new WorkflowError('invalid-input', 'relation note must be at most 16 KiB', 'input.relation-note', { field: 'note' });
  }
  let current: Relation[] = [];
  if (existing !== undefined) {
    const parsed = parseRelations(existing, file, ticketId);
    const errors = parsed.problems.filter((p) => p.severity === 'error');
    // Rewriting a file we could not fully read would drop data: refuse instead.
    if (errors.length) throw new WorkflowError('unreadable', `relations.json cannot be updated safely: ${errors[0].message}`, 'relations.unreadable', { detail: errors[0].message });
    current = parsed.relations;
  }
  if (current.some((r) => r.kind === rel.kind && r.target === rel.target)) {
    throw new WorkflowError('invalid-input', `a ${rel.kind} relation to ${rel.target} already exists`, 'relation.duplicate', { kind: rel.kind, target: rel.target });
  }
  const added = { kind: rel.kind, target: rel.target, note: rel.note, author: rel.author, at: rel.at };
  return formatRelationsFile(ticketId, [...current, added]);
}
