// The doctor over a whole store, incrementally: findings are kept per ticket, so after a file
// change only the affected tickets are re-checked (plus the cheap store-level checks). The CLI
// runs it once; the editor adapter feeds it the store's change sets.
import { LoadOptions, ChangeSet, TicketStore } from '../store/ticketStore';
import { DoctorFamily } from './catalog';
import { compareFindings, Finding } from './finding';
import { doctorStore } from './storeChecks';
import { DoctorContext, doctorTicket } from './ticketChecks';
import { readTicketFiles, TicketFiles } from './ticketFiles';

export interface FindingFilter {
  /** Keep findings of closed tickets (default true). */
  includeClosed?: boolean;
  /** Families to keep (default both). */
  families?: readonly DoctorFamily[];
}

export class IncrementalDoctor {
  private readonly byTicket = new Map<string, Finding[]>();
  private storeLevel: Finding[] = [];
  private readonly ctx: DoctorContext;

  constructor(readonly store: TicketStore, private readonly readFiles: (root: string, id: string) => TicketFiles = readTicketFiles) {
    this.ctx = { exists: (id) => this.store.has(id) };
  }

  /**
   * Tickets not to check at all (the editor skips closed tickets while their findings are hidden,
   * which spares parsing years of closed threads at startup); their findings stay empty.
   */
  skip: ((id: string) => boolean) | undefined;

  /** Checks one ticket from disk (not cached). */
  checkTicket(id: string): Finding[] {
    if (this.skip?.(id)) return [];
    return doctorTicket(this.readFiles(this.store.root, id), this.ctx).findings;
  }

  /** Full run (CLI, tests). */
  runAllSync(): this {
    this.byTicket.clear();
    for (const id of this.store.ids()) this.byTicket.set(id, this.checkTicket(id));
    this.storeLevel = doctorStore(this.store);
    return this;
  }

  /** Full run in batches that yield to the event loop (extension host). */
  async runAll(opts: LoadOptions = {}): Promise<this> {
    const batch = Math.max(1, opts.batchSize ?? 50);
    const pause = opts.yield ?? (() => new Promise<void>((r) => setImmediate(r)));
    const fresh = new Map<string, Finding[]>();
    const ids = [...this.store.ids()];
    for (let i = 0; i < ids.length; i++) {
      fresh.set(ids[i], this.checkTicket(ids[i]));
      if ((i + 1) % batch === 0) await pause();
    }
    this.byTicket.clear();
    for (const [k, v] of fresh) this.byTicket.set(k, v);
    this.storeLevel = doctorStore(this.store);
    return this;
  }

  /** Tickets whose findings may change after the store applied `cs`. */
  affectedBy(cs: ChangeSet): string[] {
    const ids = new Set<string>([...cs.added, ...cs.changed, ...cs.removed, ...cs.touched, ...cs.blockersChanged]);
    // A ticket appearing or disappearing makes relations to it dangling or resolved.
    for (const id of [...cs.added, ...cs.removed]) for (const r of this.store.relationsIn(id)) ids.add(r.ticketId);
    return [...ids];
  }

  /**
   * Tickets owning these changed paths. The store's change sets leave out changes that do not alter
   * its index (an `artifacts/` folder deleted, a front-matter line inserted above a key), so an
   * adapter that sees raw file events adds these.
   */
  affectedByPaths(paths: Iterable<string>): string[] {
    const ids = new Set<string>();
    for (const p of paths) {
      const id = this.ticketOf(p);
      if (id !== undefined && !id.startsWith('.')) ids.add(id);
    }
    return [...ids];
  }

  /**
   * Re-checks these tickets (dropping removed ones) and, unless `storeLevel` is false, the
   * store-level checks (a root listing and the relation graph: skip them when only ticket
   * contents changed, e.g. a thread.md edit). Returns the files whose findings may have changed
   * (old and new locations).
   */
  update(ids: Iterable<string>, storeLevel = true): Set<string> {
    const files = new Set<string>();
    for (const id of ids) {
      for (const f of this.byTicket.get(id) ?? []) files.add(f.file);
      if (this.store.has(id)) {
        const now = this.checkTicket(id);
        this.byTicket.set(id, now);
        for (const f of now) files.add(f.file);
      } else {
        this.byTicket.delete(id);
      }
    }
    if (!storeLevel) return files;
    for (const f of this.storeLevel) files.add(f.file);
    this.storeLevel = doctorStore(this.store);
    for (const f of this.storeLevel) files.add(f.file);
    return files;
  }

  /** Whether a change set can alter store-level findings (the root listing or relations changed). */
  static storeLevelAffectedBy(cs: ChangeSet): boolean {
    return cs.added.length > 0 || cs.removed.length > 0 || cs.changed.length > 0;
  }

  /** Drops everything (store removed). Returns the files that had findings. */
  clear(): Set<string> {
    const files = new Set<string>();
    for (const l of this.byTicket.values()) for (const f of l) files.add(f.file);
    for (const f of this.storeLevel) files.add(f.file);
    this.byTicket.clear();
    this.storeLevel = [];
    return files;
  }

  private keep(filter: FindingFilter | undefined): (f: Finding) => boolean {
    const includeClosed = filter?.includeClosed ?? true;
    const families = filter?.families;
    return (f) => {
      if (families && !families.includes(f.family)) return false;
      if (!includeClosed && f.ticket !== undefined && this.store.stateOf(f.ticket) === 'closed') return false;
      return true;
    };
  }

  /** Every finding, sorted by file and position. */
  findings(filter?: FindingFilter): Finding[] {
    const keep = this.keep(filter);
    const out: Finding[] = [];
    for (const l of this.byTicket.values()) for (const f of l) if (keep(f)) out.push(f);
    for (const f of this.storeLevel) if (keep(f)) out.push(f);
    return out.sort(compareFindings);
  }

  /** Findings of one ticket (cached), unfiltered. */
  ticketFindings(id: string): readonly Finding[] {
    return this.byTicket.get(id) ?? [];
  }

  /** Findings located in one file. */
  findingsForFile(file: string, filter?: FindingFilter): Finding[] {
    const keep = this.keep(filter);
    const out: Finding[] = [];
    const id = this.ticketOf(file);
    if (id !== undefined) for (const f of this.byTicket.get(id) ?? []) if (f.file === file && keep(f)) out.push(f);
    for (const f of this.storeLevel) if (f.file === file && keep(f)) out.push(f);
    return out.sort(compareFindings);
  }

  /** The ticket folder a path lies in (per-ticket findings never leave their folder). */
  ticketOf(file: string): string | undefined {
    const t = this.store.ticketIdOf(file);
    return t && t.id !== '' ? t.id : undefined;
  }
}

/** One-shot doctor of a loaded store. */
export function runDoctor(store: TicketStore, filter?: FindingFilter): Finding[] {
  return new IncrementalDoctor(store).runAllSync().findings(filter);
}
