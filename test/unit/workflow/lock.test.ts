// The store lock: exclusion against a real flock(1) holder (what yoi's flock(2) is), busy refusal
// with the exact message, the exclusive-file fallback, and two Node processes writing one Ticket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireShared } from '../helpers/shared';
import { splitThread } from './corpusEvents';
import { CORPUS_TICKETS, tempWorkspace } from './tempStore';
import { acquireStoreLock, FALLBACK_LOCK_FILE_NAME, LOCK_FILE_NAME } from '../../../src/core/workflow/storeLock';
import { LOCK_BUSY_MESSAGE, isWorkflowError } from '../../../src/core/workflow/errors';
import { TicketWorkflow } from '../../../src/core/workflow/ticketWorkflow';
import { parseItem } from '../../../src/core/ticket/item';
import { parseThread } from '../../../src/core/thread/thread';

const READY = '00001KXMK846H';
const hasFlock = spawnSync('flock', ['--version']).status === 0;

/** Whether an outside flock(1) could take the lock right now (0 = free, 75 = busy). */
const probe = (lockFile: string) => spawnSync('flock', ['-n', '-E', '75', lockFile, 'true']).status;

/** Holds the lock from another process (like a running yoi) until the returned function is called. */
async function holdFromOutside(lockFile: string): Promise<() => Promise<void>> {
  const child = spawn('flock', [lockFile, 'cat'], { stdio: ['pipe', 'ignore', 'ignore'] });
  for (let i = 0; i < 1000 && probe(lockFile) !== 75; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(probe(lockFile), 75, 'outside holder took the lock');
  return () => new Promise<void>((resolve) => { child.on('close', () => resolve()); child.stdin!.end(); });
}

test('lock: a write refuses with the exact message while another process holds the flock, then succeeds', { skip: !hasFlock && 'flock(1) not installed' }, async (t) => {
  if (!requireShared(t, CORPUS_TICKETS)) return;
  const ws = tempWorkspace([READY]);
  try {
    const lockFile = join(ws.tickets, LOCK_FILE_NAME);
    writeFileSync(lockFile, '');
    const release = await holdFromOutside(lockFile);
    const thread = ws.read(READY, 'thread.md');
    const w = new TicketWorkflow({ workspaceRoot: ws.root, author: 't', lock: { waitMs: 300 } });
    const started = Date.now();
    await assert.rejects(w.queue(READY), (e) => isWorkflowError(e, 'lock-busy') && e.message === LOCK_BUSY_MESSAGE);
    assert.ok(Date.now() - started >= 250, 'retried briefly before refusing');
    assert.equal(ws.read(READY, 'thread.md'), thread, 'nothing written without the lock');
    await release();
    const r = await w.queue(READY);
    assert.equal(r.lock, 'flock');
    assert.equal(probe(lockFile), 0, 'released after the write');
    assert.ok(existsSync(lockFile), 'the lock file is never deleted');
  } finally {
    ws.dispose();
  }
});

test('lock: while we hold it, an outside flock (yoi) is excluded; same-process writers queue up', { skip: !hasFlock && 'flock(1) not installed' }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'yoi-lock-'));
  try {
    const a = await acquireStoreLock(root);
    assert.equal(a.mechanism, 'flock');
    assert.equal(probe(join(root, LOCK_FILE_NAME)), 75);
    await assert.rejects(acquireStoreLock(root, { waitMs: 0 }), (e) => isWorkflowError(e, 'lock-busy'));
    const waiting = acquireStoreLock(root, { waitMs: 2000, intervalMs: 10 });
    setTimeout(() => a.release(), 100);
    const b = await waiting;
    b.release();
    b.release(); // idempotent
    assert.equal(probe(join(root, LOCK_FILE_NAME)), 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('lock fallback: exclusive lock file when flock is missing; stale owner removed; explicit flock reports missing', async () => {
  const root = mkdtempSync(join(tmpdir(), 'yoi-lock-'));
  try {
    const a = await acquireStoreLock(root, { flockCommand: join(root, 'no-such-flock') });
    assert.equal(a.mechanism, 'exclusive-file');
    assert.ok(existsSync(join(root, FALLBACK_LOCK_FILE_NAME)));
    await assert.rejects(acquireStoreLock(root, { mechanism: 'exclusive-file', waitMs: 50 }), (e) => isWorkflowError(e, 'lock-busy') && e.message === LOCK_BUSY_MESSAGE);
    a.release();
    assert.ok(!existsSync(join(root, FALLBACK_LOCK_FILE_NAME)));
    // A lock file left by a process that no longer exists on this host is stale.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const { hostname } = await import('node:os');
    writeFileSync(join(root, FALLBACK_LOCK_FILE_NAME), `${dead}\n${hostname()}\n2026-01-01T00:00:00Z\n`);
    const b = await acquireStoreLock(root, { mechanism: 'exclusive-file', waitMs: 0 });
    b.release();
    // A live owner (this process) is respected.
    writeFileSync(join(root, FALLBACK_LOCK_FILE_NAME), `${process.pid}\n${hostname()}\nx\n`);
    await assert.rejects(acquireStoreLock(root, { mechanism: 'exclusive-file', waitMs: 0 }), (e) => isWorkflowError(e, 'lock-busy'));
    rmSync(join(root, FALLBACK_LOCK_FILE_NAME));
    await assert.rejects(acquireStoreLock(root, { mechanism: 'flock', flockCommand: join(root, 'no-such-flock') }), (e) => isWorkflowError(e, 'io') && e.reason === 'lock.flock-missing');
    if (hasFlock) {
      const c = await acquireStoreLock(root);
      assert.equal(c.mechanism, 'flock', 'a missing custom flock command does not disable the real one');
      c.release();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

interface Outcome { op: string; token: string; ok: boolean; code?: string; message?: string }

function runChild(root: string, tag: string, count: number, waitMs: number): Promise<Outcome[]> {
  const script = join(__dirname, 'concurrencyChild.js');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, root, READY, tag, String(count), String(waitMs)], { timeout: 60_000 }, (err, stdout) => {
      if (err) return reject(err);
      resolve(stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Outcome));
    });
  });
}

test('concurrency: two Node processes queue and comment one Ticket; each op lands exactly once or is refused', async (t) => {
  if (!requireShared(t, CORPUS_TICKETS)) return;
  const ws = tempWorkspace([READY]);
  try {
    const before = splitThread(ws.read(READY, 'thread.md')).length;
    // One patient process, one that gives up at once, so both outcomes (success / busy) occur.
    const [a, b] = await Promise.all([runChild(ws.root, 'a', 12, 5000), runChild(ws.root, 'b', 12, 40)]);
    const all = [...a, ...b];
    assert.equal(all.length, 24);
    for (const o of all) {
      if (o.ok) continue;
      assert.ok(
        (o.code === 'lock-busy' && o.message === LOCK_BUSY_MESSAGE) || (o.op === 'queue' && o.code === 'guard'),
        `unexpected refusal ${JSON.stringify(o)}`,
      );
    }
    const queued = all.filter((o) => o.op === 'queue' && o.ok);
    assert.equal(queued.length, 1, 'exactly one queue took effect');
    const thread = ws.read(READY, 'thread.md');
    const events = splitThread(thread);
    assert.ok(events.every((e) => e.body !== undefined), 'every event has yoi\'s canonical layout');
    // The read side's yoi-grammar parser agrees and reports nothing wrong.
    const parsed = parseThread(thread, 'thread.md');
    assert.equal(parsed.events.length, events.length);
    assert.deepEqual(parsed.problems.filter((p) => p.severity !== 'info'), []);
    const comments = events.filter((e) => e.kind === 'comment').map((e) => e.body);
    for (const o of all.filter((x) => x.op === 'comment')) {
      const n = comments.filter((c) => c === `comment ${o.token}\n`).length;
      assert.equal(n, o.ok ? 1 : 0, `${o.token} (${o.ok ? 'ok' : o.code}) appears ${n} times`);
    }
    assert.equal(events.length, before + all.filter((o) => o.ok).length);
    assert.equal(events.filter((e) => e.kind === 'state_changed' && e.attrs.to === 'queued').length, 1);
    const item = parseItem(ws.read(READY, 'item.md'), 'item.md');
    assert.equal(item.readable, true);
    assert.equal(item.fields.state, 'queued');
    assert.equal(item.fields.queuedBy, `proc-${queued[0].token.split('-')[0]}`);
    t.diagnostic(`ok ${all.filter((o) => o.ok).length}, busy ${all.filter((o) => o.code === 'lock-busy').length}, guard ${all.filter((o) => o.code === 'guard').length}`);
  } finally {
    ws.dispose();
  }
});
