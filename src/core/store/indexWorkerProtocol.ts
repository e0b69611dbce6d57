// Messages between the store's thread and the index workers (src/core/store/indexWorker.ts).
// Work is shared through SharedArrayBuffers: chunks are claimed with Atomics, so an idle thread
// takes the next chunk and a slow or late worker never holds the others up.
import type { EncodedChunk } from './lazyRecord';

/** Int32 slots of a job's control buffer. */
export const CTL_NEXT = 0; // read: next chunk to claim · validate: chunks claimed from the end
export const CTL_POSTED = 1; // read: chunks posted by workers (waited on, notified)
export const CTL_CANCEL = 2; // set when the job is over: workers stop claiming
export const CTL_FRONT = 3; // validate: the row the store's thread has reached
export const CTL_SLOTS = 4;

/** validate: per row, the stamps to compare (item.md size, mtime, ctime; relations.json's, or size -1). */
export const STAMP_COLS = 6;
export const VERDICT_UNKNOWN = 0;
export const VERDICT_SAME = 1;
export const VERDICT_CHANGED = 2;

/**
 * Where the chunks of a read of `n` Tickets start (and, last, `n`): `chunkSize` Tickets at first,
 * then ever smaller as the end nears (about 1/(2 × threads) of what is left, at least `minChunk`),
 * so the threads finish close together instead of one waiting for the other's last big chunk.
 */
export function chunkStarts(n: number, chunkSize: number, threads: number, minChunk = 16): number[] {
  const starts = [0];
  for (let pos = 0; pos < n; ) {
    const size = Math.max(minChunk, Math.min(chunkSize, Math.ceil((n - pos) / (2 * threads))));
    pos = Math.min(n, pos + size);
    starts.push(pos);
  }
  return starts;
}

export type IndexWorkerJob =
  | {
      kind: 'read';
      job: number;
      root: string;
      ids: string[];
      /** Chunk c is ids[starts[c], starts[c + 1]) (see chunkStarts). */
      starts: number[];
      readAt: number;
      control: SharedArrayBuffer;
    }
  | {
      kind: 'validate';
      job: number;
      /** root + separator */
      prefix: string;
      names: string[];
      chunkSize: number;
      /** Float64Array(names.length × STAMP_COLS) */
      stamps: SharedArrayBuffer;
      /** Uint8Array(names.length): VERDICT_* per row */
      verdicts: SharedArrayBuffer;
      /** Also a new relations.json beside a row that had none counts as changed. */
      probeRelations: boolean;
      control: SharedArrayBuffer;
    };

export type IndexWorkerResult =
  /** The chunk's records, laid out as lazy records (their buffer is transferred, not copied). */
  | { kind: 'records'; job: number; chunk: number; records: EncodedChunk }
  | { kind: 'failed'; job: number; chunk: number; message: string };
