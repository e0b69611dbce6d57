// The verdict table of ../shared/fixtures/README.md, every row and both world columns, through the
// whole pipeline (inspectPluginPath → worker → evaluation), plus the package folders and yoi's
// authoring templates.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { inspectPluginPath } from '../../../src/core/plugins/inspect';
import { PluginInspector } from '../../../src/core/plugins/pluginInspector';
import { PluginInspectionReport } from '../../../src/core/plugins/report';
import { INSTANCE_WORLD, TOOL_WORLD } from '../../../src/core/plugins/limits';
import { fixturesDir, requireShared } from '../helpers/shared';

const inspector = new PluginInspector();
after(() => inspector.dispose());

async function wasm(t: import('node:test').TestContext, name: string, world?: string): Promise<PluginInspectionReport | undefined> {
  const p = requireShared(t, join(fixturesDir, 'wasm', name));
  if (!p) return undefined;
  return inspectPluginPath(p, { inspector, world });
}

function conformance(r: PluginInspectionReport): Record<string, boolean | undefined> {
  return Object.fromEntries(r.artifact!.worlds.map((w) => [w.world, w.conforms]));
}

const ids = (r: PluginInspectionReport) => r.findings.map((f) => f.id);

test('tool-valid: conforms as tool; no host imports; 1 core module | as instance: missing lifecycle exports', async (t) => {
  const r = await wasm(t, 'tool-valid.component.wasm');
  if (!r) return;
  assert.equal(r.verdict.summary, 'ok');
  assert.deepEqual(conformance(r), { [TOOL_WORLD]: true, [INSTANCE_WORLD]: false });
  assert.deepEqual(r.artifact!.imports, []);
  assert.equal(r.artifact!.modules.length, 1);
  assert.deepEqual(r.artifact!.worlds.find((w) => w.world === INSTANCE_WORLD)!.problems, [
    'missing export `start`',
    'missing export `handle-tool`',
    'missing export `handle-ingress`',
    'missing export `status`',
    'missing export `stop`',
  ]);
  const asInstance = await wasm(t, 'tool-valid.component.wasm', INSTANCE_WORLD);
  assert.equal(asInstance!.verdict.runtimeWouldReject.length, 5);
});

test('tool-request-import: conforms; imports yoi:host/request@1.0.0 (needs host_api.request)', async (t) => {
  const r = await wasm(t, 'tool-request-import.component.wasm');
  if (!r) return;
  assert.deepEqual(r.verdict.runtimeWouldReject, []);
  assert.equal(conformance(r)[TOOL_WORLD], true);
  assert.deepEqual(r.artifact!.imports.map((i) => [i.name, i.allowed, i.permission]), [['yoi:host/request@1.0.0', true, 'host_api.request']]);
  assert.deepEqual(r.artifact!.hostImports, ['request']);
  assert.ok(ids(r).includes('binary.host-import'));
});

test('tool-dummy: conforms; imports all three host interfaces with the host types', async (t) => {
  const r = await wasm(t, 'tool-dummy.component.wasm');
  if (!r) return;
  assert.deepEqual(r.verdict.runtimeWouldReject, []);
  assert.equal(conformance(r)[TOOL_WORLD], true);
  assert.deepEqual(r.artifact!.hostImports, ['request', 'websocket', 'fs']);
  for (const i of r.artifact!.imports) assert.ok(i.functions.every((f) => f.ok), i.name);
});

test('instance-valid: as tool, missing export `call` | as instance, conforms and imports yoi:host/websocket@1.0.0', async (t) => {
  const r = await wasm(t, 'instance-valid.component.wasm');
  if (!r) return;
  assert.equal(r.artifact!.checkedWorld, INSTANCE_WORLD, 'inferred from the lifecycle exports');
  assert.deepEqual(conformance(r), { [TOOL_WORLD]: false, [INSTANCE_WORLD]: true });
  assert.deepEqual(r.verdict.runtimeWouldReject, []);
  assert.deepEqual(r.artifact!.hostImports, ['websocket']);
  const asTool = await wasm(t, 'instance-valid.component.wasm', TOOL_WORLD);
  assert.deepEqual(asTool!.verdict.runtimeWouldReject, [`the component does not export \`call\` required by ${TOOL_WORLD} (its exports match ${INSTANCE_WORLD})`]);
});

test('tool-missing-call: missing export `call`', async (t) => {
  const r = await wasm(t, 'tool-missing-call.component.wasm');
  if (!r) return;
  assert.equal(r.artifact!.checkedWorld, TOOL_WORLD);
  assert.deepEqual(r.verdict.runtimeWouldReject, [`the component does not export \`call\` required by ${TOOL_WORLD}`]);
});

test('tool-wrong-signature: `call` is (string)->string, expected (string,string)->string', async (t) => {
  const r = await wasm(t, 'tool-wrong-signature.component.wasm');
  if (!r) return;
  assert.deepEqual(r.verdict.runtimeWouldReject, [`\`call\` is (string)->string, expected (string,string)->string (${TOOL_WORLD})`]);
  assert.deepEqual(r.artifact!.exports.map((e) => [e.name, e.shape, e.expected, e.ok]), [['call', '(string)->string', '(string,string)->string', false]]);
});

test('wrong-world: missing export `call` (exports `run`)', async (t) => {
  const r = await wasm(t, 'wrong-world.component.wasm');
  if (!r) return;
  assert.deepEqual(r.verdict.runtimeWouldReject, [`the component does not export \`call\` required by ${TOOL_WORLD}`]);
  assert.deepEqual(r.artifact!.exports.map((e) => e.name), ['run']);
});

test('tool-wasi-import: unsupported import wasi:random/random@0.2.0', async (t) => {
  const r = await wasm(t, 'tool-wasi-import.component.wasm');
  if (!r) return;
  assert.equal(conformance(r)[TOOL_WORLD], true);
  assert.deepEqual(ids(r), ['binary.unsupported-import']);
  assert.match(r.verdict.runtimeWouldReject[0], /imports `wasi:random\/random@0\.2\.0`/);
});

test('big-4mib: conforms, but initial memory 66 pages > yoi\'s 2 MiB (32 pages)', async (t) => {
  const r = await wasm(t, 'big-4mib.component.wasm');
  if (!r) return;
  assert.equal(conformance(r)[TOOL_WORLD], true);
  assert.deepEqual(r.findings.map((f) => [f.id, f.params?.pages, f.params?.limitPages]), [['binary.memory-too-large', 66, 32]]);
  assert.equal(r.artifact!.modules[0].memories[0].minPages, 66);
});

test('tool-core-only: a core module where a component is required', async (t) => {
  const r = await wasm(t, 'tool-core-only.wasm');
  if (!r) return;
  assert.equal(r.artifact!.kind, 'core-module');
  assert.deepEqual(ids(r), ['binary.core-module']);
  assert.equal(r.verdict.summary, 'runtime-would-reject');
});

test('legacy-core: retired raw ABI (exports memory + yoi_tool_call); valid for that ABI', async (t) => {
  const r = await wasm(t, 'legacy-core.wasm');
  if (!r) return;
  assert.equal(r.verdict.summary, 'retired-abi');
  assert.deepEqual(r.artifact!.legacyAbi, { conforms: true, problems: [] });
  assert.deepEqual(ids(r), ['legacy.retired']);
});

test('legacy-core-bad: raw ABI broken — no memory export, no yoi_tool_call, imports wasi_snapshot_preview1', async (t) => {
  const r = await wasm(t, 'legacy-core-bad.wasm');
  if (!r) return;
  assert.deepEqual(ids(r), ['binary.core-module', 'legacy.missing-memory-export', 'legacy.missing-entry-export', 'legacy.unsupported-import']);
  assert.equal(r.artifact!.legacyAbi!.conforms, false);
  assert.match(r.findings[3].message, /wasi_snapshot_preview1/);
});

test('not-wasm: not WebAssembly (bad magic)', async (t) => {
  const r = await wasm(t, 'not-wasm.component.wasm');
  if (!r) return;
  assert.equal(r.artifact!.kind, 'not-wasm');
  assert.deepEqual(ids(r), ['binary.not-wasm']);
  assert.match(r.findings[0].message, /bad magic number/);
});

async function pkg(t: import('node:test').TestContext, ...parts: string[]): Promise<PluginInspectionReport | undefined> {
  const p = requireShared(t, join(fixturesDir, ...parts));
  return p ? inspectPluginPath(p, { inspector }) : undefined;
}

test('package tool-valid: yoi active, component conforms', async (t) => {
  const r = await pkg(t, 'plugins', 'tool-valid');
  if (!r) return;
  assert.equal(r.check!.status, 'active');
  assert.equal(r.verdict.summary, 'ok');
  assert.equal(r.artifact!.declaredWorld, TOOL_WORLD);
  assert.equal(r.check!.package!.reference, 'project:fixture.tool');
  assert.equal(r.digest, r.check!.package!.digest);
});

test('package instance-valid: yoi check rejects (no target grants), the component itself conforms', async (t) => {
  const r = await pkg(t, 'plugins', 'instance-valid');
  if (!r) return;
  assert.equal(r.check!.status, 'rejected');
  assert.deepEqual(r.check!.diagnostics.map((d) => d.message), ['enabled host_api.websocket grants are missing', 'missing enabled WebSocket grant for manifest target']);
  assert.deepEqual(r.verdict.runtimeWouldReject, []);
  assert.equal(r.artifact!.worlds.find((w) => w.world === INSTANCE_WORLD)!.conforms, true);
  assert.ok(!ids(r).includes('binary.import-without-permission'), 'host_api.websocket is requested');
});

test('package legacy-core: yoi rejects the retired runtime (api/manifest); the entry still passes the raw-ABI checks', async (t) => {
  const r = await pkg(t, 'plugins', 'legacy-core');
  if (!r) return;
  assert.equal(r.check!.status, 'rejected');
  assert.deepEqual(r.check!.diagnostics.map((d) => [d.kind, d.phase]), [['api', 'manifest']]);
  assert.equal(r.artifact!.role, 'legacy-entry');
  assert.deepEqual(r.artifact!.legacyAbi, { conforms: true, problems: [] });
});

test('yoi tool template: partial (placeholder); the inspector says it is not a component', async (t) => {
  const r = await pkg(t, 'yoi-templates', 'rust-component-tool');
  if (!r) return;
  assert.equal(r.check!.status, 'partial');
  assert.deepEqual(r.check!.diagnostics.map((d) => [d.kind, d.phase]), [['placeholder', 'runtime']]);
  assert.equal(r.artifact!.placeholder, 'tool-template');
  assert.match(r.verdict.runtimeWouldReject[0], /text placeholder from yoi's tool template/);
});

test('yoi instance template: yoi misses its placeholder (and rejects for grants); the inspector catches it', async (t) => {
  const r = await pkg(t, 'yoi-templates', 'rust-component-instance');
  if (!r) return;
  assert.equal(r.check!.status, 'rejected');
  assert.ok(!r.check!.diagnostics.some((d) => d.kind === 'placeholder'));
  assert.equal(r.artifact!.placeholder, 'instance-template');
  assert.match(r.verdict.runtimeWouldReject[0], /instance template/);
});
