// PluginInspector against the bundled worker (built into a temp dir with the same function
// scripts/build.mjs uses for dist/): the runtime loads from the bundle, a wasm-tools panic surfaces
// and the poisoned worker is replaced, a runtime missing its I/O worker blocks only until the time
// limit, crashes and hangs are recovered from, hostile input always ends, and requests queue.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync, existsSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { InspectorError, PluginInspector } from '../../../src/core/plugins/pluginInspector';
import { evaluateArtifact } from '../../../src/core/plugins/wasm/evaluate';
import { fixturesDir, repoRoot, requireShared } from '../helpers/shared';
import { tempDir, TempDir } from './helpers/pkg';

const importEsm = new Function('s', 'return import(s)') as (s: string) => Promise<{ buildPluginInspectorRuntime(out: string, o?: { minify?: boolean }): Promise<void> }>;

let tmp: TempDir;
let bundled: string;
const open: PluginInspector[] = [];

function inspector(opts: ConstructorParameters<typeof PluginInspector>[0] = {}): PluginInspector {
  const i = new PluginInspector({ workerPath: join(bundled, 'pluginWorker.js'), ...opts });
  open.push(i);
  return i;
}

before(async () => {
  tmp = tempDir('yoi-plugin-runtime-');
  bundled = join(tmp.dir, 'dist');
  const { buildPluginInspectorRuntime } = await importEsm(new URL('file://' + join(repoRoot, 'scripts', 'pluginRuntime.mjs')).href);
  await buildPluginInspectorRuntime(bundled);
});

after(async () => {
  await Promise.all(open.map((i) => i.dispose()));
  tmp?.dispose();
});

function fixture(t: import('node:test').TestContext, name: string): Buffer | undefined {
  const p = requireShared(t, join(fixturesDir, 'wasm', name));
  return p ? readFileSync(p) : undefined;
}

test('the bundle has the runtime files beside the worker', () => {
  for (const f of ['pluginWorker.js', 'wasm-tools/wasm-tools.mjs', 'wasm-tools/wasm-tools.core.wasm', 'wasm-tools/wasm-tools.core2.wasm', 'wasm-tools/worker-thread.bundle.js', 'wasm-tools/package.json']) {
    assert.ok(existsSync(join(bundled, f)), f);
  }
  assert.deepEqual(JSON.parse(readFileSync(join(bundled, 'wasm-tools', 'package.json'), 'utf8')), { type: 'module' });
});

test('no worker until the first request; the bundled worker loads the bundled runtime', async () => {
  const ins = inspector();
  assert.equal(ins.stats.started, 0);
  const r = await ins.selfCheck();
  assert.equal(ins.stats.started, 1);
  assert.equal(r.runtime.source, 'bundled');
  assert.equal(r.runtime.path, join(bundled, 'wasm-tools', 'wasm-tools.mjs'));
  assert.equal(r.decodeOk, true);
});

test('a wasm-tools panic (componentEmbed with witPath) surfaces as an error and the poisoned worker is replaced', async (t) => {
  const bytes = fixture(t, 'tool-valid.component.wasm');
  if (!bytes) return;
  const ins = inspector();
  const r = await ins.selfCheck({ panic: true });
  assert.equal(r.panicSurfaced, true);
  assert.match(r.panicMessage!, /unreachable|wasm trap/);
  assert.match(ins.stats.lastStderr, /panicked/);
  assert.equal(ins.stats.replaced, 1);
  // The next request gets a fresh worker whose wasm-tools instance works.
  const facts = await ins.analyze(bytes);
  assert.equal(ins.stats.started, 2);
  assert.match(facts.wit ?? '', /export call: func/);
  assert.deepEqual(facts.toolErrors, []);
});

test('a runtime copy without preview2-shim\'s I/O worker: the panic path cannot hang the host', async () => {
  const broken = join(tmp.dir, 'broken');
  cpSync(bundled, broken, { recursive: true });
  rmSync(join(broken, 'wasm-tools', 'worker-thread.bundle.js'));
  const ins = inspector({ workerPath: join(broken, 'pluginWorker.js'), timeoutMs: 4000 });
  const t0 = Date.now();
  await assert.rejects(ins.selfCheck({ panic: true }), (e: unknown) => e instanceof InspectorError && (e.reason === 'timeout' || e.reason === 'crashed'));
  assert.ok(Date.now() - t0 < 8000, 'settled within the time limit');
  assert.ok(ins.stats.timeouts + ins.stats.crashes >= 1);
});

test('worker crash and hang are recovered from with a fresh worker', async (t) => {
  const bytes = fixture(t, 'tool-valid.component.wasm');
  if (!bytes) return;
  const exiting = join(tmp.dir, 'exit-worker.js');
  writeFileSync(exiting, 'process.exit(3);\n');
  const crashed = inspector({ workerPath: exiting });
  await assert.rejects(crashed.analyze(bytes), (e: unknown) => e instanceof InspectorError && e.reason === 'crashed' && /exited \(code 3\)/.test(e.message));
  await assert.rejects(crashed.analyze(bytes), (e: unknown) => e instanceof InspectorError && e.reason === 'crashed');
  assert.equal(crashed.stats.started, 2);
  assert.equal(crashed.stats.crashes, 2);

  const silent = join(tmp.dir, 'silent-worker.js');
  writeFileSync(silent, "require('node:worker_threads').parentPort.on('message', () => {});\n");
  const hung = inspector({ workerPath: silent, timeoutMs: 300 });
  await assert.rejects(hung.analyze(bytes), (e: unknown) => e instanceof InspectorError && e.reason === 'timeout');
  assert.equal(hung.stats.timeouts, 1);
  await assert.rejects(hung.analyze(bytes), (e: unknown) => e instanceof InspectorError && e.reason === 'timeout');
  assert.equal(hung.stats.started, 2, 'a timed-out worker is never reused');

  // A too-short limit on a real (cold) worker times out; the next request succeeds.
  const ins = inspector();
  await assert.rejects(ins.analyze(bytes, { timeoutMs: 1 }), (e: unknown) => e instanceof InspectorError && e.reason === 'timeout');
  const facts = await ins.analyze(bytes);
  assert.equal(facts.kind, 'component');
});

test('requests queue on one worker and resolve in order with their own results', async (t) => {
  const names = ['tool-valid.component.wasm', 'tool-dummy.component.wasm', 'legacy-core.wasm', 'not-wasm.component.wasm', 'instance-valid.component.wasm'];
  const inputs = names.map((n) => fixture(t, n));
  if (inputs.some((b) => !b)) return;
  const ins = inspector();
  const results = await Promise.all(inputs.map((b) => ins.analyze(b!)));
  assert.deepEqual(results.map((r) => r.size), inputs.map((b) => b!.length));
  assert.deepEqual(results.map((r) => r.kind), ['component', 'component', 'core-module', 'not-wasm', 'component']);
  assert.equal(ins.stats.started, 1);
  // The caller's buffers are not detached by the transfer to the worker.
  assert.deepEqual(inputs.map((b) => b!.byteLength > 0 && b!.buffer.byteLength > 0), inputs.map(() => true));
  const view = new Uint8Array(inputs[0]!.buffer, inputs[0]!.byteOffset, 4);
  assert.deepEqual([...view], [0, 0x61, 0x73, 0x6d]);
});

test('input over 8 MiB is refused on the host side; dispose rejects queued work', async () => {
  const ins = inspector();
  await assert.rejects(ins.analyze(new Uint8Array(8 * 1024 * 1024 + 1)), (e: unknown) => e instanceof InspectorError && e.reason === 'too-large');
  assert.equal(ins.stats.started, 0);
  const pending = [ins.selfCheck(), ins.selfCheck()].map((p) => p.then(() => undefined, (e: unknown) => e));
  await ins.dispose();
  for (const e of await Promise.all(pending)) assert.ok(e instanceof InspectorError && e.reason === 'disposed', String(e));
  await assert.rejects(ins.selfCheck(), (e: unknown) => e instanceof InspectorError && e.reason === 'disposed');
});

test('an idle worker is stopped and restarted on demand', async (t) => {
  const bytes = fixture(t, 'tool-valid.component.wasm');
  if (!bytes) return;
  const ins = inspector({ idleMs: 50 });
  await ins.analyze(bytes);
  await new Promise((r) => setTimeout(r, 200));
  await ins.analyze(bytes);
  assert.equal(ins.stats.started, 2);
  assert.equal(ins.stats.crashes, 0);
});

test('hostile input: truncated and corrupted components always end with facts or an InspectorError', async (t) => {
  const valid = fixture(t, 'tool-request-import.component.wasm');
  if (!valid) return;
  const ins = inspector({ timeoutMs: 10_000 });
  let seed = 12345;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const variants: Uint8Array[] = [new Uint8Array(0), valid.subarray(0, 4), valid.subarray(0, 8), valid.subarray(0, 9)];
  for (let i = 0; i < 30; i++) variants.push(valid.subarray(0, 8 + rand(valid.length - 8)));
  for (let i = 0; i < 60; i++) {
    const b = Buffer.from(valid);
    for (let k = 0; k < 1 + rand(4); k++) b[8 + rand(b.length - 8)] = rand(256);
    variants.push(b);
  }
  const t0 = Date.now();
  let failures = 0;
  for (const v of variants) {
    try {
      const facts = await ins.analyze(v);
      const ev = evaluateArtifact(facts, { role: 'component', path: 'x.wasm', world: 'yoi:plugin/tool@1.0.0', requestedHostApis: ['request'] });
      assert.ok(Array.isArray(ev.findings));
    } catch (e) {
      assert.ok(e instanceof InspectorError, String(e));
      failures++;
    }
  }
  assert.ok(Date.now() - t0 < 60_000);
  // Most corruptions are found by the decoder or V8, not by a crashed worker.
  assert.ok(failures < variants.length / 4, `${failures} failures`);
  const ok = await ins.analyze(valid);
  assert.deepEqual(ok.toolErrors, []);
});

test('the real dist/pluginWorker.js (after `npm run build`) surfaces the panic and recovers', async (t) => {
  const worker = join(repoRoot, 'dist', 'pluginWorker.js');
  if (!existsSync(worker)) {
    if (process.env.CI) throw new Error('dist/pluginWorker.js is missing: run `npm run build` before the unit tests');
    t.skip('dist/ is missing (run npm run build)');
    return;
  }
  const bytes = fixture(t, 'tool-valid.component.wasm');
  if (!bytes) return;
  const ins = inspector({ workerPath: worker });
  const r = await ins.selfCheck({ panic: true });
  assert.deepEqual([r.runtime.source, r.panicSurfaced], ['bundled', true]);
  assert.equal((await ins.analyze(bytes)).kind, 'component');
  assert.equal(ins.stats.started, 2);
});
