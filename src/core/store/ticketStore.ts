// In-memory index of one tickets root. Built once (sync or in yielding batches), then updated per
// changed path — never a full rescan per file event. The index keeps only front matter and
// relations; bodies, threads and plan records are read on demand (threads cached by mtime/size).
import { readdirSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { isId } from '../ids';
import { Problem, problem } from '../problems';
import { computeBlockers, activeBlockers, Blocker } from '../relations/blockers';
import type { Relation } from '../relations/relations';
import { TicketState } from '../states';
import { FrontMatterData } from '../ticket/frontMatter';
import { TicketFields } from '../ticket/fields';
import { readTicketRecord } from './recordReader';
import { IndexWorkers, runJob, runJobSync } from './indexWorkers';
import { ticketPaths, TicketPaths } from './paths';
import { ThreadCache } from './threadCache';
import { ParsedThread } from '../thread/thread';

/** What the index keeps per Ticket (small: no bodies). Exported for the persisted cache. */
export interface TicketRecord {
  id: string;
  data: FrontMatterData;
  fields: TicketFields;
  /** = fields.state, kept beside it so counts and blockers never touch the (lazily restored) fields. */
  state: TicketState | undefined;
  keyLines: Record<string, number>;
  /** item.md problems + relations.json problems + folder problems. */
  problems: Problem[];
  relations: Relation[];
  hasRelationsFile: boolean;
  /** When reading this record's files began (ms since the epoch; the cache's racy-stamp check). */
  readAt?: number;
  /** item.md [size, mtimeMs, ctimeMs] (+ relations.json's) once the persisted cache proved them. */
  stamp?: number[];
}

export interface TicketSummary {
  id: string;
  /** Resolved state; undefined when item.md is unreadable or its state is unknown. */
  state: TicketState | undefined;
  /** Title ('' when missing). */
  title: string;
  createdAt?: string;
  updatedAt?: string;
  readiness?: string;
  riskFlags: string[];
  queuedBy?: string;
  queuedAt?: string;
  priority?: string;
  /** Blocking Ticket IDs (§7.1), in relation order. */
  blockedBy: string[];
  blockers: Blocker[];
  /** Blockers not yet queued/inprogress (they prevent queueing). */
  activeBlockers: Blocker[];
  relationsOut: Relation[];
  relationsIn: Relation[];
  problems: Problem[];
  paths: TicketPaths;
  /** Front matter as read (key order kept, unknown keys kept). */
  frontMatter: FrontMatterData;
  keyLines: Record<string, number>;
}

export interface ChangeSet {
  added: string[];
  /** Tickets whose front matter, relations or problems changed. */
  changed: string[];
  removed: string[];
  /** Tickets where some other file changed (thread.md, resolution.md, artifacts). */
  touched: string[];
  /** Tickets whose blockers may have changed because another Ticket's state or relations changed. */
  blockersChanged: string[];
  /** States that gained or lost Tickets or whose Tickets changed (old and new states). */
  states: TicketState[];
}

export interface LoadOptions {
  /** Tickets read per batch before yielding (default 200). */
  batchSize?: number;
  /** Called between batches; default yields to the event loop with setImmediate. */
  yield?: () => Promise<void>;
  /** Also yield once a batch has run this long, whatever its size (default 25 ms): a slow disk
   * or a busy machine must not stretch one batch past the extension host's responsiveness budget. */
  budgetMs?: number;
  /** Persisted cache hook: returns a validated record for a folder name, or undefined to read it. */
  reuse?: (id: string) => TicketRecord | undefined;
  /** The root's names when already known to be current (the persisted cache proved the root
   * folder unchanged since it listed it): no listing of the root. */
  listing?: string[];
  /** Worker threads that share a cold build of a large store (ignored with `reuse`). */
  workers?: IndexWorkers;
}

const LEGACY_BUCKETS = ['open', 'pending', 'closed'];

const errno = (e: unknown) => (e as NodeJS.ErrnoException)?.code;

export class TicketStore {
  readonly root: string;
  private records = new Map<string, TicketRecord>();
  /** target ID → source IDs with a relation to it. */
  private incoming = new Map<string, Set<string>>();
  private sortedIds: string[] | undefined;
  private rootProblems: Problem[] = [];
  private rootExists = false;
  private loaded = false;
  /** Date.now() before the current read pass (stamped on records by put()). */
  private readClock = 0;
  private threads: ThreadCache;

  constructor(root: string, opts: { threadCacheSize?: number } = {}) {
    this.root = resolve(root);
    this.threads = new ThreadCache(opts.threadCacheSize ?? 64);
  }

  /** The Ticket's thread, parsed on demand and cached by mtime/size. */
  thread(id: string): ParsedThread | undefined {
    if (!this.records.has(id)) return undefined;
    return this.threads.get(ticketPaths(this.root, id).thread);
  }

  get exists(): boolean {
    return this.rootExists;
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  /** Problems of the root itself (missing root, legacy bucket folders). */
  get problems(): readonly Problem[] {
    return this.rootProblems;
  }

  get size(): number {
    return this.records.size;
  }

  // ---- building -----------------------------------------------------------------------------

  /** `listed`: the root's names (or the error) when already read asynchronously. */
  private listCandidates(listed?: string[] | Error): string[] {
    let entries: string[];
    this.rootProblems = [];
    try {
      // Names only: file entries are rejected later when they have no item.md (ENOTDIR).
      if (listed instanceof Error) throw listed;
      entries = listed ?? readdirSync(this.root);
      this.rootExists = true;
    } catch (e) {
      this.rootExists = false;
      if (errno(e) !== 'ENOENT' && errno(e) !== 'ENOTDIR') {
        this.rootProblems.push(problem(this.root, 1, 'error', 'store.unreadable-root', `Cannot read the tickets root: ${(e as Error).message}`));
      }
      return [];
    }
    const out: string[] = [];
    for (const name of entries) {
      if (name.charCodeAt(0) === 46 /* . */) continue;
      if (LEGACY_BUCKETS.includes(name)) {
        this.rootProblems.push(problem(resolve(this.root, name), 1, 'error', 'store.legacy-bucket', `Legacy status bucket folder \`${name}/\` (tickets must live directly under the root)`, { name }));
      }
      out.push(name);
    }
    return out;
  }

  /** Reads one Ticket folder; undefined when it is not a Ticket (no item.md file). */
  private readRecord(id: string): TicketRecord | undefined {
    return readTicketRecord(this.root, id, this.readClock);
  }

  private reset(): void {
    this.threads.clear();
    this.records.clear();
    this.incoming.clear();
    this.sortedIds = undefined;
  }

  private put(rec: TicketRecord): void {
    const old = this.records.get(rec.id);
    if (old) this.unindexRelations(old);
    else this.sortedIds = undefined;
    if (rec.readAt === undefined) rec.readAt = this.readClock;
    this.records.set(rec.id, rec);
    for (const r of rec.relations) {
      let s = this.incoming.get(r.target);
      if (!s) this.incoming.set(r.target, (s = new Set()));
      s.add(rec.id);
    }
  }

  /** put() for a synchronous fresh load: folder names are unique, the index was just reset and
   * nothing else can run meanwhile (no old record to unindex, no sorted ID list to drop). */
  private add(rec: TicketRecord): void {
    if (rec.readAt === undefined) rec.readAt = this.readClock;
    this.records.set(rec.id, rec);
    const rels = rec.relations;
    for (let i = 0; i < rels.length; i++) {
      const target = rels[i].target;
      let s = this.incoming.get(target);
      if (!s) this.incoming.set(target, (s = new Set()));
      s.add(rec.id);
    }
  }

  private unindexRelations(rec: TicketRecord): void {
    for (const r of rec.relations) {
      const s = this.incoming.get(r.target);
      if (s) {
        s.delete(rec.id);
        if (!s.size) this.incoming.delete(r.target);
      }
    }
  }

  private delete(id: string): void {
    const old = this.records.get(id);
    if (!old) return;
    this.unindexRelations(old);
    this.records.delete(id);
    this.sortedIds = undefined;
  }

  /** Builds the index synchronously (CLI, tests). */
  loadSync(opts: Pick<LoadOptions, 'reuse' | 'listing' | 'workers'> = {}): this {
    this.reset();
    this.readClock = Date.now();
    const reuse = opts.reuse;
    const ids = this.listCandidates(opts.listing);
    if (!reuse && opts.workers?.wants(ids.length)) {
      runJobSync(opts.workers.read(this.root, ids, this.readClock, (rec) => this.add(rec)));
      this.loaded = true;
      return this;
    }
    for (const id of ids) {
      const rec = (reuse && reuse(id)) || this.readRecord(id);
      if (rec) this.add(rec);
    }
    this.loaded = true;
    return this;
  }

  /** Builds the index in batches, yielding between them so an extension host never blocks long. */
  async load(opts: LoadOptions = {}): Promise<this> {
    const batch = Math.max(1, opts.batchSize ?? 200);
    const pause = opts.yield ?? (() => new Promise<void>((r) => setImmediate(r)));
    this.reset();
    this.readClock = Date.now();
    // Listing 50,000 names takes tens of milliseconds: do it off the thread.
    const ids = this.listCandidates(opts.listing ?? (await readdir(this.root).catch((e: Error) => e)));
    await pause();
    const budget = opts.budgetMs ?? 25;
    if (!opts.reuse && opts.workers?.wants(ids.length)) {
      await runJob(opts.workers.read(this.root, ids, this.readClock, (rec) => this.put(rec), batch), pause);
      this.loaded = true;
      return this;
    }
    let inBatch = 0;
    let started = performance.now();
    for (let i = 0; i < ids.length; i++) {
      const rec = (opts.reuse && opts.reuse(ids[i])) || this.readRecord(ids[i]);
      if (rec) this.put(rec); // not add(): file events may be applied between batches
      if (i + 1 < ids.length && (++inBatch >= batch || performance.now() - started >= budget)) {
        await pause();
        inBatch = 0;
        started = performance.now();
      }
    }
    this.loaded = true;
    return this;
  }

  /** Takes over the index `other` built for the same root, in one step: readers of this store
   * never see a half-built index (a store that appears later is loaded into a fresh one first). */
  adoptIndexOf(other: TicketStore): void {
    if (other.root !== this.root) throw new Error(`cannot adopt the index of ${other.root} into ${this.root}`);
    this.threads.clear();
    this.records = other.records;
    this.incoming = other.incoming;
    this.sortedIds = other.sortedIds;
    this.rootProblems = other.rootProblems;
    this.rootExists = other.rootExists;
    this.loaded = other.loaded;
    this.readClock = other.readClock;
  }

  // ---- incremental updates ----------------------------------------------------------------

  /** Ticket ID a path belongs to ('' for the root itself), or undefined when outside the root. */
  ticketIdOf(path: string): { id: string; rest: string[] } | undefined {
    const rel = relative(this.root, resolve(path));
    if (rel === '') return { id: '', rest: [] };
    if (rel.startsWith('..') || isAbsolute(rel)) {
      // A change to an ancestor (e.g. `.yoi` deleted or created) affects the whole root.
      const up = relative(resolve(path), this.root);
      return up !== '' && !up.startsWith('..') && !isAbsolute(up) ? { id: '', rest: [] } : undefined;
    }
    const parts = rel.split(sep);
    return { id: parts[0], rest: parts.slice(1) };
  }

  /**
   * Updates the index for changed paths (created, modified or deleted files or folders) and
   * reports what changed. Cost is proportional to the number of affected Tickets.
   */
  applyChanges(paths: Iterable<string>): ChangeSet {
    this.readClock = Date.now();
    const reloadItem = new Set<string>();
    const touched = new Set<string>();
    let reconcile = false;
    for (const p of paths) {
      const t = this.ticketIdOf(p);
      if (!t) continue;
      if (t.id === '') {
        reconcile = true;
        continue;
      }
      if (t.id.startsWith('.')) continue; // lock file and other dot entries
      const [first, second] = t.rest;
      if (first === undefined || first === 'thread.md') this.threads.invalidate(ticketPaths(this.root, t.id).thread);
      if (first === undefined || first === 'item.md' || (first === 'artifacts' && (second === undefined || second === 'relations.json'))) reloadItem.add(t.id);
      else touched.add(t.id);
    }
    const before = new Map<string, TicketRecord | undefined>();
    if (reconcile) {
      const names = new Set(this.listCandidates());
      for (const id of this.records.keys()) if (!names.has(id)) reloadItem.add(id);
      for (const id of names) if (!this.records.has(id)) reloadItem.add(id);
    }
    for (const id of reloadItem) {
      before.set(id, this.records.get(id));
      const rec = this.readRecord(id);
      if (rec) this.put(rec);
      else this.delete(id);
    }
    return this.diff(before, touched);
  }

  private diff(before: Map<string, TicketRecord | undefined>, touchedIn: Set<string>): ChangeSet {
    const cs: ChangeSet = { added: [], changed: [], removed: [], touched: [], blockersChanged: [], states: [] };
    const states = new Set<TicketState>();
    const ripple = new Set<string>();
    for (const [id, old] of before) {
      const now = this.records.get(id);
      if (!old && !now) continue;
      if (!old && now) cs.added.push(id);
      else if (old && !now) cs.removed.push(id);
      else if (old && now && recordSignature(old) !== recordSignature(now)) cs.changed.push(id);
      else continue;
      if (old?.state) states.add(old.state);
      if (now?.state) states.add(now.state);
      // Dependents whose blockers read this ticket: sources of depends_on to it (its state matters)
      // and targets of its blocks relations (old or new).
      if (old?.state !== now?.state) {
        for (const src of this.incoming.get(id) ?? []) {
          if (this.records.get(src)?.relations.some((r) => r.target === id && r.kind === 'depends_on')) ripple.add(src);
        }
      }
      for (const r of [...(old?.relations ?? []), ...(now?.relations ?? [])]) if (r.kind === 'blocks') ripple.add(r.target);
    }
    for (const id of touchedIn) if (this.records.has(id) && !before.has(id)) cs.touched.push(id);
    const direct = new Set([...cs.added, ...cs.changed, ...cs.removed]);
    for (const id of ripple) if (this.records.has(id) && !direct.has(id)) cs.blockersChanged.push(id);
    cs.states = [...states];
    return cs;
  }

  // ---- queries ------------------------------------------------------------------------------

  /** @internal The records, for the persisted cache (src/core/store/cache.ts). */
  cacheRecords(): IterableIterator<TicketRecord> {
    return this.records.values();
  }

  /** @internal A fresh read of one Ticket folder (the cache's fallback for an unreadable entry). */
  readRecordForCache(id: string): TicketRecord | undefined {
    return this.readRecord(id);
  }

  has(id: string): boolean {
    return this.records.has(id);
  }

  /** Ticket IDs in chronological (= lexicographic) order. */
  ids(): readonly string[] {
    if (!this.sortedIds) this.sortedIds = [...this.records.keys()].sort();
    return this.sortedIds;
  }

  /** State of a Ticket: undefined when missing, null when present but unknown. */
  stateOf(id: string): TicketState | null | undefined {
    const r = this.records.get(id);
    if (!r) return undefined;
    return r.state ?? null;
  }

  paths(id: string): TicketPaths {
    return ticketPaths(this.root, id);
  }

  relationsOut(id: string): Relation[] {
    return this.records.get(id)?.relations ?? [];
  }

  relationsIn(id: string): Relation[] {
    const out: Relation[] = [];
    for (const src of this.incoming.get(id) ?? []) {
      for (const r of this.records.get(src)?.relations ?? []) if (r.target === id) out.push(r);
    }
    return out.sort((a, b) => (a.ticketId < b.ticketId ? -1 : a.ticketId > b.ticketId ? 1 : 0));
  }

  blockers(id: string): Blocker[] {
    return computeBlockers(this.relationsOut(id), this.relationsIn(id), (t) => this.stateOf(t));
  }

  summary(id: string): TicketSummary | undefined {
    const r = this.records.get(id);
    if (!r) return undefined;
    const relationsIn = this.relationsIn(id);
    const blockers = computeBlockers(r.relations, relationsIn, (t) => this.stateOf(t));
    // Copies: callers may sort or extend these arrays without touching the index.
    const problems = r.problems.slice();
    // Dangling targets depend on the rest of the index, so they are computed here.
    for (const rel of r.relations) {
      if (!this.records.has(rel.target)) {
        const file = ticketPaths(this.root, id).relations;
        problems.push(problem(file, rel.line, 'error', 'relations.dangling-target', `${rel.kind} target ${rel.target} does not exist`, { kind: rel.kind, target: rel.target }));
      }
    }
    const f = r.fields;
    const s: TicketSummary = {
      id,
      state: f.state,
      title: f.title ?? '',
      riskFlags: f.riskFlags,
      blockedBy: blockers.map((b) => b.id),
      blockers,
      activeBlockers: activeBlockers(blockers),
      relationsOut: r.relations.slice(),
      relationsIn,
      problems,
      paths: ticketPaths(this.root, id),
      frontMatter: r.data,
      keyLines: r.keyLines,
    };
    if (f.createdAt !== undefined) s.createdAt = f.createdAt;
    if (f.updatedAt !== undefined) s.updatedAt = f.updatedAt;
    if (f.readiness !== undefined) s.readiness = f.readiness;
    if (f.queuedBy !== undefined) s.queuedBy = f.queuedBy;
    if (f.queuedAt !== undefined) s.queuedAt = f.queuedAt;
    if (f.priority !== undefined) s.priority = f.priority;
    return s;
  }

  /** Summaries of every Ticket in chronological order (optionally only some states). */
  summaries(filter?: { states?: readonly TicketState[] }): TicketSummary[] {
    const want = filter?.states ? new Set(filter.states) : undefined;
    const out: TicketSummary[] = [];
    for (const id of this.ids()) {
      if (want) {
        const st = this.records.get(id)!.state;
        if (!st || !want.has(st)) continue;
      }
      out.push(this.summary(id)!);
    }
    return out;
  }

  /** Number of Tickets per state (unknown state counted under 'unknown'). */
  countByState(): Record<TicketState | 'unknown', number> {
    const c = { planning: 0, ready: 0, queued: 0, inprogress: 0, done: 0, closed: 0, unknown: 0 };
    for (const r of this.records.values()) c[r.state ?? 'unknown']++;
    return c;
  }

  /** A comparable snapshot of the whole index (tests: incremental == cold rebuild). */
  snapshot(): unknown[] {
    return this.ids().map((id) => {
      const s = this.summary(id)!;
      return { ...s, paths: undefined };
    });
  }
}

function recordSignature(r: TicketRecord): string {
  return JSON.stringify([r.data, r.fields, r.problems, r.relations]);
}

/** Whether a path can be a Ticket root's direct child that is a Ticket folder name. */
export function isTicketFolderName(name: string): boolean {
  return !name.startsWith('.') && isId(name);
}

/** Convenience: stat that returns undefined instead of throwing. */
export function tryStat(p: string): { mtimeMs: number; size: number } | undefined {
  try {
    const s = statSync(p);
    return { mtimeMs: s.mtimeMs, size: s.size };
  } catch {
    return undefined;
  }
}
