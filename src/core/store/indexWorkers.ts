// A small pool of index worker threads shared by every store of the extension (or the CLI, or the
// benchmark). A cold build of a large store reads its Ticket folders on all cores at once (the
// store's own thread takes chunks too); a warm start has the workers stat cached files from the end
// of the list while the store's thread restores from the start. Workers start lazily, stay for the
// next job, and go after a quiet minute. Small stores never start one.
//
// The jobs are generators of steps (pause / wait) so the same code runs synchronously (CLI,
// tests: Atomics.wait) and in yielding batches (extension host: Atomics.waitAsync, setImmediate).
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { decodeChunk } from './lazyRecord';
import { readTicketRecord } from './recordReader';
import type { TicketRecord } from './ticketStore';
import {
  chunkStarts, CTL_CANCEL, CTL_FRONT, CTL_NEXT, CTL_POSTED, CTL_SLOTS, IndexWorkerJob, IndexWorkerResult, STAMP_COLS, VERDICT_UNKNOWN,
} from './indexWorkerProtocol';

export interface IndexWorkersOptions {
  /** Worker threads (default: one per core beside the caller's, at most 3). */
  size?: number;
  /** Worker script (default: indexWorker.js beside this module or bundle). */
  workerPath?: string;
  /** Stores with fewer Tickets are read on the caller's thread only (default 2000). */
  minTickets?: number;
  /** Idle workers are stopped after this long (default 60 s). */
  idleMs?: number;
  /** A job with no news from its workers for this long is finished on the caller's thread (default 5 s). */
  stallMs?: number;
}

/** What a job asks its driver to do between steps. */
export type JobStep =
  | { kind: 'pause' }
  | { kind: 'wait'; control: Int32Array; index: number; value: number; timeoutMs: number };

interface Slot {
  worker: Worker;
  port: MessagePort;
  alive: boolean;
}

type JobBody = IndexWorkerJob extends infer J ? (J extends unknown ? Omit<J, 'job'> : never) : never;

export function defaultIndexWorkerPath(baseDir: string = __dirname): string {
  return join(baseDir, 'indexWorker.js');
}

export class IndexWorkers {
  readonly size: number;
  readonly minTickets: number;
  private slots: Slot[] = [];
  private nextJob = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private running = 0;
  private disposed = false;
  /** Result handlers of the read jobs in progress, by job ID. */
  private readonly receivers = new Map<number, (m: IndexWorkerResult) => void>();
  /** Workers started / lost to an error or exit (tests, bench). */
  readonly counters = { started: 0, lost: 0 };
  /** How the last cold read was shared: chunks in all, read on the caller's thread, and the time
   * the caller spent waiting for workers at the end. */
  lastRead = { chunks: 0, here: 0, waitedMs: 0 };

  constructor(private readonly opts: IndexWorkersOptions = {}) {
    this.size = Math.max(0, opts.size ?? Math.min(3, availableParallelism() - 1));
    this.minTickets = opts.minTickets ?? 2000;
  }

  /** Whether a store of `tickets` Tickets is worth sharing out. */
  wants(tickets: number): boolean {
    return !this.disposed && this.size > 0 && tickets >= this.minTickets;
  }

  /** Starts the workers now, so that their start-up overlaps other work. */
  warmUp(): void {
    this.ensure();
  }

  get liveWorkers(): number {
    return this.slots.filter((s) => s.alive).length;
  }

  private ensure(): Slot[] {
    if (this.disposed) return [];
    this.slots = this.slots.filter((s) => s.alive);
    while (this.slots.length < this.size) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(this.opts.workerPath ?? defaultIndexWorkerPath(), {
        workerData: { port: port2 },
        transferList: [port2],
        stdout: true,
        stderr: true,
      });
      worker.unref(); // never keeps a CLI or test process alive
      port1.unref();
      worker.stdout.resume();
      worker.stderr.resume();
      const slot: Slot = { worker, port: port1, alive: true };
      const lose = () => {
        if (!slot.alive) return;
        slot.alive = false;
        this.counters.lost++;
        port1.close();
      };
      worker.on('error', lose);
      worker.on('exit', lose);
      this.slots.push(slot);
      this.counters.started++;
    }
    return this.slots;
  }

  private begin(job: JobBody): number {
    clearTimeout(this.idleTimer);
    this.running++;
    const id = this.nextJob++;
    for (const s of this.ensure()) s.port.postMessage({ ...job, job: id });
    return id;
  }

  private end(): void {
    if (--this.running > 0 || this.disposed) return;
    this.idleTimer = setTimeout(() => this.stopWorkers(), this.opts.idleMs ?? 60_000);
    this.idleTimer.unref();
  }

  /** Hands every queued result to the job it belongs to (several stores may load at once, e.g.
   * the folders of a multi-root workspace); results of finished jobs are dropped. */
  private drain(): void {
    for (const s of this.slots) {
      if (!s.alive) continue;
      for (let m = receiveMessageOnPort(s.port); m; m = receiveMessageOnPort(s.port)) {
        const r = m.message as IndexWorkerResult;
        this.receivers.get(r.job)?.(r);
      }
    }
  }

  private stopWorkers(): void {
    for (const s of this.slots) {
      s.alive = false;
      s.port.close();
      void s.worker.terminate();
    }
    this.slots = [];
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.idleTimer);
    this.stopWorkers();
  }

  /**
   * Reads `ids` under `root` on the workers and this thread; `put` receives every record (in no
   * particular order). `maxChunk`: the most Tickets read here between two pauses.
   */
  *read(root: string, ids: readonly string[], readAt: number, put: (rec: TicketRecord) => void, maxChunk = 256): Generator<JobStep, void> {
    const n = ids.length;
    // Small chunks balance well and keep each message (and its deserialisation here) short; this
    // thread pauses after each chunk it reads, so a chunk is also the longest it holds the loop.
    const chunkSize = Math.max(1, Math.min(maxChunk, Math.max(32, Math.ceil(n / ((this.size + 1) * 16)))));
    const starts = chunkStarts(n, chunkSize, this.size + 1, Math.min(16, chunkSize));
    const chunks = starts.length - 1;
    const control = new Int32Array(new SharedArrayBuffer(CTL_SLOTS * 4));
    const done = new Uint8Array(chunks);
    let have = 0;
    this.lastRead = { chunks, here: 0, waitedMs: 0 };
    const readChunk = (c: number) => {
      this.lastRead.here++;
      const end = starts[c + 1];
      for (let i = starts[c]; i < end; i++) {
        const rec = readTicketRecord(root, ids[i], readAt);
        if (rec) put(rec);
      }
      done[c] = 1;
      have++;
    };
    const job = this.begin({ kind: 'read', root, ids: ids as string[], starts, readAt, control: control.buffer as SharedArrayBuffer });
    // Chunks a worker could not read (it reported why): this thread reads them instead.
    const failed: number[] = [];
    const redoFailed = () => {
      for (let c = failed.pop(); c !== undefined; c = failed.pop()) if (!done[c]) readChunk(c);
    };
    this.receivers.set(job, (m) => {
      if (!(m.chunk >= 0 && m.chunk < chunks) || done[m.chunk]) return;
      if (m.kind === 'failed') { failed.push(m.chunk); return; }
      done[m.chunk] = 1;
      have++;
      for (const r of decodeChunk(root, m.records, (id) => readTicketRecord(root, id, Date.now()))) put(r);
    });
    try {
      for (;;) {
        const c = Atomics.add(control, CTL_NEXT, 1);
        if (c >= chunks) break;
        readChunk(c);
        this.drain();
        redoFailed();
        yield { kind: 'pause' };
      }
      // Chunks the workers claimed: wait for them, or redo them here if the workers went quiet.
      let lastNews = performance.now();
      const waitFrom = lastNews;
      for (;;) {
        const seen = Atomics.load(control, CTL_POSTED);
        const before = have;
        this.drain();
        redoFailed();
        if (have >= chunks) break;
        if (have !== before) lastNews = performance.now();
        if (this.liveWorkers === 0 || performance.now() - lastNews > (this.opts.stallMs ?? 5000)) {
          for (let c = 0; c < chunks; c++) if (!done[c]) readChunk(c);
          break;
        }
        yield { kind: 'wait', control, index: CTL_POSTED, value: seen, timeoutMs: 100 };
      }
      this.lastRead.waitedMs = performance.now() - waitFrom;
    } finally {
      Atomics.store(control, CTL_CANCEL, 1);
      this.receivers.delete(job);
      this.end();
    }
  }

  /**
   * Starts a warm-start validation: the workers compare the stamps of rows from the end while the
   * caller restores from the start and calls `advance(row)` as it goes. `verdicts[row]` is
   * VERDICT_SAME / VERDICT_CHANGED once a worker has checked the row (VERDICT_UNKNOWN: check it).
   */
  validate(prefix: string, names: readonly string[], stamps: (row: number, out: Float64Array, at: number) => void, probeRelations: boolean): WarmValidation {
    const n = names.length;
    const chunkSize = 256;
    const stampBuf = new SharedArrayBuffer(n * STAMP_COLS * 8);
    const table = new Float64Array(stampBuf);
    for (let row = 0; row < n; row++) stamps(row, table, row * STAMP_COLS);
    const verdictBuf = new SharedArrayBuffer(Math.max(1, n));
    const control = new Int32Array(new SharedArrayBuffer(CTL_SLOTS * 4));
    this.begin({ kind: 'validate', prefix, names: names as string[], chunkSize, stamps: stampBuf, verdicts: verdictBuf, probeRelations, control: control.buffer as SharedArrayBuffer });
    const verdicts = new Uint8Array(verdictBuf);
    let open = true;
    return {
      verdict: (row) => (row < n ? Atomics.load(verdicts, row) : VERDICT_UNKNOWN),
      advance: (row) => Atomics.store(control, CTL_FRONT, row),
      finish: () => {
        if (!open) return;
        open = false;
        Atomics.store(control, CTL_CANCEL, 1);
        Atomics.store(control, CTL_FRONT, n);
        this.end();
      },
    };
  }
}

export interface WarmValidation {
  verdict(row: number): number;
  /** The caller has reached `row` (workers stop before it). */
  advance(row: number): void;
  finish(): void;
}

/** Runs a job to the end on this thread, blocking while it waits for workers. */
export function runJobSync(steps: Generator<JobStep, void>): void {
  for (const step of steps) {
    if (step.kind === 'wait') Atomics.wait(step.control, step.index, step.value, step.timeoutMs);
  }
}

type WaitAsync = (a: Int32Array, i: number, v: number, t: number) => { async: boolean; value: Promise<string> | string };

/** Runs a job to the end, yielding to the event loop at each pause and while it waits. */
export async function runJob(steps: Generator<JobStep, void>, pause: () => Promise<void>): Promise<void> {
  const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;
  for (const step of steps) {
    if (step.kind === 'pause') await pause();
    else if (waitAsync) {
      const r = waitAsync(step.control, step.index, step.value, step.timeoutMs);
      if (r.async) await r.value;
    } else {
      await new Promise((r) => setTimeout(r, 1));
    }
  }
}
