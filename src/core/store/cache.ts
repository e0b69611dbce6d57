// Persisted index cache (warm start). One file per tickets root: a header line, one line per Ticket
// (its index record plus the size/mtime/ctime of item.md and relations.json when it was read) and a
// trailer line that proves the file is complete.
//
// Restore = list the root, stat every cached item.md (and every cached relations.json), reuse the
// record when the stamps match, re-read only changed/added Tickets, drop removed ones. The result is
// identical to a cold build (tests prove it on the corpus, synthetic stores and random edits).
//
// Restoring must cost little more than those stats, so a reused record is not parsed: it keeps its
// state and relations (which counts and blockers need) and an offset into the file's bytes; front
// matter, fields and problems are parsed the first time something asks for them.
//
// A Ticket without relations.json is restored without probing for a new one (that probe costs as
// much as the item.md stat); `probeNewRelations` does it right after, off the critical path, and
// returns a normal ChangeSet. (yoi bumps item.md's updated_at whenever it writes relations.json, so
// only hand-made files are found that way.)
//
// Racy stamps: a record is persisted only with stamps proving the files had not changed since the
// record was read (ctime and mtime older than the read by more than `racySlackMs`, which covers
// coarse file-system clocks). Other records are left out and simply re-read on the next start.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname, join, sep } from 'node:path';
import { TICKET_STATES } from '../states';
import type { Relation } from '../relations/relations';
import { ticketPaths } from './paths';
import { C_CTIME, C_MTIME, C_READ_AT, C_REL_CTIME, C_REL_END, C_REL_MTIME, C_REL_SIZE, C_REL_START, C_REST_END, C_REST_START, C_SIZE, C_STATE, COLS, LazyRecord, restSegment, Source } from './lazyRecord';
import { ITEM_SUFFIX, NO_RELATIONS, RELATIONS_SUFFIX } from './recordReader';
import type { WarmValidation } from './indexWorkers';
import { VERDICT_CHANGED, VERDICT_SAME, VERDICT_UNKNOWN } from './indexWorkerProtocol';
import { ChangeSet, LoadOptions, TicketRecord, TicketStore } from './ticketStore';

/** Bump whenever the record shape or anything the reader derives changes. */
export const INDEX_CACHE_VERSION = 2;
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
  /** True when the root's listing came from the cache (the root folder was unchanged). */
  listingReused: boolean;
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

// ---- file layout --------------------------------------------------------------------------------
//
//   0  "YOIIDX01"            magic + layout version
//   8  f64 1.5               byte-order check (the file never leaves this machine, but be sure)
//  16  f64 N                 Tickets
//  24  f64 file length       a torn or truncated file is rejected
//  32  f64 header length     bytes of the header JSON
//  40  f64[N × COLS]         per Ticket: stamps, state and the offsets of its JSON segments
//      header JSON           { format, version, salt, root, savedAt, names: [folder name × N],
//                              listing?: { stamp: [mtimeMs, ctimeMs], extra: [other root names] } }
//
// `listing` is there when the root folder provably did not change while it was listed at save
// time (every row's folder was in that listing). A restore whose stat of the root finds the same
// stamp skips listing the root: the names are the rows plus `extra` (adding, removing or renaming a
// folder in the root always updates the root's mtime and ctime).
//      segments              per Ticket: relations JSON (if any), then
//                            [data, fields | 0, keyLines | 0, problems | 0], each followed by \n
//
// The stamps sit in a binary table so that validating a Ticket costs one stat and three float
// comparisons: no text to scan, nothing to parse, nothing to allocate. `fields` 0 = ticketFields
// (data) gives them; `keyLines` 0 = one key per line from line 2.

const MAGIC = 'YOIIDX01';
const PREFIX = 40;
interface Stamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

const statOrUndefined = (p: string): Stamp | undefined => statSync(p, { throwIfNoEntry: false });

/** Stamps for a record that has none yet; undefined when they cannot be trusted (racy/changed). */
function stampRecord(root: string, rec: TicketRecord, slack: number): number[] | undefined {
  const known = rec.stamp;
  if (known) return known;
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

interface Row {
  id: string;
  readAt: number;
  stamp: number[];
  state: number;
  relations: string;
  rest: Buffer | string;
}

function rowOf(root: string, rec: TicketRecord, stamp: number[]): Row {
  return {
    id: rec.id, readAt: rec.readAt ?? 0, stamp, state: rec.state ? TICKET_STATES.indexOf(rec.state) + 1 : 0,
    relations: rec.relations.length ? JSON.stringify(rec.relations) : '', rest: restSegment(root, rec),
  };
}

const byteLength = (x: Buffer | string) => (typeof x === 'string' ? Buffer.byteLength(x) : x.length);

/** Rows per step of the (yielding) encoder. */
const ENCODE_STEP = 2000;

/** Lays the rows out as one file (see the layout above); yields between steps. */
function* encodeSteps(store: TicketStore, rows: Row[], opts: IndexCacheOptions, listing: RootListing | undefined, result: { bytes?: Buffer }): Generator<void> {
  const names = rows.map((r) => r.id);
  const persistedListing = listingFor(names, listing);
  yield;
  const head = Buffer.from(JSON.stringify({ format: FORMAT, version: INDEX_CACHE_VERSION, salt: opts.salt ?? '', root: store.root, savedAt: Date.now(), names, listing: persistedListing }));
  yield;
  const n = rows.length;
  let pos = PREFIX + n * COLS * 8 + head.length;
  const tableStart = PREFIX;
  let total = pos;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    total += (r.relations ? Buffer.byteLength(r.relations) + 1 : 0) + byteLength(r.rest) + 1;
    if ((i + 1) % ENCODE_STEP === 0) yield;
  }
  yield;
  // Every byte is written below, so no zero-fill; "slow" buffers are never pooled: byteOffset 0,
  // so the float table is aligned.
  const out = Buffer.allocUnsafeSlow(total);
  out.write(MAGIC, 0, 'latin1');
  const pre = new Float64Array(out.buffer, out.byteOffset + 8, 4);
  pre[0] = 1.5;
  pre[1] = n;
  pre[2] = total;
  pre[3] = head.length;
  const table = new Float64Array(out.buffer, out.byteOffset + tableStart, n * COLS);
  head.copy(out, tableStart + n * COLS * 8);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const o = i * COLS;
    table[o + C_READ_AT] = r.readAt;
    table[o + C_SIZE] = r.stamp[0];
    table[o + C_MTIME] = r.stamp[1];
    table[o + C_CTIME] = r.stamp[2];
    table[o + C_REL_SIZE] = r.stamp.length > 3 ? r.stamp[3] : -1;
    table[o + C_REL_MTIME] = r.stamp.length > 3 ? r.stamp[4] : 0;
    table[o + C_REL_CTIME] = r.stamp.length > 3 ? r.stamp[5] : 0;
    table[o + C_STATE] = r.state;
    table[o + C_REL_START] = pos;
    if (r.relations) pos += out.write(r.relations, pos, 'utf8');
    table[o + C_REL_END] = pos;
    if (r.relations) out[pos++] = 10;
    table[o + C_REST_START] = pos;
    pos += typeof r.rest === 'string' ? out.write(r.rest, pos, 'utf8') : r.rest.copy(out, pos);
    table[o + C_REST_END] = pos;
    out[pos++] = 10;
    if ((i + 1) % ENCODE_STEP === 0) yield;
  }
  result.bytes = out;
}

function encode(store: TicketStore, rows: Row[], opts: IndexCacheOptions, listing: RootListing | undefined): Buffer {
  const result: { bytes?: Buffer } = {};
  for (const _ of encodeSteps(store, rows, opts, listing, result)) { /* run to the end */ }
  return result.bytes!;
}

// ---- the root listing ---------------------------------------------------------------------------

/** The root's names with the root folder's stamp, taken when nothing changed while listing. */
interface RootListing {
  stamp: [number, number];
  names: string[];
}

interface PersistedListing {
  stamp: [number, number];
  extra: string[];
}

/** Stat, list, stat: the listing is kept only when both stats agree and are older than the slack. */
function rootListingSync(root: string, slack: number): RootListing | undefined {
  try {
    const limit = Date.now() - slack;
    const a = statSync(root);
    const names = readdirSync(root);
    const b = statSync(root);
    return stableListing(a, b, limit, names);
  } catch {
    return undefined;
  }
}

async function rootListing(root: string, slack: number): Promise<RootListing | undefined> {
  try {
    const limit = Date.now() - slack;
    const a = await stat(root);
    const names = await readdir(root);
    const b = await stat(root);
    return stableListing(a, b, limit, names);
  } catch {
    return undefined;
  }
}

function stableListing(a: Stamp, b: Stamp, limit: number, names: string[]): RootListing | undefined {
  if (a.mtimeMs !== b.mtimeMs || a.ctimeMs !== b.ctimeMs || b.mtimeMs >= limit || b.ctimeMs >= limit) return undefined;
  return { stamp: [b.mtimeMs, b.ctimeMs], names };
}

/** The listing as stored: only when it holds every row (else a restore must list the root).
 * Names are unique on both sides, so "every row listed" = "listed rows = rows" (one Set). */
function listingFor(rowNames: string[], listing: RootListing | undefined): PersistedListing | undefined {
  if (!listing) return undefined;
  const rowSet = new Set(rowNames);
  const extra = listing.names.filter((n) => !rowSet.has(n));
  return listing.names.length - extra.length === rowNames.length ? { stamp: listing.stamp, extra } : undefined;
}

/** The root's names from the cache when the root folder still has the stamp it had when listed. */
function cachedListing(root: string, names: string[], persisted: unknown): string[] | undefined {
  const p = persisted as PersistedListing | undefined;
  if (!p || !Array.isArray(p.stamp) || !Array.isArray(p.extra)) return undefined;
  const now = statOrUndefined(root);
  if (!now || now.mtimeMs !== p.stamp[0] || now.ctimeMs !== p.stamp[1]) return undefined;
  return p.extra.length ? names.concat(p.extra as string[]) : names;
}

// ---- saving -------------------------------------------------------------------------------------

/** Writes the cache synchronously (CLI, tests, extension shutdown). Never throws for I/O. */
export function saveIndexCacheSync(store: TicketStore, file: string, opts: IndexCacheOptions = {}): SaveReport {
  const slack = opts.racySlackMs ?? 2000;
  const rows: Row[] = [];
  let racy = 0;
  for (const rec of store.cacheRecords()) {
    const stamp = stampRecord(store.root, rec, slack);
    if (!stamp) { racy++; continue; }
    rec.stamp = stamp;
    rows.push(rowOf(store.root, rec, stamp));
  }
  const bytes = encode(store, rows, opts, rootListingSync(store.root, slack));
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  } catch {
    try { unlinkSync(tmp); } catch { /* never written */ }
    return { written: 0, racy, bytes: 0, file };
  }
  return { written: rows.length, racy, bytes: bytes.length, file };
}

/** Writes the cache in yielding batches (stat + serialise), then writes the file asynchronously. */
export async function saveIndexCache(store: TicketStore, file: string, opts: IndexCacheOptions & LoadOptions = {}): Promise<SaveReport> {
  const slack = opts.racySlackMs ?? 2000;
  const batch = Math.max(1, opts.batchSize ?? 500);
  const pause = opts.yield ?? (() => new Promise<void>((r) => setImmediate(r)));
  const rows: Row[] = [];
  let racy = 0;
  // Snapshot the record list first: the index may change while this yields.
  const recs = [...store.cacheRecords()];
  for (let i = 0; i < recs.length; i++) {
    const rec = recs[i];
    const stamp = stampRecord(store.root, rec, slack);
    if (!stamp) racy++;
    else {
      rec.stamp = stamp;
      rows.push(rowOf(store.root, rec, stamp));
    }
    if ((i + 1) % batch === 0) await pause();
  }
  const listing = await rootListing(store.root, slack);
  const encoded: { bytes?: Buffer } = {};
  for (const _ of encodeSteps(store, rows, opts, listing, encoded)) await pause();
  const bytes = encoded.bytes!;
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(tmp, bytes);
    await rename(tmp, file);
  } catch {
    await unlink(tmp).catch(() => undefined);
    return { written: 0, racy, bytes: 0, file };
  }
  return { written: rows.length, racy, bytes: bytes.length, file };
}

// ---- restoring ----------------------------------------------------------------------------------

interface OpenedCache {
  src: Source;
  /** Ticket folder name → row, built on first use: a restore from the cached listing asks for the
   * rows in order and never needs it. */
  rows?: Map<string, number>;
  /** Rows already handed out (a folder name is listed once; flags are cheaper than Map deletes). */
  used: Uint8Array;
  /** Row names in row order. */
  names: string[];
  /** The root's names, when the cache proved them current. */
  listing?: string[];
}

function openCache(store: TicketStore, file: string, opts: IndexCacheOptions): OpenedCache | string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return 'no cache file';
  }
  return parseCache(store, bytes, opts);
}

async function openCacheAsync(store: TicketStore, file: string, opts: IndexCacheOptions): Promise<OpenedCache | string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file); // tens of megabytes at 50,000 tickets: off the thread
  } catch {
    return 'no cache file';
  }
  return parseCache(store, bytes, opts);
}

function parseCache(store: TicketStore, bytes: Buffer, opts: IndexCacheOptions): OpenedCache | string {
  if (bytes.length < PREFIX || bytes.toString('latin1', 0, 8) !== MAGIC) return 'cache format changed';
  if (bytes.byteOffset % 8 !== 0) bytes = Buffer.from(bytes); // align the float table
  const pre = new Float64Array(bytes.buffer, bytes.byteOffset + 8, 4);
  const n = pre[1];
  if (pre[0] !== 1.5) return 'cache byte order differs';
  if (pre[2] !== bytes.length || !Number.isInteger(n) || n < 0 || PREFIX + n * COLS * 8 + pre[3] > bytes.length) return 'truncated cache file';
  let head: { format?: unknown; version?: unknown; salt?: unknown; root?: unknown; names?: unknown; listing?: unknown };
  const headStart = PREFIX + n * COLS * 8;
  try {
    head = JSON.parse(bytes.toString('utf8', headStart, headStart + pre[3]));
  } catch {
    return 'unreadable cache file';
  }
  if (head.format !== FORMAT || head.version !== INDEX_CACHE_VERSION) return 'cache format changed';
  if (head.salt !== (opts.salt ?? '')) return 'cache salt changed';
  if (head.root !== store.root) return 'cache is for another root';
  const names = head.names;
  if (!Array.isArray(names) || names.length !== n) return 'corrupt cache file';
  const table = new Float64Array(bytes.buffer, bytes.byteOffset + PREFIX, n * COLS);
  return {
    used: new Uint8Array(n), names: names as string[], listing: cachedListing(store.root, names as string[], head.listing),
    src: { bytes, table, root: store.root, reread: (id) => store.readRecordForCache(id) },
  };
}

function rowsByName(names: readonly string[]): Map<string, number> {
  const rows = new Map<string, number>();
  for (let i = 0; i < names.length; i++) rows.set(names[i], i);
  return rows;
}

/** The `reuse` hook for a store load: validated records from the cache, undefined → read from disk. */
function reuser(store: TicketStore, cache: OpenedCache, opts: RestoreOptions, report: RestoreReport, checked?: WarmValidation): (id: string) => TicketRecord | undefined {
  const root = store.root;
  const prefix = root.endsWith(sep) ? root : root + sep;
  const { src } = cache;
  const { bytes, table } = src;
  const names = cache.names;
  // A load from the cached listing asks for the rows in order: no map lookup for those.
  let next = 0;
  return (id) => {
    let row: number | undefined;
    if (next < names.length && names[next] === id) row = next++;
    else row = (cache.rows ??= rowsByName(names)).get(id);
    if (row === undefined || cache.used[row]) { report.reread++; return undefined; }
    cache.used[row] = 1;
    const o = row * COLS;
    // Rows an index worker already compared (it works up from the last row).
    const verdict = checked ? checked.verdict(row) : VERDICT_UNKNOWN;
    if (checked && (row & 31) === 0) checked.advance(row);
    if (verdict === VERDICT_CHANGED) { report.reread++; return undefined; }
    if (verdict === VERDICT_SAME) return reuseRow(id, row, o);
    // Validate the stamps first: one stat, three comparisons; no reading, no parsing.
    const it = statOrUndefined(prefix + id + ITEM_SUFFIX);
    if (!it || it.size !== table[o + C_SIZE] || it.mtimeMs !== table[o + C_MTIME] || it.ctimeMs !== table[o + C_CTIME]) { report.reread++; return undefined; }
    const relSize = table[o + C_REL_SIZE];
    if (relSize >= 0) {
      const rs = statOrUndefined(prefix + id + RELATIONS_SUFFIX);
      if (!rs || rs.size !== relSize || rs.mtimeMs !== table[o + C_REL_MTIME] || rs.ctimeMs !== table[o + C_REL_CTIME]) { report.reread++; return undefined; }
    } else if (opts.probeRelations && statOrUndefined(prefix + id + RELATIONS_SUFFIX)) {
      report.reread++;
      return undefined;
    }
    return reuseRow(id, row, o);
  };

  function reuseRow(id: string, row: number, o: number): TicketRecord | undefined {
    const relSize = table[o + C_REL_SIZE];
    const stateCode = table[o + C_STATE];
    if (!(stateCode >= 0 && stateCode <= TICKET_STATES.length)) { report.reread++; return undefined; }
    let relations = NO_RELATIONS;
    const r0 = table[o + C_REL_START], r1 = table[o + C_REL_END];
    if (r1 > r0) {
      try {
        relations = JSON.parse(bytes.toString('utf8', r0, r1)) as Relation[];
      } catch {
        report.reread++;
        return undefined;
      }
    }
    const rec = new LazyRecord(id, stateCode === 0 ? undefined : TICKET_STATES[stateCode - 1], relations, relSize >= 0, src, row);
    rec.readAt = table[o + C_READ_AT];
    report.reused++;
    if (relSize < 0 && !opts.probeRelations) report.unprobed.push(id);
    return rec;
  }
}

/** Has the index workers (when the store is large enough) compare stamps from the last row up. */
function startValidation(store: TicketStore, cache: OpenedCache, opts: RestoreOptions & LoadOptions): WarmValidation | undefined {
  const workers = opts.workers;
  if (!workers?.wants(cache.names.length)) return undefined;
  const t = cache.src.table;
  const prefix = store.root.endsWith(sep) ? store.root : store.root + sep;
  return workers.validate(prefix, cache.names, (row, out, at) => {
    const o = row * COLS;
    out[at] = t[o + C_SIZE];
    out[at + 1] = t[o + C_MTIME];
    out[at + 2] = t[o + C_CTIME];
    out[at + 3] = t[o + C_REL_SIZE];
    out[at + 4] = t[o + C_REL_MTIME];
    out[at + 5] = t[o + C_REL_CTIME];
  }, !!opts.probeRelations);
}

function newReport(): RestoreReport {
  return { used: false, reused: 0, reread: 0, dropped: 0, unprobed: [], listingReused: false };
}

/** Builds the index from the cache (falls back to a cold build when there is no usable cache). */
export function restoreIndexSync(store: TicketStore, file: string, opts: RestoreOptions & Pick<LoadOptions, 'workers'> = {}): RestoreReport {
  const report = newReport();
  const cache = openCache(store, file, opts);
  if (typeof cache === 'string') {
    report.reason = cache;
    store.loadSync({ workers: opts.workers });
    report.reread = store.size;
    return report;
  }
  report.used = true;
  report.listingReused = cache.listing !== undefined;
  const checked = startValidation(store, cache, opts);
  try {
    store.loadSync({ reuse: reuser(store, cache, opts, report, checked), listing: cache.listing });
  } finally {
    checked?.finish();
  }
  report.dropped = cache.used.length - cache.used.reduce((a, b) => a + b, 0);
  return report;
}

/** Same as restoreIndexSync, in yielding batches (extension host). */
export async function restoreIndex(store: TicketStore, file: string, opts: RestoreOptions & LoadOptions = {}): Promise<RestoreReport> {
  const report = newReport();
  const cache = await openCacheAsync(store, file, opts);
  if (typeof cache === 'string') {
    report.reason = cache;
    await store.load(opts);
    report.reread = store.size;
    return report;
  }
  report.used = true;
  report.listingReused = cache.listing !== undefined;
  const checked = startValidation(store, cache, opts);
  try {
    await store.load({ ...opts, reuse: reuser(store, cache, opts, report, checked), listing: cache.listing });
  } finally {
    checked?.finish();
  }
  report.dropped = cache.used.length - cache.used.reduce((a, b) => a + b, 0);
  return report;
}

// ---- the deferred relations.json probe ----------------------------------------------------------

/** Probes restored Tickets for a relations.json the cache did not know about; applies any found. */
export function probeNewRelationsSync(store: TicketStore, ids: readonly string[]): ChangeSet {
  const found: string[] = [];
  for (const id of ids) {
    const p = ticketPaths(store.root, id).relations;
    if (statOrUndefined(p)) found.push(p);
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
  return store.applyChanges(found);
}
