// Index worker thread (bundled to dist/indexWorker.js): reads Ticket folders for a cold build and
// stats cached files for a warm start, beside the store's own thread. No VS Code, no writes.
import { statSync } from 'node:fs';
import { MessagePort, workerData } from 'node:worker_threads';
import { encodeChunk } from './lazyRecord';
import { ITEM_SUFFIX, readTicketRecord, RecordSource, RELATIONS_SUFFIX } from './recordReader';
import type { TicketRecord } from './ticketStore';
import {
  CTL_CANCEL, CTL_FRONT, CTL_NEXT, CTL_POSTED, IndexWorkerJob, IndexWorkerResult, STAMP_COLS, VERDICT_CHANGED, VERDICT_SAME,
} from './indexWorkerProtocol';

const port = (workerData as { port: MessagePort }).port;

function post(msg: IndexWorkerResult, control: Int32Array): void {
  port.postMessage(msg, msg.kind === 'records' ? [msg.records.bytes] : []);
  // After the message is queued: the store's thread waits on this counter, then drains its port.
  Atomics.add(control, CTL_POSTED, 1);
  Atomics.notify(control, CTL_POSTED);
}

function read(job: Extract<IndexWorkerJob, { kind: 'read' }>): void {
  const control = new Int32Array(job.control);
  const { ids, starts, root, readAt } = job;
  const chunks = starts.length - 1;
  while (Atomics.load(control, CTL_CANCEL) === 0) {
    const c = Atomics.add(control, CTL_NEXT, 1);
    if (c >= chunks) return;
    try {
      const records: TicketRecord[] = [];
      const sources: RecordSource[] = [];
      const end = starts[c + 1];
      for (let i = starts[c]; i < end; i++) {
        const source: RecordSource = { itemProblems: 0 };
        const rec = readTicketRecord(root, ids[i], readAt, source);
        if (!rec) continue;
        records.push(rec);
        sources.push(source);
      }
      post({ kind: 'records', job: job.job, chunk: c, records: encodeChunk(root, records, sources) }, control);
    } catch (e) {
      post({ kind: 'failed', job: job.job, chunk: c, message: (e as Error)?.message ?? String(e) }, control);
    }
  }
}

const statOrUndefined = (p: string) => statSync(p, { throwIfNoEntry: false });

/** Compares stamps from the last rows down; the store's thread works from the first row up. */
function validate(job: Extract<IndexWorkerJob, { kind: 'validate' }>): void {
  const control = new Int32Array(job.control);
  const stamps = new Float64Array(job.stamps);
  const verdicts = new Uint8Array(job.verdicts);
  const { names, chunkSize, prefix, probeRelations } = job;
  const chunks = Math.ceil(names.length / chunkSize);
  while (Atomics.load(control, CTL_CANCEL) === 0) {
    const c = chunks - 1 - Atomics.add(control, CTL_NEXT, 1);
    if (c < 0) return;
    const start = c * chunkSize;
    // The store's thread is already past this chunk: it stats those rows itself.
    if (Atomics.load(control, CTL_FRONT) >= start + chunkSize) return;
    const end = Math.min(names.length, start + chunkSize);
    for (let row = end - 1; row >= start; row--) {
      if ((row & 31) === 0 && Atomics.load(control, CTL_FRONT) > row) return;
      const o = row * STAMP_COLS;
      const base = prefix + names[row];
      let same = false;
      try {
        const it = statOrUndefined(base + ITEM_SUFFIX);
        same = !!it && it.size === stamps[o] && it.mtimeMs === stamps[o + 1] && it.ctimeMs === stamps[o + 2];
        if (same && stamps[o + 3] >= 0) {
          const rs = statOrUndefined(base + RELATIONS_SUFFIX);
          same = !!rs && rs.size === stamps[o + 3] && rs.mtimeMs === stamps[o + 4] && rs.ctimeMs === stamps[o + 5];
        } else if (same && probeRelations && statOrUndefined(base + RELATIONS_SUFFIX)) {
          same = false;
        }
      } catch {
        same = false; // e.g. ENOTDIR, EACCES: the store's thread re-reads it and reports the problem
      }
      Atomics.store(verdicts, row, same ? VERDICT_SAME : VERDICT_CHANGED);
    }
  }
}

port.on('message', (job: IndexWorkerJob) => {
  if (job.kind === 'read') read(job);
  else if (job.kind === 'validate') validate(job);
});
