// The coder-launch helpers of the VS Code adapter (no vscode import): PATH lookup in Node,
// display-only quoting, prompt delivery and the Orchestrator notification over real Unix control
// sockets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliverPromptWhenReady, displayCommand, findOnPath, liveOrchestratorWorkers, notifyOrchestrator } from '../../../src/vscode/workflow/launchSupport';
import { runRequestLine } from '../../../src/core/workflow';
import { notifyRequestLine, queuedNotifyMessage } from '../../../src/core/workflow/launch/roleLaunch';

const temp = () => mkdtempSync(join(tmpdir(), 'yoi-launch-'));

test('findOnPath finds executables on PATH, skips non-executables and folders, never asks a shell', (t) => {
  const a = temp();
  const b = temp();
  t.after(() => { rmSync(a, { recursive: true, force: true }); rmSync(b, { recursive: true, force: true }); });
  writeFileSync(join(a, 'yoi'), '#!/bin/sh\n');
  chmodSync(join(a, 'yoi'), 0o644); // not executable: skipped
  writeFileSync(join(b, 'yoi'), '#!/bin/sh\n');
  chmodSync(join(b, 'yoi'), 0o755);
  mkdirSync(join(a, 'tool'));
  const env = { PATH: [a, b].join(':') };
  assert.equal(findOnPath('yoi', env, 'linux'), join(b, 'yoi'));
  assert.equal(findOnPath('tool', env, 'linux'), undefined, 'a folder is not a command');
  assert.equal(findOnPath('missing', env, 'linux'), undefined);
  assert.equal(findOnPath('yoi', { PATH: '' }, 'linux'), undefined);
  assert.equal(findOnPath(join(b, 'yoi'), {}, 'linux'), join(b, 'yoi'), 'absolute paths are checked directly');
  assert.equal(findOnPath(join(a, 'yoi'), {}, 'linux'), undefined);
  // A name that would mean something to a shell is just a file name here.
  assert.equal(findOnPath('yoi; rm -rf /', env, 'linux'), undefined);
  assert.equal(findOnPath('$(yoi)', env, 'linux'), undefined);
});

test('displayCommand quotes only what a POSIX shell would interpret', () => {
  assert.equal(displayCommand(['yoi', 'worker', '--workspace', '/w/my repo', '--profile', 'builtin:coder']), "yoi worker --workspace '/w/my repo' --profile builtin:coder");
  assert.equal(displayCommand(['echo', "it's", '$(x)', '']), "echo 'it'\\''s' '$(x)' ''");
});

test('deliverPromptWhenReady waits for the control socket, then sends the run request', async (t) => {
  const runtime = temp();
  t.after(() => rmSync(runtime, { recursive: true, force: true }));
  const env = { YOI_RUNTIME_DIR: runtime };
  const worker = 'yoi-coder-00001M4WPSS3V';
  const received: string[] = [];
  const pending = deliverPromptWhenReady(worker, 'Target Ticket:\n- id: 00001M4WPSS3V\n', { env, intervalMs: 20, timeoutMs: 5000 });
  // The worker starts a little later.
  await new Promise((r) => setTimeout(r, 100));
  mkdirSync(join(runtime, worker), { recursive: true });
  const server = createServer((c) => {
    let buf = '';
    c.on('data', (d) => {
      buf += d.toString();
      if (buf.endsWith('\n')) { received.push(buf); c.write('{"event":"accepted"}\n'); }
    });
  });
  await new Promise<void>((r) => server.listen(join(runtime, worker, 'sock'), r));
  t.after(() => server.close());
  const d = await pending;
  assert.deepEqual(d, { delivered: true, socket: join(runtime, worker, 'sock') });
  assert.deepEqual(received, [runRequestLine('Target Ticket:\n- id: 00001M4WPSS3V\n')]);
  const parsed = JSON.parse(received[0]);
  assert.equal(parsed.method, 'run');
  assert.equal(parsed.params.input[0].content, '\n\nTarget Ticket:\n- id: 00001M4WPSS3V\n');
});

test('deliverPromptWhenReady gives up after the timeout, or when cancelled', async (t) => {
  const runtime = temp();
  t.after(() => rmSync(runtime, { recursive: true, force: true }));
  const env = { YOI_RUNTIME_DIR: runtime };
  const timedOut = await deliverPromptWhenReady('yoi-coder-X', 'p', { env, intervalMs: 10, timeoutMs: 80 });
  assert.equal(timedOut.delivered, false);
  assert.equal(!timedOut.delivered && timedOut.reason, 'timeout');
  let cancelled = false;
  setTimeout(() => { cancelled = true; }, 30);
  const c = await deliverPromptWhenReady('yoi-coder-X', 'p', { env, intervalMs: 10, timeoutMs: 5000, isCancelled: () => cancelled });
  assert.equal(!c.delivered && c.reason, 'cancelled');
  // A socket file nobody listens on: an error, not a hang.
  mkdirSync(join(runtime, 'yoi-coder-Y'));
  writeFileSync(join(runtime, 'yoi-coder-Y', 'sock'), '');
  const e = await deliverPromptWhenReady('yoi-coder-Y', 'p', { env, intervalMs: 10 });
  assert.equal(!e.delivered && e.reason, 'error');
});

/** A fake live worker: a control socket that sends `events` (as raw chunks) on connection and
 * records what the client writes. */
async function fakeWorker(runtime: string, name: string, chunks: string[], t: { after(fn: () => void): void }): Promise<{ received: string[]; closeEarly(): void }> {
  mkdirSync(join(runtime, name), { recursive: true });
  const received: string[] = [];
  let early = false;
  const server = createServer((c) => {
    let buf = '';
    c.on('data', (d) => { buf += d.toString(); if (buf.endsWith('\n')) received.push(buf); });
    if (early) { c.end('{"event":"hello"}\n'); return; }
    for (const [i, ch] of chunks.entries()) setTimeout(() => c.write(ch), 10 * i);
  });
  await new Promise<void>((r) => server.listen(join(runtime, name, 'sock'), r));
  t.after(() => server.close());
  return { received, closeEarly: () => { early = true; } };
}

test('notifyOrchestrator reads JSON lines until the snapshot event, then writes the notify request', async (t) => {
  const runtime = temp();
  t.after(() => rmSync(runtime, { recursive: true, force: true }));
  const env = { YOI_RUNTIME_DIR: runtime };
  // The snapshot line arrives split across writes, after other events and a non-JSON line.
  const w = await fakeWorker(runtime, 'yoi-orchestrator', ['{"event":"hello"}\nnot json\n{"event":"snap', 'shot","workers":[]}\n'], t);
  const message = queuedNotifyMessage('00001M4WPSS3V');
  const n = await notifyOrchestrator('yoi-orchestrator', message, { env, timeoutMs: 5000 });
  assert.deepEqual(n, { notified: true, worker: 'yoi-orchestrator', socket: join(runtime, 'yoi-orchestrator', 'sock') });
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(w.received, [notifyRequestLine(message)]);
  const req = JSON.parse(w.received[0]);
  assert.equal(req.method, 'notify');
  assert.match(req.params.message, /queued Ticket 00001M4WPSS3V and authorized routing/);
});

test('notifyOrchestrator: the one live orchestrator is found by name; none, several, or a worker that hangs up are reported', async (t) => {
  const runtime = temp();
  t.after(() => rmSync(runtime, { recursive: true, force: true }));
  const env = { YOI_RUNTIME_DIR: runtime };
  assert.deepEqual(await notifyOrchestrator('', 'm', { env }), { notified: false, reason: 'not-live', detail: undefined });
  assert.deepEqual(await notifyOrchestrator('named', 'm', { env }), { notified: false, worker: 'named', socket: join(runtime, 'named', 'sock'), reason: 'not-live' });
  mkdirSync(join(runtime, 'ticket-orchestrator-stale')); // a folder without a socket is not a live worker
  const coder = await fakeWorker(runtime, 'yoi-coder-00001M4WPSS3V', ['{"event":"snapshot"}\n'], t);
  const orch = await fakeWorker(runtime, 'ticket-orchestrator-main', ['{"event":"snapshot"}\n'], t);
  assert.deepEqual(liveOrchestratorWorkers(env), ['ticket-orchestrator-main']);
  const n = await notifyOrchestrator('', 'hello', { env, timeoutMs: 5000 });
  assert.equal(n.notified, true);
  assert.equal(n.worker, 'ticket-orchestrator-main');
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(orch.received, [notifyRequestLine('hello')]);
  assert.deepEqual(coder.received, []);
  const other = await fakeWorker(runtime, 'orchestrator-2', ['{"event":"snapshot"}\n'], t);
  const amb = await notifyOrchestrator('', 'hello', { env });
  assert.deepEqual(amb, { notified: false, reason: 'ambiguous', detail: 'orchestrator-2, ticket-orchestrator-main' });
  other.closeEarly();
  const closed = await notifyOrchestrator('orchestrator-2', 'hello', { env, timeoutMs: 5000 });
  assert.equal(closed.notified, false);
  assert.equal(!closed.notified && closed.reason, 'closed');
  assert.deepEqual(other.received, []);
});
