// The writer lock of a ticket store (§4.5). yoi takes an exclusive non-blocking flock(2) on
// `<tickets root>/.ticket-backend.lock`. Node has no flock, so we open the lock file ourselves and
// let util-linux `flock -n <fd>` lock *our* open file description: the lock then belongs to that
// description, outlives the short-lived `flock` process, and is released when we close the fd —
// or automatically when this process dies. No shell, no long-lived helper, and it excludes yoi
// and other instances of this extension alike.
//
// Fallback when `flock` is unavailable (Windows, minimal images): an exclusive-create lock file
// `.ticket-backend.vscode.lock` holding our pid. It only excludes other users of this fallback
// (other windows/CLI runs of this extension), NOT a running yoi, which knows only the flock.
import { spawn } from 'node:child_process';
import { closeSync, constants, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LOCK_BUSY_MESSAGE, WorkflowError } from './errors';

export const LOCK_FILE_NAME = '.ticket-backend.lock';
export const FALLBACK_LOCK_FILE_NAME = '.ticket-backend.vscode.lock';
/** flock's exit code when the lock is busy (`-E`); 75 = EX_TEMPFAIL. */
const BUSY_EXIT = 75;

export type LockMechanism = 'flock' | 'exclusive-file';

export interface StoreLock {
  readonly path: string;
  readonly mechanism: LockMechanism;
  release(): void;
}

export interface LockOptions {
  /** How long to keep retrying a busy lock before refusing (default 1500 ms). */
  waitMs?: number;
  /** Delay between attempts (default 50 ms). */
  intervalMs?: number;
  /** Force a mechanism (tests); default: flock when available. */
  mechanism?: LockMechanism | 'auto';
  /** The flock executable (default `flock` on PATH). */
  flockCommand?: string;
}

const sleep = (ms: number) => new Promise<void>((res) => setTimeout(res, ms));

/** Whether each flock command was found (probed on first use). */
const flockAvailable = new Map<string, boolean>();

type Attempt = { ok: true; lock: StoreLock } | { ok: false; busy: true } | { ok: false; busy: false; unavailable: true };

/** Runs `flock -n -E 75 3` with fd 3 = our open lock file. */
function flockFd(command: string, fd: number): Promise<number | 'enoent'> {
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn(command, ['-n', '-E', String(BUSY_EXIT), '3'], { stdio: ['ignore', 'ignore', 'pipe', fd], windowsHide: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return resolve('enoent');
      return reject(e);
    }
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? resolve('enoent') : reject(e)));
    child.on('close', (code) => {
      if (code === 0 || code === BUSY_EXIT) resolve(code);
      else reject(new WorkflowError('io', `flock failed (exit ${code}): ${stderr.trim()}`, 'lock.flock-failed'));
    });
  });
}

async function tryFlock(root: string, command: string): Promise<Attempt> {
  const path = join(root, LOCK_FILE_NAME);
  // Created if missing, never deleted (like yoi).
  const fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o644);
  let code: number | 'enoent';
  try {
    code = await flockFd(command, fd);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  if (code === 0) {
    flockAvailable.set(command, true);
    let released = false;
    return { ok: true, lock: { path, mechanism: 'flock', release: () => { if (!released) { released = true; closeSync(fd); } } } };
  }
  closeSync(fd);
  if (code === 'enoent') {
    flockAvailable.set(command, false);
    return { ok: false, busy: false, unavailable: true };
  }
  return { ok: false, busy: true };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryExclusiveFile(root: string): Attempt {
  const path = join(root, FALLBACK_LOCK_FILE_NAME);
  const host = hostname();
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
      writeSync(fd, `${process.pid}\n${host}\n${new Date().toISOString()}\n`);
      closeSync(fd);
      let released = false;
      return { ok: true, lock: { path, mechanism: 'exclusive-file', release: () => { if (!released) { released = true; try { unlinkSync(path); } catch { /* gone */ } } } } };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    // A lock left by a dead process on this host is stale: remove it once and retry.
    let owner: string[] = [];
    try {
      owner = readFileSync(path, 'utf8').split('\n');
    } catch {
      continue; // released meanwhile
    }
    const pid = Number(owner[0]);
    if (owner[1] === host && Number.isInteger(pid) && pid > 0 && !pidAlive(pid)) {
      try { unlinkSync(path); } catch { /* raced */ }
      continue;
    }
    return { ok: false, busy: true };
  }
  return { ok: false, busy: true };
}

/** Acquires the writer lock of the tickets root, retrying briefly; refuses with
 * LOCK_BUSY_MESSAGE (code `lock-busy`) when another process keeps it. */
export async function acquireStoreLock(ticketsRoot: string, opts: LockOptions = {}): Promise<StoreLock> {
  const waitMs = opts.waitMs ?? 1500;
  const interval = opts.intervalMs ?? 50;
  const command = opts.flockCommand ?? 'flock';
  let mechanism = opts.mechanism ?? 'auto';
  if (mechanism === 'auto' && flockAvailable.get(command) === false) mechanism = 'exclusive-file';
  const deadline = Date.now() + waitMs;
  for (;;) {
    let a: Attempt;
    if (mechanism === 'exclusive-file') a = tryExclusiveFile(ticketsRoot);
    else {
      a = await tryFlock(ticketsRoot, command);
      if (!a.ok && !a.busy) {
        if (mechanism === 'flock') throw new WorkflowError('io', `\`${command}\` is not available to lock the ticket store`, 'lock.flock-missing');
        mechanism = 'exclusive-file';
        continue;
      }
    }
    if (a.ok) return a.lock;
    if (Date.now() >= deadline) throw new WorkflowError('lock-busy', LOCK_BUSY_MESSAGE, 'lock.busy');
    await sleep(interval + Math.floor(Math.random() * interval));
  }
}

/** Runs `fn` while holding the lock; always releases. */
export async function withStoreLock<T>(ticketsRoot: string, fn: (lock: StoreLock) => Promise<T> | T, opts?: LockOptions): Promise<T> {
  const lock = await acquireStoreLock(ticketsRoot, opts);
  try {
    return await fn(lock);
  } finally {
    lock.release();
  }
}
