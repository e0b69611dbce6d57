// Index records over a byte table: the persisted cache's rows (src/core/store/cache.ts) and the
// chunks an index worker sends back from a cold build (src/core/store/indexWorkers.ts) share one
// layout. A record keeps its state and relations (which counts and blockers need) and an offset
// into the bytes; front matter, fields and problems are parsed the first time something asks.
//
// Per row, COLS float64s: read time, item.md size/mtime/ctime (size -1: not proven yet),
// relations.json size/mtime/ctime (size -1: no file), state (index + 1, 0 = none), then the byte
// ranges of the relations JSON and of the rest: [data, fields | 0, keyLines | 0, problems | 0].
// A worker's chunk may instead carry the item.md head itself (size HEAD_ROW: cheaper to send than
// to stringify; parsed again, by the same function, when asked) with the problems that did not
// come from it as JSON in the mtime/ctime columns.
import type { Problem } from '../problems';
import { TICKET_STATES, TicketState } from '../states';
import type { FrontMatterData } from '../ticket/frontMatter';
import { ticketFields, TicketFields } from '../ticket/fields';
import type { Relation } from '../relations/relations';
import { ticketPaths } from './paths';
import type { TicketRecord } from './ticketStore';
import { sep } from 'node:path';
import { defaultKeyLines, parseIndexItem } from './indexReader';
import { ITEM_SUFFIX, NO_PROBLEMS as EMPTY_PROBLEMS, NO_RELATIONS as EMPTY_RELATIONS, RecordSource } from './recordReader';

export const COLS = 12;
export const C_READ_AT = 0, C_SIZE = 1, C_MTIME = 2, C_CTIME = 3, C_REL_SIZE = 4, C_REL_MTIME = 5, C_REL_CTIME = 6;
export const C_STATE = 7, C_REL_START = 8, C_REL_END = 9, C_REST_START = 10, C_REST_END = 11;
/** C_SIZE of a chunk row whose rest is JSON / the item.md head (cache rows have sizes ≥ 0). */
const JSON_ROW = -1, HEAD_ROW = -2;

export type Rest = [FrontMatterData, TicketFields | 0, Record<string, number> | 0, Problem[] | 0];

/** True when keyLines is exactly "key i of data is on file line i + 2" (yoi's writer style). */
export function keyLinesAreDefault(data: FrontMatterData, keyLines: Record<string, number>): boolean {
  let i = 0;
  for (const k in data) {
    if (keyLines[k] !== i + 2) return false;
    i++;
  }
  let n = 0;
  for (const _ in keyLines) n++;
  return n === i;
}

interface Materialized {
  data: FrontMatterData;
  fields: TicketFields;
  keyLines: Record<string, number>;
  problems: Problem[];
}

/** One opened cache file, shared by the records restored from it. */
export interface Source {
  bytes: Buffer;
  table: Float64Array;
  root: string;
  /** Fresh read of a Ticket, when its segment cannot be parsed (a damaged file). */
  reread(id: string): TicketRecord | undefined;
}

/** A record over a byte table (the persisted cache, or a chunk from an index worker): front
 * matter, fields and problems are parsed on first use. */
export class LazyRecord implements TicketRecord {
  readAt?: number;
  private m: Materialized | undefined;
  private ownStamp: number[] | undefined;

  constructor(
    readonly id: string,
    readonly state: TicketState | undefined,
    readonly relations: Relation[],
    readonly hasRelationsFile: boolean,
    private src: Source | undefined,
    private readonly row: number,
  ) {}

  get data(): FrontMatterData { return this.materialize().data; }
  get fields(): TicketFields { return this.materialize().fields; }
  get keyLines(): Record<string, number> { return this.materialize().keyLines; }
  get problems(): Problem[] { return this.materialize().problems; }

  get stamp(): number[] | undefined {
    if (this.ownStamp || !this.src) return this.ownStamp;
    const t = this.src.table, o = this.row * COLS;
    if (t[o + C_SIZE] < 0) return undefined; // read cold: no proven stamps yet
    return this.hasRelationsFile
      ? [t[o + C_SIZE], t[o + C_MTIME], t[o + C_CTIME], t[o + C_REL_SIZE], t[o + C_REL_MTIME], t[o + C_REL_CTIME]]
      : [t[o + C_SIZE], t[o + C_MTIME], t[o + C_CTIME]];
  }
  set stamp(s: number[] | undefined) {
    this.ownStamp = s;
  }

  /** The persisted segment, while nothing has parsed it (saving copies the bytes verbatim). */
  get rawRest(): Buffer | undefined {
    if (this.m || !this.src) return undefined;
    const o = this.row * COLS;
    if (this.src.table[o + C_SIZE] === HEAD_ROW) return undefined;
    return this.src.bytes.subarray(this.src.table[o + C_REST_START], this.src.table[o + C_REST_END]);
  }

  private materialize(): Materialized {
    if (this.m) return this.m;
    const src = this.src!;
    if (!this.ownStamp) this.ownStamp = this.stamp;
    this.src = undefined; // the file's bytes can go once every record has been parsed
    const o = this.row * COLS;
    try {
      if (src.table[o + C_SIZE] === HEAD_ROW) {
        const item = parseIndexItem(src.bytes.toString('utf8', src.table[o + C_REST_START], src.table[o + C_REST_END]), src.root + sep + this.id + ITEM_SUFFIX);
        const e0 = src.table[o + C_MTIME], e1 = src.table[o + C_CTIME];
        const extra = e1 > e0 ? (JSON.parse(src.bytes.toString('utf8', e0, e1)) as Problem[]) : undefined;
        const problems = extra ? [...item.problems, ...extra] : item.problems;
        this.m = { data: item.data, fields: item.fields, keyLines: item.keyLines, problems: problems.length ? problems : EMPTY_PROBLEMS };
        return this.m;
      }
      const r = JSON.parse(src.bytes.toString('utf8', src.table[o + C_REST_START], src.table[o + C_REST_END])) as Rest;
      const data = r[0];
      const keyLines = r[2] === 0 ? defaultKeyLines(data) : r[2];
      this.m = {
        data, keyLines,
        fields: r[1] === 0 ? ticketFields(data, keyLines, ticketPaths(src.root, this.id).item).fields : r[1],
        problems: r[3] === 0 ? EMPTY_PROBLEMS : r[3],
      };
    } catch {
      const fresh = src.reread(this.id);
      this.m = fresh
        ? { data: fresh.data, fields: fresh.fields, keyLines: fresh.keyLines, problems: fresh.problems }
        : { data: {}, fields: { stateSource: 'default', riskFlags: [] }, keyLines: {}, problems: EMPTY_PROBLEMS };
    }
    return this.m;
  }
}

/** The JSON segment of a record (verbatim bytes when it was restored and never parsed). */
export function restSegment(root: string, rec: TicketRecord): Buffer | string {
  if (rec instanceof LazyRecord) {
    const raw = rec.rawRest;
    if (raw) return raw;
  }
  const data = rec.data;
  const keyLines = rec.keyLines;
  const defaultLines = keyLinesAreDefault(data, keyLines);
  // Records come from readTicketRecord (or a segment it wrote): whenever the front matter was
  // readable — any key at all — its fields are ticketFields(data). Only an empty front matter can
  // carry other fields (unreadable item.md), so only then compare (the comparison costs more than
  // the stringifying itself, and a worker encodes thousands of records per cold build).
  let fields: TicketFields | 0 = 0;
  if (!hasKey(data)) {
    const derived = ticketFields(data, keyLines, ticketPaths(root, rec.id).item).fields;
    if (JSON.stringify(derived) !== JSON.stringify(rec.fields)) fields = rec.fields;
  }
  const rest: Rest = [data, fields, defaultLines ? 0 : keyLines, rec.problems.length ? rec.problems : 0];
  return JSON.stringify(rest);
}

function hasKey(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

// ---- chunks from an index worker -----------------------------------------------------------------

/** A cold-read chunk as one transferable buffer: the table (COLS float64s per record) followed by
 * the records' segments. */
export interface EncodedChunk {
  ids: string[];
  bytes: ArrayBuffer;
}

/** Lays freshly read records out as a chunk, in the worker. `sources[i]`: what record i was read
 * from (readTicketRecord's `out`); its item.md head is sent instead of the stringified front matter
 * (records whose item.md could not be read go as JSON). */
export function encodeChunk(root: string, records: readonly TicketRecord[], sources: readonly RecordSource[]): EncodedChunk {
  const n = records.length;
  const tableBytes = n * COLS * 8;
  const segments: (Buffer | string)[] = [];
  const rels: string[] = [];
  const extras: string[] = [];
  let total = tableBytes;
  for (let i = 0; i < n; i++) {
    const rec = records[i];
    const r = rec.relations.length ? JSON.stringify(rec.relations) : '';
    rels.push(r);
    const src = sources[i];
    const rest = src.head !== undefined ? src.head : restSegment(root, rec);
    const extra = src.head !== undefined && rec.problems.length > src.itemProblems ? JSON.stringify(rec.problems.slice(src.itemProblems)) : '';
    segments.push(rest);
    extras.push(extra);
    total += (r ? Buffer.byteLength(r) + 1 : 0) + (typeof rest === 'string' ? Buffer.byteLength(rest) : rest.length) + 1 + (extra ? Buffer.byteLength(extra) + 1 : 0);
  }
  const bytes = new ArrayBuffer(total);
  const out = Buffer.from(bytes);
  const table = new Float64Array(bytes, 0, n * COLS);
  let pos = tableBytes;
  for (let i = 0; i < n; i++) {
    const rec = records[i], o = i * COLS;
    table[o + C_READ_AT] = rec.readAt ?? 0;
    table[o + C_SIZE] = sources[i].head !== undefined ? HEAD_ROW : JSON_ROW;
    table[o + C_REL_SIZE] = rec.hasRelationsFile ? 0 : -1;
    table[o + C_STATE] = rec.state ? TICKET_STATES.indexOf(rec.state) + 1 : 0;
    table[o + C_REL_START] = pos;
    if (rels[i]) pos += out.write(rels[i], pos, 'utf8');
    table[o + C_REL_END] = pos;
    if (rels[i]) out[pos++] = 10;
    table[o + C_REST_START] = pos;
    const rest = segments[i];
    pos += typeof rest === 'string' ? out.write(rest, pos, 'utf8') : rest.copy(out, pos);
    table[o + C_REST_END] = pos;
    out[pos++] = 10;
    table[o + C_MTIME] = table[o + C_CTIME] = pos;
    if (extras[i]) {
      pos += out.write(extras[i], pos, 'utf8');
      table[o + C_CTIME] = pos;
      out[pos++] = 10;
    }
  }
  return { ids: records.map((r) => r.id), bytes };
}

/** The records of a chunk, parsed lazily; `reread` is the fallback for a segment that fails to parse. */
export function decodeChunk(root: string, chunk: EncodedChunk, reread: (id: string) => TicketRecord | undefined): TicketRecord[] {
  const n = chunk.ids.length;
  const table = new Float64Array(chunk.bytes, 0, n * COLS);
  const bytes = Buffer.from(chunk.bytes);
  const src: Source = { bytes, table, root, reread };
  const out: TicketRecord[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * COLS;
    const id = chunk.ids[i];
    let relations = EMPTY_RELATIONS;
    const r0 = table[o + C_REL_START], r1 = table[o + C_REL_END];
    if (r1 > r0) relations = JSON.parse(bytes.toString('utf8', r0, r1)) as Relation[];
    const code = table[o + C_STATE];
    const rec = new LazyRecord(id, code === 0 ? undefined : TICKET_STATES[code - 1], relations, table[o + C_REL_SIZE] >= 0, src, i);
    rec.readAt = table[o + C_READ_AT];
    out[i] = rec;
  }
  return out;
}
