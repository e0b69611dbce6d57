// Host side of binary inspection: a pool of one worker thread with a FIFO queue, a time limit per
// request (the worker is terminated when it is exceeded) and a fresh worker after a crash, a
// timeout or a wasm-tools panic. The worker is started lazily on the first request (never at
// activation), unref'd while idle so it never keeps a CLI process alive, and stopped after an idle
// period to give its memory back. Usable from the extension host and the CLI alike.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { MAX_ARTIFACT_BYTES } from './limits';
import type { WasmFacts } from './wasm/analyze';
import type { SelfCheckResult, WorkerInit, WorkerRequest, WorkerResponse } from './workerProtocol';

export type InspectorFailureReason = 'timeout' | 'crashed' | 'too-large' | 'failed' | 'disposed';

export class InspectorError extends Error {
  constructor(
    readonly reason: InspectorFailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'InspectorError';
  }
}

export interface PluginInspectorOptions {
  /** Worker script; default: `pluginWorker.js` beside this bundle, else the compiled `inspectWorker.js`. */
  workerPath?: string;
  /** Explicit wasm-tools ESM module for the worker (tests); default: bundled copy or node_modules. */
  wasmToolsPath?: string;
  /** Per-request time limit, including a cold worker start (default 20 s). */
  timeoutMs?: number;
  /** Stop an idle worker after this long (default 60 s; 0 = keep it). */
  idleMs?: number;
  /** V8 heap cap of the worker (MB). */
  maxOldGenerationSizeMb?: number;
}

export interface InspectorStats {
  /** Workers started so far. */
  started: number;
  /** Workers replaced after a timeout, crash or panic. */
  replaced: number;
  timeouts: number;
  crashes: number;
  /** Last lines the worker wrote to stderr (wasm-tools panic messages end up here). */
  lastStderr: string;
}

/** Finds the worker script next to the running bundle (dist/) or compiled sources (out/). */
export function defaultWorkerPath(baseDir: string = __dirname): string {
  const bundled = join(baseDir, 'pluginWorker.js');
  if (existsSync(bundled)) return bundled;
  return join(baseDir, 'inspectWorker.js');
}

type RequestBody = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

type Job = {
  request: RequestBody;
  transfer: ArrayBuffer[];
  timeoutMs: number;
  resolve: (r: WorkerResponse) => void;
  reject: (e: InspectorError) => void;
};

const STDERR_TAIL = 4096;

export class PluginInspector {
  private readonly opts: Required<Omit<PluginInspectorOptions, 'wasmToolsPath' | 'workerPath'>> & Pick<PluginInspectorOptions, 'wasmToolsPath' | 'workerPath'>;
  private worker: Worker | undefined;
  private readonly queue: Job[] = [];
  private current: { job: Job; id: number; timer: NodeJS.Timeout } | undefined;
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly counters: InspectorStats = { started: 0, replaced: 0, timeouts: 0, crashes: 0, lastStderr: '' };

  constructor(options: PluginInspectorOptions = {}) {
    this.opts = {
      timeoutMs: options.timeoutMs ?? 20_000,
      idleMs: options.idleMs ?? 60_000,
      maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? 512,
      wasmToolsPath: options.wasmToolsPath,
      workerPath: options.workerPath,
    };
  }

  get stats(): Readonly<InspectorStats> {
    return { ...this.counters };
  }

  /** Binary facts for one artifact (at most 8 MiB). Rejects with InspectorError on timeout/crash. */
  async analyze(bytes: Uint8Array, options: { timeoutMs?: number } = {}): Promise<WasmFacts> {
    if (bytes.length > MAX_ARTIFACT_BYTES) {
      throw new InspectorError('too-large', `artifact is ${bytes.length} bytes; binary inspection reads at most ${MAX_ARTIFACT_BYTES}`);
    }
    // A fresh, exactly sized copy is transferred: the caller's buffer stays usable, and a Buffer's
    // own backing store may be a shared pool or not transferable at all (Node 24).
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    const res = await this.enqueue({ op: 'analyze', bytes: copy }, [copy.buffer as ArrayBuffer], options.timeoutMs);
    if (!res.ok) throw new InspectorError('failed', res.error);
    if (res.op !== 'analyze') throw new InspectorError('failed', 'unexpected worker response');
    return res.result;
  }

  /** Loads the runtime in the worker and decodes a tiny component; `panic` also exercises the crash path. */
  async selfCheck(options: { panic?: boolean; timeoutMs?: number } = {}): Promise<SelfCheckResult> {
    const res = await this.enqueue({ op: 'selfCheck', panic: options.panic ?? false }, [], options.timeoutMs);
    if (!res.ok) throw new InspectorError('failed', res.error);
    if (res.op !== 'selfCheck') throw new InspectorError('failed', 'unexpected worker response');
    return res.result;
  }

  /** Terminates the worker and rejects queued requests. */
  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.idleTimer);
    for (const job of this.queue.splice(0)) job.reject(new InspectorError('disposed', 'plugin inspector disposed'));
    if (this.current) {
      clearTimeout(this.current.timer);
      this.current.job.reject(new InspectorError('disposed', 'plugin inspector disposed'));
      this.current = undefined;
    }
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private enqueue(request: RequestBody, transfer: ArrayBuffer[], timeoutMs?: number): Promise<WorkerResponse> {
    if (this.disposed) return Promise.reject(new InspectorError('disposed', 'plugin inspector disposed'));
    return new Promise<WorkerResponse>((resolve, reject) => {
      this.queue.push({ request, transfer, timeoutMs: timeoutMs ?? this.opts.timeoutMs, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.current || this.disposed) return;
    const job = this.queue.shift();
    if (!job) {
      this.scheduleIdle();
      return;
    }
    clearTimeout(this.idleTimer);
    let worker: Worker;
    try {
      worker = this.ensureWorker();
    } catch (e) {
      job.reject(new InspectorError('crashed', `inspector worker could not start: ${e instanceof Error ? e.message : String(e)}`));
      this.pump();
      return;
    }
    const id = this.nextId++;
    const timer = setTimeout(() => this.onTimeout(id), job.timeoutMs);
    this.current = { job, id, timer };
    worker.ref();
    worker.postMessage({ ...job.request, id } as WorkerRequest, job.transfer);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const init: WorkerInit = {};
    if (this.opts.wasmToolsPath) init.wasmToolsPath = this.opts.wasmToolsPath;
    const w = new Worker(this.opts.workerPath ?? defaultWorkerPath(), {
      workerData: init,
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: this.opts.maxOldGenerationSizeMb },
    });
    this.counters.started++;
    w.stdout.on('data', () => undefined);
    w.stderr.on('data', (chunk: Buffer) => {
      this.counters.lastStderr = (this.counters.lastStderr + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    w.on('message', (res: WorkerResponse) => this.onMessage(w, res));
    w.on('error', (err) => this.onCrash(w, `inspector worker failed: ${err.message}`));
    w.on('exit', (code) => this.onCrash(w, `inspector worker exited (code ${code})`));
    this.worker = w;
    return w;
  }

  private onMessage(w: Worker, res: WorkerResponse): void {
    if (w !== this.worker || !this.current || res.id !== this.current.id) return;
    const { job, timer } = this.current;
    clearTimeout(timer);
    this.current = undefined;
    if (res.poisoned) this.replace(w);
    job.resolve(res);
    this.pump();
  }

  private onTimeout(id: number): void {
    if (!this.current || this.current.id !== id) return;
    const { job } = this.current;
    this.current = undefined;
    this.counters.timeouts++;
    if (this.worker) this.replace(this.worker);
    job.reject(new InspectorError('timeout', `binary inspection did not finish within ${job.timeoutMs} ms; the inspector worker was stopped`));
    this.pump();
  }

  private onCrash(w: Worker, message: string): void {
    if (w !== this.worker) return; // an already replaced worker exiting
    this.worker = undefined;
    if (!this.current) return; // idle worker went away (idle stop or external); next request starts a new one
    const { job, timer } = this.current;
    clearTimeout(timer);
    this.current = undefined;
    this.counters.crashes++;
    this.counters.replaced++;
    const tail = this.counters.lastStderr.trim().split('\n').slice(-3).join(' | ');
    job.reject(new InspectorError('crashed', tail ? `${message}: ${tail}` : message));
    this.pump();
  }

  /** Drops a worker that must not be reused; the next request starts a fresh one. */
  private replace(w: Worker): void {
    if (this.worker === w) this.worker = undefined;
    this.counters.replaced++;
    void w.terminate();
  }

  private scheduleIdle(): void {
    const w = this.worker;
    if (!w) return;
    w.unref();
    clearTimeout(this.idleTimer);
    if (this.opts.idleMs > 0) {
      this.idleTimer = setTimeout(() => {
        if (this.worker === w && !this.current) {
          this.worker = undefined;
          void w.terminate();
        }
      }, this.opts.idleMs);
      this.idleTimer.unref();
    }
  }
}
