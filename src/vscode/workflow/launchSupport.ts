// Process helpers for launching a coder pod, kept free of `vscode` so they are unit-tested in
// plain Node: a PATH lookup done in Node (never by asking a shell), a display-only rendering of
// an argv for people to copy, and delivery of the task prompt over the worker's control socket.
import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { delimiter, isAbsolute, join } from 'node:path';
import { notifyRequestLine, runRequestLine, workerSocketPath, yoiRuntimeDir } from '../../core/workflow/launch/roleLaunch';

/** Absolute path of an executable as the OS would find it from PATH, or undefined. */
export function findOnPath(command: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  if (!command) return undefined;
  const exts = platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean)] : [''];
  const runnable = (p: string) => {
    try {
      if (!statSync(p).isFile()) return false;
      if (platform !== 'win32') accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (command.includes('/') || (platform === 'win32' && command.includes('\\'))) {
    for (const e of exts) if (isAbsolute(command + e) && runnable(command + e)) return command + e;
    return undefined;
  }
  const dirs = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : delimiter).filter(Boolean);
  for (const d of dirs) {
    for (const e of exts) {
      const p = join(d, command + e);
      if (runnable(p)) return p;
    }
  }
  return undefined;
}

/** POSIX shell rendering of an argv for a person to read or copy; never executed by us. */
export function displayCommand(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export type PromptDelivery = { delivered: true; socket: string } | { delivered: false; socket: string; reason: 'timeout' | 'error' | 'cancelled'; detail?: string };

/** Waits for the worker's control socket to appear, then sends the `run` request carrying the
 * prompt (yoi's ticket-role launch, spec §8.2). Resolves (never rejects) with what happened. */
export async function deliverPromptWhenReady(
  workerName: string,
  prompt: string,
  opts: { timeoutMs?: number; intervalMs?: number; env?: NodeJS.ProcessEnv; isCancelled?: () => boolean } = {},
): Promise<PromptDelivery> {
  const socket = workerSocketPath(workerName, opts.env);
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  while (!existsSync(socket)) {
    if (opts.isCancelled?.()) return { delivered: false, socket, reason: 'cancelled' };
    if (Date.now() > deadline) return { delivered: false, socket, reason: 'timeout' };
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 500));
  }
  return new Promise<PromptDelivery>((resolve) => {
    const conn = createConnection(socket);
    const timer = setTimeout(() => { conn.destroy(); resolve({ delivered: false, socket, reason: 'timeout' }); }, 10_000);
    conn.on('error', (e) => { clearTimeout(timer); resolve({ delivered: false, socket, reason: 'error', detail: e.message }); });
    // Keep the connection open until the worker answers (or briefly), so it reads the whole request.
    const done = () => { clearTimeout(timer); conn.end(); resolve({ delivered: true, socket }); };
    conn.on('connect', () => {
      conn.write(runRequestLine(prompt), () => {
        clearTimeout(timer);
        const settle = setTimeout(done, 3000);
        conn.once('data', () => { clearTimeout(settle); done(); });
      });
    });
  });
}

/** Live workers whose name says they are an Orchestrator (a control socket under the runtime dir). */
export function liveOrchestratorWorkers(env: NodeJS.ProcessEnv = process.env): string[] {
  let names: string[];
  try {
    names = readdirSync(yoiRuntimeDir(env));
  } catch {
    return [];
  }
  return names.filter((n) => /orchestrator/i.test(n) && existsSync(workerSocketPath(n, env))).sort();
}

export type NotifyOutcome = { notified: true; worker: string; socket: string } | { notified: false; worker?: string; socket?: string; reason: 'not-live' | 'ambiguous' | 'timeout' | 'error' | 'closed'; detail?: string };

/**
 * Notifies the Orchestrator Worker like the yoi panel does after a queue (spec §4.4 step 5):
 * connect to its control socket, read JSON lines until the `snapshot` event, then write the
 * `notify` request. `worker`: its name; empty = the one live worker named like an orchestrator.
 * Resolves (never rejects); nothing happens when no such worker is live.
 */
export function notifyOrchestrator(worker: string, message: string, opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<NotifyOutcome> {
  const env = opts.env ?? process.env;
  let name = worker.trim();
  if (!name) {
    const live = liveOrchestratorWorkers(env);
    if (live.length !== 1) return Promise.resolve({ notified: false, reason: live.length ? 'ambiguous' : 'not-live', detail: live.join(', ') || undefined });
    name = live[0];
  }
  const socket = workerSocketPath(name, env);
  if (!existsSync(socket)) return Promise.resolve({ notified: false, worker: name, socket, reason: 'not-live' });
  return new Promise<NotifyOutcome>((resolve) => {
    let settled = false;
    const finish = (o: NotifyOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      conn.end();
      resolve(o);
    };
    const conn = createConnection(socket);
    const timer = setTimeout(() => { conn.destroy(); finish({ notified: false, worker: name, socket, reason: 'timeout' }); }, opts.timeoutMs ?? 10_000);
    conn.on('error', (e) => finish({ notified: false, worker: name, socket, reason: 'error', detail: e.message }));
    conn.on('close', () => finish({ notified: false, worker: name, socket, reason: 'closed', detail: 'the worker closed the connection before its snapshot' }));
    let buffered = '';
    conn.setEncoding('utf8');
    conn.on('data', (chunk: string) => {
      if (settled) return;
      buffered += chunk;
      // Events are JSON lines; the notify request goes after the `snapshot` event.
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        let event: unknown;
        try { event = JSON.parse(line); } catch { continue; }
        if ((event as { event?: unknown })?.event !== 'snapshot') continue;
        conn.write(notifyRequestLine(message), () => finish({ notified: true, worker: name, socket }));
        return;
      }
      if (buffered.length > 16 * 1024 * 1024) finish({ notified: false, worker: name, socket, reason: 'error', detail: 'no snapshot event in 16 MiB of output' });
    });
  });
}
