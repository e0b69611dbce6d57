// Persisted index cache (warm start). One JSON Lines file per tickets root: a header line, one line
// per Ticket (its index record plus the size/mtime/ctime of item.md and relations.json when it was
// read), and a trailer line that proves the file is complete.
//
// Restore = list the root, stat every cached item.md (and every cached relations.json), reuse the
// record when the stamps match, re-read only changed/added Tickets, drop removed ones. The result is
// identical to a cold build (tests prove it on the corpus, synthetic stores and random edits).
//
// A Ticket without relations.json is restored without probing for a new one (that probe would cost
// as much as the item.md stat); `probeNewRelations` does it right after, in the background, and
// returns a normal ChangeSet. (yoi bumps item.md's updated_at whenever it adds a relation, so only
// hand-made files are found this way.)
//
// Racy stamps: a record is only persisted with stamps that prove the file had not changed since the
// record was read (ctime and mtime older than the read by more than `racySlackMs`, which covers
// coarse file-system clocks). Other records are simply left out and re-read on the next start.
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { writeFile, rename, unlink, mkdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Problem } from '../problems';
import type { FrontMatterData } from '../ticket/frontMatter';
import type { TicketFields } from '../ticket/fields';
import type { Relation } from '../relations/relations';
import { ticketPaths } from './paths';
import { ChangeSet, LoadOptions, TicketRecord, TicketStore } from './ticketStore';

/** Bump whenever the record shape or anything the reader derives changes. */
export const INDEX_CACHE_VERSION = 1;
const FORMAT = 'yoi-vscode/ticket-index';

export interface IndexCacheOptions {
  /** Mixed into the header; a different salt (e.g. the extension version) invalidates the file. */
  salt?: string;
  /** Stamps closer than this to the read are not trusted (default 2000 ms). */
  racySlackMs?: number;
}

export interface RestoreOptions extends IndexCacheOptions {
  /** Also probe for relations.json files that appeared beside cached Tickets (default false:
   * call `probeNewRelations` afterwards, off the critical path). */
  probeRelations?: boolean;
}

export interface RestoreReport {
  /** False when there was no usable cache (then the store was built cold). */
  used: boolean;
  /** Why the cache was not used. */
  reason?: string;
  /** Tickets restored from the cache / read from disk / cached but gone. */
  reused: number;
  reread: number;
  dropped: number;
  /** Restored Tickets whose folder has not been probed for a new relations.json yet. */
  unprobed: string[];
}

export interface SaveReport {
  /** Tickets written. */
  written: number;
  /** Tickets left out because their files changed too recently to trust the stamps. */
  racy: number;
  bytes: number;
  file: string;
}

/** Where a tickets root's cache lives inside an extension storage folder. */
export function indexCacheFile(storageDir: string, ticketsRoot: string): string {
  const h = createHash('sha256').update(ticketsRoot).digest('hex').slice(0, 16);
  return join(storageDir, 'ticket-index', `${h}.jsonl`);
}

// ---- entries ------------------------------------------------------------------------------------

// One Ticket line: JSON(name) TAB JSON(entry). JSON never writes a raw tab, so the first tab splits.
// entry = [readAt, itemSize, itemMtimeMs, itemCtimeMs, relSize (-1: none), relMtimeMs, relCtimeMs,
//          data, fields, keyLines | 0 (= one key per line), problems | 0, relations | 0]
type Entry = [number, number, number, number, number, number, number, FrontMatterData, TicketFields, Record<string, number> | 0, Problem[] | 0, Relation[] | 0];

const EMPTY_PROBLEMS: Problem[] = Object.freeze([]) as unknown as Problem[];
const EMPTY_RELATIONS: Relation[] = Object.freeze([]) as unknown as Relation[];

/** True when keyLines is exactly "key i of data is on file line i + 2" (yoi's writer style). */
function keyLinesAreDefault(data: FrontMatterData, keyLines: Record<string, number>): boolean {
  let i = 0;
  for (const k in data) {
    if (keyLines[k] !== i + 2) return false;
    i++;
  }
  let n = 0;
  for (const _ in keyLines) n++;
  return n === i;
}

function defaultKeyLines(data: FrontMatterData): Record<string, number> {
  const out: Record<string, number> = {};
  let i = 2;
  for (const k in data) out[k] = i++;
  return out;
}

interface Stamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

const statOrUndefined = (p: string): Stamp | undefined => statSync(p, { throwIfNoEntry: false });

/** Stamps for a record that has none yet; undefined when they cannot be trusted (racy/changed). */
function stampRecord(root: string, rec: TicketRecord, slack: number): number[] | undefined {
  if (rec.stamp) return rec.stamp;
  const readAt = rec.readAt;
  if (readAt === undefined) return undefined;
  const limit = readAt - slack;
  const p = ticketPaths(root, rec.id);
  const it = statOrUndefined(p.item);
  if (!it || it.mtimeMs >= limit || it.ctimeMs >= limit) return undefined;
  const rs = statOrUndefined(p.relations);
  if (rec.hasRelationsFile) {
    if (!rs || rs.mtimeMs >= limit || rs.ctimeMs >= limit) return undefined;
    return [it.size, it.mtimeMs, it.ctimeMs, rs.size, rs.mtimeMs, rs.ctimeMs];
  }
  if (rs) return undefined; // created after the read: the pending file event will re-read it
  return [it.size, it.mtimeMs, it.ctimeMs];
}

function entryLine(rec: TicketRecord, stamp: number[]): string {
  const e: Entry = [
    rec.readAt ?? 0, stamp[0], stamp[1], stamp[2], stamp.length > 3 ? stamp[3] : -1, stamp.length > 3 ? stamp[4] : 0, stamp.length > 3 ? stamp[5] : 0,
    rec.data, rec.fields, keyLinesAreDefault(rec.data, rec.keyLines) ? 0 : rec.keyLines,
    rec.problems.length ? rec.problems : 0, rec.relations.length ? rec.relations : 0,
  ];
  return JSON.stringify(rec.id) + '\t' + JSON.stringify(e);
}

function header(store: TicketStore, opts: IndexCacheOptions): string {
  return JSON.stringify({ format: FORMAT, version: INDEX_CACHE_VERSION, salt: opts.salt ?? '', root: store.root, savedAt: Date.now() });
}

// ---- saving -------------------------------------------------------------------------------------

function finish(lines: string[], written: number): string {
  lines.push(JSON.stringify({ end: written }));
  return lines.join('\n') + '\n';
}

/** Writes the cache synchronously (CLI, tests, extension shutdown). Never throws for I/O. */
export function saveIndexCacheSync(store: TicketStore, file: string, opts: IndexCacheOptions = {}): SaveReport {
  const slack = opts.racySlackMs ?? 2000;
  const lines = [header(store, opts)];
  let racy = 0;
  for (const rec of store.cacheRecords()) {
    const stamp = stampRecord(store.root, rec, slack);
    if (!stamp) { racy++; continue; }
    rec.stamp = stamp;
    lines.push(entryLine(rec, stamp));
  }
  const written = lines.length - 1;
  const text = finish(lines, written);
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch {
    try { unlinkSync(tmp); } catch { /* never written */ }
    return { written: 0, racy, bytes: 0, file };
  }
  return { written, racy, bytes: Buffer.byteLength(text), file };
}

/** Writes the cache in yielding batches (stat + serialise), then writes the file asynchronously. */
export async function saveIndexCache(store: TicketStore, file: string, opts: IndexCacheOptions & LoadOptions = {}): Promise<SaveReport> {
  const slack = opts.racySlackMs ?? 2000;
  const batch = Math.max(1, opts.batchSize ?? 500);
  const pause = opts.yield ?? (() => new Promise<void>((r) => setImmediate(r)));
  const lines = [header(store, opts)];
  let racy = 0;
  // Snapshot the record list first: the index may change while this yields.
  const recs = [...store.cacheRecords()];
  for (let i = 0; i < recs.length; i++) {
    const rec = recs[i];
    const stamp = stampRecord(store.root, rec, slack);
    if (!stamp) racy++;
    else {
      rec.stamp = stamp;
      lines.push(entryLine(rec, stamp));
    }
    if ((i + 1) % batch === 0) await pause();
  }
  const written = lines.length - 1;
  const text = finish(lines, written);
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(tmp, text);
    await rename(tmp, file);
  } catch {
    await unlink(tmp).catch(() => undefined);
    return { written: 0, racy, bytes: 0, file };
  }
  return { written, racy, bytes: Buffer.byteLength(text), file };
}

// ---- restoring ----------------------------------------------------------------------------------

interface OpenedCache {
  /** Ticket folder name → the entry's JSON text (parsed only when its stamps match). */
  entries: Map<string, string>;
}

function openCache(store: TicketStore, file: string, opts: IndexCacheOptions): OpenedCache | string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return 'no cache file';
  }
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (lines.length < 2) return 'truncated cache file';
  let head: { format?: unknown; version?: unknown; salt?: unknown; root?: unknown };
  let tail: { end?: unknown };
  try {
    head = JSON.parse(lines[0]);
    tail = JSON.parse(lines[lines.length - 1]);
  } catch {
    return 'unreadable cache file';
  }
  if (head.format !== FORMAT || head.version !== INDEX_CACHE_VERSION) return 'cache format changed';
  if (head.salt !== (opts.salt ?? '')) return 'cache salt changed';
  if (head.root !== store.root) return 'cache is for another root';
  if (tail.end !== lines.length - 2) return 'incomplete cache file';
  const entries = new Map<string, string>();
  for (let i = 1; i < lines.length - 1; i++) {
    const line = lines[i];
    const tab = line.indexOf('\t');
    if (tab < 2) return 'corrupt cache line';
    const q = line.slice(0, tab);
    const name = q.indexOf('\\') < 0 ? q.slice(1, -1) : (JSON.parse(q) as string);
    entries.set(name, line.slice(tab + 1));
  }
  return { entries };
}

/** The `reuse` hook for a store load: validated records from the cache, undefined → read from disk. */
function reuser(store: TicketStore, cache: OpenedCache, opts: RestoreOptions, report: RestoreReport): (id: string) => TicketRecord | undefined {
  const root = store.root;
  return (id) => {
    const json = cache.entries.get(id);
    if (json === undefined) { report.reread++; return undefined; }
    cache.entries.delete(id);
    const p = ticketPaths(root, id);
    // Validate the stamps before paying for the parse: stat only, no reads.
    const head = /^\[([^,]*),([^,]*),([^,]*),([^,]*),([^,]*),([^,]*),([^,]*),/.exec(json);
    if (!head) { report.reread++; return undefined; }
    const it = statOrUndefined(p.item);
    if (!it || it.size !== +head[2] || it.mtimeMs !== +head[3] || it.ctimeMs !== +head[4]) { report.reread++; return undefined; }
    const relSize = +head[5];
    let stamp: number[];
    if (relSize >= 0) {
      const rs = statOrUndefined(p.relations);
      if (!rs || rs.size !== relSize || rs.mtimeMs !== +head[6] || rs.ctimeMs !== +head[7]) { report.reread++; return undefined; }
      stamp = [it.size, it.mtimeMs, it.ctimeMs, rs.size, rs.mtimeMs, rs.ctimeMs];
    } else {
      if (opts.probeRelations && statOrUndefined(p.relations)) { report.reread++; return undefined; }
      stamp = [it.size, it.mtimeMs, it.ctimeMs];
    }
    let e: Entry;
    try {
      e = JSON.parse(json) as Entry;
    } catch {
      report.reread++;
      return undefined;
    }
    report.reused++;
    if (relSize < 0 && !opts.probeRelations) report.unprobed.push(id);
    return {
      id, data: e[7], fields: e[8], keyLines: e[9] === 0 ? defaultKeyLines(e[7]) : e[9],
      problems: e[10] === 0 ? EMPTY_PROBLEMS : e[10], relations: e[11] === 0 ? EMPTY_RELATIONS : e[11],
      hasRelationsFile: relSize >= 0, readAt: e[0], stamp,
    };
  };
}

function newReport(): RestoreReport {
  return { used: false, reused: 0, reread: 0, dropped: 0, unprobed: [] };
}

/** Builds the index from the cache (falls back to a cold build when there is no usable cache). */
export function restoreIndexSync(store: TicketStore, file: string, opts: RestoreOptions = {}): RestoreReport {
  const report = newReport();
  const cache = openCache(store, file, opts);
  if (typeof cache === 'string') {
    report.reason = cache;
    store.loadSync();
    report.reread = store.size;
    return report;
  }
  report.used = true;
  store.loadSync({ reuse: reuser(store, cache, opts, report) });
  report.dropped = cache.entries.size;
  return report;
}

/** Same as restoreIndexSync, in yielding batches (extension host). */
export async function restoreIndex(store: TicketStore, file: string, opts: RestoreOptions & LoadOptions = {}): Promise<RestoreReport> {
  const report = newReport();
  const cache = openCache(store, file, opts);
  if (typeof cache === 'string') {
    report.reason = cache;
    await store.load(opts);
    report.reread = store.size;
    return report;
  }
  report.used = true;
  await store.load({ ...opts, reuse: reuser(store, cache, opts, report) });
  report.dropped = cache.entries.size;
  return report;
}

// ---- the deferred relations.json probe ----------------------------------------------------------

/** Probes restored Tickets for a relations.json the cache did not know about; applies any found. */
export function probeNewRelationsSync(store: TicketStore, ids: readonly string[]): ChangeSet {
  const found: string[] = [];
  for (const id of ids) {
    const p = ticketPaths(store.root, id).relations;
    if (store.has(id) && statOrUndefined(p)) found.push(p);
  }
  return store.applyChanges(found);
}

/** probeNewRelationsSync in yielding batches. */
export async function probeNewRelations(store: TicketStore, ids: readonly string[], opts: LoadOptions = {}): Promise<ChangeSet> {
  const batch = Math.max(1, opts.batchSize ?? 1000);
  const pause = opts.yield ?? (() => new Promise<void>((r) => setImmediate(r)));
  const found: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    const p = ticketPaths(store.root, ids[i]).relations;
    if (statOrUndefined(p)) found.push(p);
    if ((i + 1) % batch === 0) await pause();
  }
  return store.applyChanges(found.filter((p) => store.has(store.ticketIdOf(p)!.id)));
}
