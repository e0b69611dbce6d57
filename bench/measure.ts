// Timing helpers for the benchmark: medians, the floor, GC access and event-loop slices.
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export function median(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

export async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const FLOOR_BYTES = 4096;
const floorBuf = Buffer.allocUnsafe(FLOOR_BYTES);

/**
 * The floor: open and read the first 4 KiB of every item.md with synchronous fs calls on one thread,
 * no parsing. Nothing that reads every ticket can be much faster.
 */
export function floorOnce(itemPaths: readonly string[]): number {
  const t = performance.now();
  for (const p of itemPaths) {
    const fd = openSync(p, 'r');
    try {
      readSync(fd, floorBuf, 0, FLOOR_BYTES, 0);
    } finally {
      closeSync(fd);
    }
  }
  return performance.now() - t;
}

let gcFn: (() => void) | undefined;

/** A full GC (the bench's heap figures are taken after one). */
export function gc(): void {
  if (!gcFn) {
    setFlagsFromString('--expose-gc');
    gcFn = runInNewContext('gc') as () => void;
  }
  gcFn();
  gcFn();
}

/**
 * Measures how long the event loop was blocked while an async operation ran: a 1 ms timer chain
 * notes the gap between consecutive callbacks; the longest gap (minus the 1 ms period) is the
 * longest the extension host could not run anything else. Time spent awaiting I/O is not
 * blocking and does not count. On a shared machine a gap also contains time the OS gave to other
 * processes, so the CPU time the process used in each gap is recorded too (`maxBlockCpuMs`): that
 * is the part this code is responsible for.
 */
let threadSchedstat: string | undefined = existsSync('/proc/thread-self/schedstat') ? '/proc/thread-self/schedstat' : undefined;

export class BlockMonitor {
  maxBlockMs = 0;
  maxBlockCpuMs = 0;
  private last = 0;
  private lastCpu = 0;
  private timer: NodeJS.Timeout | undefined;

  /** CPU ms of this thread only: the index workers' CPU time must not count as blocking. Linux
   * gives it in /proc/thread-self/schedstat (ns on the CPU); elsewhere the whole process's. */
  private cpu(): number {
    if (threadSchedstat) {
      try {
        return Number(readFileSync(threadSchedstat, 'latin1').split(' ')[0]) / 1e6;
      } catch {
        threadSchedstat = undefined;
      }
    }
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }

  private note(): void {
    const now = performance.now();
    const cpu = this.cpu();
    this.maxBlockMs = Math.max(this.maxBlockMs, now - this.last - 1);
    this.maxBlockCpuMs = Math.max(this.maxBlockCpuMs, cpu - this.lastCpu);
    this.last = now;
    this.lastCpu = cpu;
  }

  start(): void {
    this.last = performance.now();
    this.lastCpu = this.cpu();
    const tick = () => {
      this.note();
      this.timer = setTimeout(tick, 1);
    };
    this.timer = setTimeout(tick, 1);
  }

  stop(): { wall: number; cpu: number } {
    this.note();
    if (this.timer) clearTimeout(this.timer);
    return { wall: this.maxBlockMs, cpu: this.maxBlockCpuMs };
  }
}
