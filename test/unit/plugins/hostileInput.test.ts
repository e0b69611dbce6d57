// Hostile and broken input end as findings, never as exceptions or hangs: random bytes through the
// own section parsers, and broken packages through the whole pipeline.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseComponent } from '../../../src/core/plugins/wasm/component';
import { parseCoreModule } from '../../../src/core/plugins/wasm/coreModule';
import { classifyPreamble } from '../../../src/core/plugins/wasm/analyze';
import { inspectPluginPath } from '../../../src/core/plugins/inspect';
import { PluginInspector } from '../../../src/core/plugins/pluginInspector';
import { fixturesDir, requireShared } from '../helpers/shared';
import { tempDir, toolManifest, writePluginArchive, writePluginDir } from './helpers/pkg';

const inspector = new PluginInspector();
after(() => inspector.dispose());

test('section parsers: random bytes and mutated fixtures never throw and report an offset', (t) => {
  const comp = requireShared(t, join(fixturesDir, 'wasm', 'tool-dummy.component.wasm'));
  const core = requireShared(t, join(fixturesDir, 'wasm', 'legacy-core.wasm'));
  if (!comp || !core) return;
  const c = readFileSync(comp);
  const m = readFileSync(core);
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const header = Uint8Array.from([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, ...bytes]);
      const o = parseComponent(header);
      if (o.error) assert.ok(o.error.offset >= 0 && o.error.offset <= header.length);
      const mod = parseCoreModule(Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...bytes]));
      if (mod.error) assert.ok(mod.error.offset >= 0);
    }),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(fc.nat(c.length), fc.array(fc.tuple(fc.nat(c.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), (cut, flips) => {
      const b = Buffer.from(c.subarray(0, Math.max(8, cut)));
      for (const [i, v] of flips) if (i >= 8 && i < b.length) b[i] = v;
      const o = parseComponent(b);
      for (const mod of o.modules) {
        assert.ok(mod.start >= 0 && mod.end <= b.length && mod.start <= mod.end);
        parseCoreModule(b, mod.start, mod.end);
      }
      const mb = Buffer.from(m.subarray(0, Math.max(8, cut % m.length)));
      parseCoreModule(mb);
    }),
    { numRuns: 500 },
  );
  assert.deepEqual(classifyPreamble(new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0])), { kind: 'unknown-wasm', version: 2, layer: 0 });
  assert.deepEqual(classifyPreamble(new Uint8Array(3)), { kind: 'not-wasm' });
});

test('a corrupted component inside a valid package: yoi says active, the inspector says the runtime would reject it', async (t) => {
  const p = requireShared(t, join(fixturesDir, 'wasm', 'tool-valid.component.wasm'));
  if (!p) return;
  const tmp = tempDir();
  try {
    const bytes = Buffer.from(readFileSync(p));
    const truncated = bytes.subarray(0, bytes.length - 40);
    const archive = writePluginArchive(tmp.dir, 'c.yoi-plugin', { 'plugin.toml': toolManifest(), 'plugin.component.wasm': truncated });
    const r = await inspectPluginPath(archive, { inspector });
    assert.equal(r.check!.status, 'active');
    assert.equal(r.artifact!.inspection, 'done');
    assert.equal(r.verdict.summary, 'runtime-would-reject');
    assert.ok(r.findings.some((f) => f.origin === 'runtime' && (f.id === 'binary.malformed' || f.id === 'binary.undecodable')));
  } finally {
    tmp.dispose();
  }
});

test('schema errors still get a best-effort look at the declared component', async (t) => {
  const p = requireShared(t, join(fixturesDir, 'wasm', 'tool-wrong-signature.component.wasm'));
  if (!p) return;
  const tmp = tempDir();
  try {
    const dir = writePluginDir(tmp.dir, 'p', { 'plugin.toml': toolManifest('', { top: 'unknown_key = true' }), 'plugin.component.wasm': readFileSync(p) });
    const r = await inspectPluginPath(dir, { inspector });
    assert.equal(r.check!.status, 'rejected');
    assert.equal(r.check!.diagnostics[0].kind, 'malformed');
    assert.equal(r.package!.manifest, null);
    assert.equal(r.artifact!.inspection, 'done');
    assert.ok(r.findings.some((f) => f.id === 'binary.export-signature'));
  } finally {
    tmp.dispose();
  }
});

test('broken inputs end as one yoi diagnostic each', async () => {
  const tmp = tempDir();
  try {
    const text = join(tmp.dir, 'text.yoi-plugin');
    writeFileSync(text, 'just some text that is not an archive at all');
    const a = await inspectPluginPath(text, { inspector });
    assert.deepEqual([a.check!.status, a.check!.diagnostics.length, a.findings[0].id], ['rejected', 1, 'zip.eocd-missing']);
    assert.equal(a.artifact, null);
    const big = writePluginDir(tmp.dir, 'big', { 'plugin.toml': toolManifest(), 'plugin.component.wasm': Buffer.alloc(8 * 1024 * 1024 + 1) });
    const b = await inspectPluginPath(big, { inspector });
    assert.deepEqual([b.check!.status, b.findings[0].id], ['rejected', 'package.file-too-large']);
    const missing = await inspectPluginPath(join(tmp.dir, 'nothing-here'), { inspector });
    assert.deepEqual([missing.check!.status, missing.findings[0].kind], ['rejected', 'io']);
    const empty = join(tmp.dir, 'empty.wasm');
    writeFileSync(empty, '');
    const e = await inspectPluginPath(empty, { inspector });
    assert.deepEqual([e.input.kind, e.artifact!.kind, e.findings[0].id], ['wasm', 'not-wasm', 'binary.not-wasm']);
    const huge = join(tmp.dir, 'huge.wasm');
    writeFileSync(huge, Buffer.alloc(8 * 1024 * 1024 + 1));
    const h = await inspectPluginPath(huge, { inspector });
    assert.deepEqual([h.artifact!.inspection, h.findings[0].id], ['skipped', 'binary.too-large']);
  } finally {
    tmp.dispose();
  }
});

test('without an inspector the report still carries yoi\'s verdict and says the binary was not inspected', async (t) => {
  const dir = requireShared(t, join(fixturesDir, 'plugins', 'tool-valid'));
  if (!dir) return;
  const r = await inspectPluginPath(dir);
  assert.equal(r.check!.status, 'active');
  assert.equal(r.artifact!.inspection, 'skipped');
  assert.match(r.artifact!.sha256!, /^[0-9a-f]{64}$/);
  assert.doesNotThrow(() => JSON.parse(JSON.stringify(r)));
});
