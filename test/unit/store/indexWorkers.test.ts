// Index worker threads: a cold build shared with workers, and a warm start whose stamps they check,
// give exactly the single-thread index — on the corpus and on synthetic stores with malformed
// tickets, synchronously and in yielding batches. Workers that die or hang mid-job cost time, not
// tickets: the caller finishes their chunks itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusDir, requireShared } from '../helpers/shared';
import { TicketStore } from '../../../src/core/store/ticketStore';
import { IndexWorkers } from '../../../src/core/store/indexWorkers';
import { chunkStarts } from '../../../src/core/store/indexWorkerProtocol';
import { indexCacheFile, restoreIndex, restoreIndexSync, saveIndexCacheSync } from '../../../src/core/store/cache';
import { writeSyntheticWorkspace } from '../../../bench/generate';

const corpusTickets = join(corpusDir, '.yoi', 'tickets');
const SLACK = { racySlackMs: 50 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cold = (root: string) => new TicketStore(root).loadSync().snapshot();

// Everything a test creates is released when it ends, pass or fail (t.after).
type Cleanup = { after(fn: () => void): void };

function tempDir(t: Cleanup, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A synthetic store of `n` tickets; its tickets root. */
function synthetic(t: Cleanup, n: number): string {
  const dir = tempDir(t, 'yoi-workers-');
  writeSyntheticWorkspace(dir, n);
  return join(dir, '.yoi', 'tickets');
}

function workerPool(t: Cleanup, opts: ConstructorParameters<typeof IndexWorkers>[0]): IndexWorkers {
  const pool = new IndexWorkers(opts);
  t.after(() => pool.dispose());
  return pool;
}

test('cold build with a worker == single-thread build (synthetic, malformed tickets included; sync and async)', async (t) => {
  const root = synthetic(t, 3000);
  const pool = workerPool(t, { size: 1, minTickets: 0 });
  const expected = cold(root);
  let byWorkers = 0;
  for (let i = 0; i < 4; i++) {
    const s = new TicketStore(root).loadSync({ workers: pool });
    byWorkers += pool.lastRead.chunks - pool.lastRead.here;
    assert.deepEqual(s.snapshot(), expected);
    assert.deepEqual(s.countByState(), new TicketStore(root).loadSync().countByState());
    const a = await new TicketStore(root).load({ workers: pool, batchSize: 100 });
    byWorkers += pool.lastRead.chunks - pool.lastRead.here;
    assert.deepEqual(a.snapshot(), expected);
  }
  // The worker really took chunks (it is warm after the first build).
  assert.ok(byWorkers > 0, 'no chunk was read by the worker');
  assert.equal(pool.counters.lost, 0);
});

test('corpus: cold build with workers == single-thread build (352 tickets, Japanese and English)', (t) => {
  if (!requireShared(t, corpusTickets)) return;
  const pool = workerPool(t, { size: 2, minTickets: 0 });
  const s = new TicketStore(corpusTickets).loadSync({ workers: pool });
  assert.equal(s.size, 352);
  assert.deepEqual(s.snapshot(), cold(corpusTickets));
});

test('small stores stay on the caller thread (no worker is started below minTickets)', (t) => {
  const root = synthetic(t, 50);
  const pool = workerPool(t, { size: 1, minTickets: 2000 });
  assert.deepEqual(new TicketStore(root).loadSync({ workers: pool }).snapshot(), cold(root));
  assert.equal(pool.counters.started, 0);
});

test('an index built with workers saves a cache that restores to the same index', async (t) => {
  const root = synthetic(t, 2500);
  const cacheDir = tempDir(t, 'yoi-workers-cache-');
  const pool = workerPool(t, { size: 1, minTickets: 0 });
  await sleep(80); // files older than the racy slack
  const built = new TicketStore(root).loadSync({ workers: pool });
  const file = indexCacheFile(cacheDir, root);
  const saved = saveIndexCacheSync(built, file, SLACK);
  assert.equal(saved.racy, 0);
  assert.equal(saved.written, built.size);
  const restored = new TicketStore(root);
  const r = restoreIndexSync(restored, file, SLACK);
  assert.deepEqual([r.used, r.reused, r.reread], [true, built.size, 0]);
  assert.deepEqual(restored.snapshot(), cold(root));
});

test('warm start checked by workers: edits at both ends of the list are re-read, the rest reused (sync and async)', async (t) => {
  const root = synthetic(t, 3000);
  const cacheDir = tempDir(t, 'yoi-workers-cache-');
  const pool = workerPool(t, { size: 1, minTickets: 0 });
  await sleep(80);
  const file = indexCacheFile(cacheDir, root);
  saveIndexCacheSync(new TicketStore(root).loadSync(), file, SLACK);
  // "While VS Code was closed": the first and the last tickets change, one gains relations.
  const ids = new TicketStore(root).loadSync().ids();
  const [first, last, third] = [ids[0], ids[ids.length - 1], ids[2]];
  for (const id of [first, last]) appendFileSync(join(root, id, 'item.md'), '\nedited\n');
  const itemOf = (id: string) => join(root, id, 'item.md');
  const text = readFileSync(itemOf(last), 'utf8');
  writeFileSync(itemOf(last), text.replace(/^title: .*$/m, "title: 'renamed while closed'"));
  mkdirSync(join(root, third, 'artifacts'), { recursive: true });
  writeFileSync(join(root, third, 'artifacts', 'relations.json'), JSON.stringify({ version: 1, relations: [{ ticket_id: third, kind: 'related', target: first, author: 'test', at: '2026-11-26T00:00:00Z' }] }, null, 2) + '\n');
  const expected = cold(root);
  for (let i = 0; i < 3; i++) {
    const s = new TicketStore(root);
    const r = restoreIndexSync(s, file, { ...SLACK, workers: pool, probeRelations: true });
    assert.equal(r.reread, 3, `sync run ${i}`);
    assert.equal(r.reused, ids.length - 3);
    assert.deepEqual(s.snapshot(), expected);
    const a = new TicketStore(root);
    const ra = await restoreIndex(a, file, { ...SLACK, workers: pool, probeRelations: true, batchSize: 100 });
    assert.equal(ra.reread, 3, `async run ${i}`);
    assert.deepEqual(a.snapshot(), expected);
  }
});

/** A worker script that claims chunks and then dies, claims one and never answers, or reports
 * that it could not read the chunks it claimed (and stays alive, idle). */
function badWorker(dir: string, mode: 'die' | 'hang' | 'fail'): string {
  const file = join(dir, `${mode}Worker.js`);
  const then = {
    die: 'process.exit(3);',
    hang: 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);',
    fail: `for (const chunk of [a, b]) {
    port.postMessage({ kind: 'failed', job: job.job, chunk, message: 'EIO (simulated)' });
    Atomics.add(control, 1, 1);
    Atomics.notify(control, 1);
  }`,
  }[mode];
  writeFileSync(file, `
const { workerData } = require('node:worker_threads');
const port = workerData.port;
port.on('message', (job) => {
  const control = new Int32Array(job.control);
  const a = Atomics.add(control, 0, 1); // claim a chunk…
  const b = Atomics.add(control, 0, 1); // …and another
  ${then}
});
`);
  return file;
}

test('a worker that reports a chunk it could not read: the caller reads that chunk at once', { timeout: 120_000 }, async (t) => {
  const root = synthetic(t, 600);
  const dir = tempDir(t, 'yoi-badworker-');
  // No stall fallback within the test's time: only the report can get those chunks read.
  const pool = workerPool(t, { size: 1, minTickets: 0, stallMs: 10 * 60_000, workerPath: badWorker(dir, 'fail') });
  const expected = cold(root);
  pool.warmUp();
  await sleep(300);
  assert.deepEqual(new TicketStore(root).loadSync({ workers: pool }).snapshot(), expected);
  assert.deepEqual((await new TicketStore(root).load({ workers: pool })).snapshot(), expected);
  assert.equal(pool.liveWorkers, 1);
});

test('a worker that dies mid-build: its chunks are read on the caller thread, nothing is lost', async (t) => {
  const root = synthetic(t, 600);
  const dir = tempDir(t, 'yoi-badworker-');
  const pool = workerPool(t, { size: 1, minTickets: 0, workerPath: badWorker(dir, 'die') });
  const s = await new TicketStore(root).load({ workers: pool });
  assert.deepEqual(s.snapshot(), cold(root));
  assert.ok(pool.lastRead.here <= pool.lastRead.chunks);
});

test('a worker that hangs mid-build: after the stall time the caller finishes its chunks (sync and async)', async (t) => {
  const root = synthetic(t, 600);
  const dir = tempDir(t, 'yoi-badworker-');
  const pool = workerPool(t, { size: 1, minTickets: 0, stallMs: 300, workerPath: badWorker(dir, 'hang') });
  const expected = cold(root);
  pool.warmUp();
  await sleep(300); // the worker is up and will claim chunks as soon as the job is posted
  const s = new TicketStore(root).loadSync({ workers: pool });
  assert.deepEqual(s.snapshot(), expected);
  const a = await new TicketStore(root).load({ workers: pool });
  assert.deepEqual(a.snapshot(), expected);
});

test('two stores loading at once share the workers: each gets its own records, nothing waits for a stall', { timeout: 120_000 }, async (t) => {
  const rootA = synthetic(t, 2500);
  const rootB = synthetic(t, 2500);
  // A result routed to the wrong load would only be made up for after the stall time: make that
  // longer than the test may run, so a misrouted chunk fails the test instead of slowing it.
  const pool = workerPool(t, { size: 1, minTickets: 0, stallMs: 10 * 60_000 });
  const [expectA, expectB] = [cold(rootA), cold(rootB)];
  for (let i = 0; i < 3; i++) {
    const [sa, sb] = await Promise.all([
      new TicketStore(rootA).load({ workers: pool, batchSize: 50 }),
      new TicketStore(rootB).load({ workers: pool, batchSize: 50 }),
    ]);
    assert.deepEqual(sa.snapshot(), expectA);
    assert.deepEqual(sb.snapshot(), expectB);
  }
});

test('chunk bounds cover every Ticket once, big chunks first, small ones at the end', () => {
  for (const [n, size, threads] of [[0, 256, 2], [1, 256, 2], [31, 32, 2], [2000, 32, 2], [10000, 256, 2], [10000, 200, 4], [50000, 256, 4], [777, 64, 3]]) {
    const s = chunkStarts(n, size, threads, Math.min(16, size));
    assert.equal(s[0], 0);
    assert.equal(s[s.length - 1], n, `n=${n}`);
    const sizes = s.slice(1).map((x, i) => x - s[i]);
    for (const k of sizes) assert.ok(k > 0 && k <= size, `chunk of ${k} (n=${n}, size=${size})`);
    // Never growing: each chunk is at most the one before it.
    for (let i = 1; i < sizes.length; i++) assert.ok(sizes[i] <= sizes[i - 1], `n=${n}: ${sizes[i - 1]} then ${sizes[i]}`);
    // The last chunks are small (short tails), unless the whole store is smaller than that.
    if (n >= size * threads * 4) assert.ok(sizes[sizes.length - 1] <= 16, `n=${n}: last chunk ${sizes[sizes.length - 1]}`);
  }
});
