// Spec §6.1: every manifest rule with a passing and a failing case, yoi's kinds/phases, yoi's
// order (the first failure is the one yoi reports), and the located key of each finding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkManifest } from '../../../src/core/plugins/manifest/validate';
import { DEFAULT_LIMITS } from '../../../src/core/plugins/limits';
import { yoiMessage } from '../../../src/core/plugins/checkReport';
import { toolManifest } from './helpers/pkg';

const WASM = new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0]);

function files(manifest: string | Uint8Array | undefined, extra: Record<string, Uint8Array | string> = {}): Map<string, Uint8Array> {
  const m = new Map<string, Uint8Array>();
  if (manifest !== undefined) m.set('plugin.toml', typeof manifest === 'string' ? Buffer.from(manifest) : manifest);
  m.set('plugin.component.wasm', WASM);
  for (const [k, v] of Object.entries(extra)) m.set(k, typeof v === 'string' ? Buffer.from(v) : v);
  return m;
}

function ids(manifest: string | Uint8Array | undefined, extra: Record<string, Uint8Array | string> = {}): string[] {
  return checkManifest(files(manifest, extra)).findings.map((f) => f.id);
}

function only(manifest: string, extra: Record<string, Uint8Array | string> = {}) {
  const r = checkManifest(files(manifest, extra));
  assert.equal(r.findings.length, 1, JSON.stringify(r.findings.map((f) => f.message)));
  return r.findings[0];
}

test('a valid tool manifest passes every rule', () => {
  const r = checkManifest(files(toolManifest()));
  assert.deepEqual(r.findings, []);
  assert.equal(r.failure, undefined);
  assert.equal(r.manifest?.id, 'demo.tool');
});

test('rule 1: root plugin.toml must exist (missing/manifest)', () => {
  const f = checkManifest(new Map([['sub/plugin.toml', Buffer.from(toolManifest())]])).findings[0];
  assert.deepEqual([f.id, f.kind, f.phase, f.message], ['manifest.missing', 'missing', 'manifest', 'plugin package is missing root plugin.toml']);
  assert.equal(f.reportedByYoi, true);
});

test('rule 2: plugin.toml at most 64 KiB (bounds/manifest)', () => {
  const padded = toolManifest() + '\n#' + 'x'.repeat(DEFAULT_LIMITS.maxManifestSizeBytes);
  const f = checkManifest(files(padded)).findings[0];
  assert.deepEqual([f.id, f.kind, f.phase], ['manifest.too-large', 'bounds', 'manifest']);
  const exact = toolManifest() + '\n#';
  const fits = exact + 'x'.repeat(DEFAULT_LIMITS.maxManifestSizeBytes - Buffer.byteLength(exact));
  assert.deepEqual(ids(fits), []);
});

test('rule 3: UTF-8 (malformed/manifest)', () => {
  const bytes = Buffer.concat([Buffer.from(toolManifest()), Buffer.from([0x23, 0xff, 0xfe, 0x0a])]);
  const f = checkManifest(files(bytes)).findings[0];
  assert.deepEqual([f.id, f.kind, f.message], ['manifest.not-utf8', 'malformed', 'plugin.toml is not valid UTF-8']);
  assert.deepEqual(ids(toolManifest() + '\n# ünïcödé comment ✓\n'), []);
});

test('rule 4: TOML syntax error is malformed with a byte span and the line', () => {
  const text = 'schema_version = 1\nid = "x"\nname = [1,\n';
  const f = checkManifest(files(text)).findings[0];
  assert.equal(f.id, 'manifest.toml-syntax');
  assert.equal(f.kind, 'malformed');
  assert.match(f.message, /^plugin\.toml could not be parsed near byte span \d+\.\.\d+/);
  assert.ok(f.location?.start && f.location.start.line >= 3);
  // yoi's own diagnostic gives only the span, never plugin text.
  assert.match(yoiMessage(f), /^plugin\.toml could not be parsed near byte span \d+\.\.\d+$/);
});

test('rule 4: strict schema — unknown keys anywhere are malformed, located on the key', () => {
  const cases: [string, (string | number)[]][] = [
    [toolManifest('', { top: 'contributions = []' }), ['contributions']],
    [toolManifest('\n[package]\nname = "x"'), ['package']],
    [toolManifest('\n[[https]]\nhost = "x"'), ['https']],
    [toolManifest().replace('world = "yoi:plugin/tool@1.0.0"', 'world = "yoi:plugin/tool@1.0.0"\nextra = 1'), ['runtime', 'extra']],
    [toolManifest().replace('description = "Echo."', 'description = "Echo."\nexternal = true'), ['tools', 0, 'external']],
    [toolManifest().replace('{ kind = "surface", surface = "tool" }', '{ kind = "surface", surface = "tool", extra = 1 }'), ['permissions', 0, 'extra']],
    [toolManifest('\n[[websocket]]\nscheme = "wss"\nhost = "h"\nmethods = ["GET"]'), ['websocket', 0, 'methods']],
  ];
  for (const [text, keyPath] of cases) {
    const f = checkManifest(files(text)).findings[0];
    assert.equal(f.id, 'manifest.schema', text);
    assert.equal(f.kind, 'malformed');
    assert.match(String(f.params?.reason), /^unknown field/);
    assert.deepEqual(f.location?.keyPath, keyPath);
    // The range covers the key itself.
    const line = text.split('\n')[f.location!.start!.line - 1];
    const key = String(keyPath[keyPath.length - 1]);
    assert.equal(line.slice(f.location!.start!.column - 1, f.location!.start!.column - 1 + key.length), key, text);
  }
});

test('rule 4: types, enums, ranges and required fields', () => {
  const reasons = (text: string) => checkManifest(files(text)).findings.map((f) => String(f.params?.reason));
  assert.match(reasons(toolManifest('', { schema_version: '"1"' }))[0], /invalid type: string "1", expected u32/);
  assert.match(reasons(toolManifest('', { schema_version: '1.0' }))[0], /invalid type: floating point/);
  assert.match(reasons(toolManifest('', { schema_version: '-1' }))[0], /invalid value: integer `-1`, expected u32/);
  assert.match(reasons(toolManifest('', { name: '42' }))[0], /expected a string/);
  assert.match(reasons(toolManifest().replace('surfaces = ["tool"]', 'surfaces = ["tool", "daemon"]'))[0], /unknown variant `daemon`/);
  assert.match(reasons(toolManifest().replace('{ kind = "tool", name = "demo_echo" }', '{ kind = "ambient_shell" }'))[0], /unknown variant `ambient_shell`/);
  assert.match(reasons(toolManifest().replace(']\n\n[runtime]', '  { kind = "host_api", api = "https" },\n]\n\n[runtime]'))[0], /unknown variant `https`/);
  assert.match(reasons(toolManifest('\n[[request]]\nscheme = "https"\nhost = "h"\nport = 70000'))[0], /expected u16/);
  const permissionsTable = toolManifest().replace(/permissions = \[[\s\S]*?\n\]\n/, 'permissions = { kind = "surface", surface = "tool" }\n');
  assert.match(reasons(permissionsTable)[0], /invalid type: map, expected a sequence/);
  assert.match(reasons(toolManifest().replace('id = "demo.tool"\n', ''))[0], /missing field `id`/);
  assert.match(reasons(toolManifest().replace('kind = "wasm-component"\n', ''))[0], /missing field `kind`/);
  assert.match(reasons(toolManifest().replace('input_schema = { type = "object" }', ''))[0], /missing field `input_schema`/);
  // All schema errors are reported; only the first is yoi's.
  const r = checkManifest(files(toolManifest('[package]\nx = 1', { name: '1', top: 'bogus = 1' })));
  assert.ok(r.findings.length >= 3);
  assert.deepEqual(r.findings.map((f) => f.reportedByYoi === true), r.findings.map((_, i) => i === 0));
});

test('rule 5: schema_version must be 1 (api/manifest)', () => {
  const f = only(toolManifest('', { schema_version: '2' }));
  assert.deepEqual([f.id, f.kind, f.phase, f.message], ['manifest.schema-version', 'api', 'manifest', 'plugin schema/API version is unsupported']);
  assert.deepEqual(f.location?.keyPath, ['schema_version']);
});

test('rule 6: id must be a safe local id (malformed)', () => {
  for (const id of ['"project:x"', '".hidden"', '"trailing."', '""', '"sp ace"', `"${'a'.repeat(129)}"`]) {
    assert.equal(only(toolManifest('', { id })).id, 'manifest.unsafe-id', id);
  }
  for (const id of ['"a"', '"A-b_c.d"', `"${'a'.repeat(128)}"`]) assert.deepEqual(ids(toolManifest('', { id })), [], id);
});

test('rule 7: name and version must not be blank (malformed)', () => {
  assert.equal(only(toolManifest('', { name: '"   "' })).id, 'manifest.name-version-required');
  assert.equal(only(toolManifest('', { version: '""' })).message, 'plugin manifest name and version are required');
  assert.deepEqual(ids(toolManifest('', { version: '"anything goes, no semver"' })), []);
});

test('rule 8a: the retired raw runtime is api/manifest', () => {
  const legacy = toolManifest().replace('kind = "wasm-component"\ncomponent = "plugin.component.wasm"\nworld = "yoi:plugin/tool@1.0.0"', 'kind = "wasm"\nentry = "plugin.wasm"\nabi = "yoi-plugin-wasm-1"');
  const f = only(legacy, { 'plugin.wasm': WASM });
  assert.deepEqual([f.id, f.kind, f.phase], ['manifest.legacy-runtime', 'api', 'manifest']);
  assert.match(f.message, /yoi-plugin-wasm-1/);
  assert.deepEqual(f.location?.keyPath, ['runtime', 'kind']);
});

test('rule 8b: a component runtime must not carry abi or entry (malformed)', () => {
  const withAbi = toolManifest().replace('world = "yoi:plugin/tool@1.0.0"', 'world = "yoi:plugin/tool@1.0.0"\nabi = "yoi-plugin-wasm-1"');
  assert.equal(only(withAbi).id, 'manifest.component-raw-fields');
  const withEntry = toolManifest().replace('world = "yoi:plugin/tool@1.0.0"', 'world = "yoi:plugin/tool@1.0.0"\nentry = "x.wasm"');
  assert.deepEqual([only(withEntry).kind, only(withEntry).location?.keyPath], ['malformed', ['runtime', 'entry']]);
});

test('rule 8c: the world must be one of the two (api), compared as exact text', () => {
  for (const w of ['"yoi:plugin/tool@1.0.1"', '"yoi:plugin/tool"', '"YOI:plugin/tool@1.0.0"', '"acme:other/runner@1.0.0"']) {
    const f = only(toolManifest().replace('"yoi:plugin/tool@1.0.0"', w));
    assert.deepEqual([f.id, f.kind], ['manifest.component-world', 'api'], w);
  }
  assert.equal(only(toolManifest().replace('world = "yoi:plugin/tool@1.0.0"\n', '')).id, 'manifest.component-world');
  assert.deepEqual(ids(toolManifest().replace('"yoi:plugin/tool@1.0.0"', '"yoi:plugin/instance@1.0.0"')), []);
});

test('rule 8d/8e/8f: component path required, inside the package, present', () => {
  const d = only(toolManifest().replace('component = "plugin.component.wasm"\n', ''));
  assert.deepEqual([d.id, d.kind], ['manifest.component-missing', 'missing']);
  for (const p of ['"../x.wasm"', '"/abs.wasm"', '"a\\\\b.wasm"', '"./plugin.component.wasm"']) {
    const e = only(toolManifest().replace('"plugin.component.wasm"', p));
    assert.deepEqual([e.id, e.kind, e.message], ['manifest.path-traversal', 'traversal', 'plugin manifest references a path outside the package root'], p);
  }
  const f = only(toolManifest().replace('"plugin.component.wasm"', '"build/other.wasm"'));
  assert.deepEqual([f.id, f.kind, f.message], ['manifest.path-missing', 'missing', 'plugin manifest references a path not present in the package']);
  assert.deepEqual(ids(toolManifest().replace('"plugin.component.wasm"', '"build/other.wasm"'), { 'build/other.wasm': WASM }), []);
});

test('rule 8g: any other runtime kind is api', () => {
  for (const kind of ['declarative', 'native', 'wasi']) {
    const text = toolManifest().replace('kind = "wasm-component"', `kind = "${kind}"`);
    const f = checkManifest(files(text)).findings[0];
    assert.deepEqual([f.id, f.kind], ['manifest.runtime-kind', 'api'], kind);
  }
});

const INSTANCE_BITS = '\n[[services]]\nname = "svc"\ndescription = "S"\nlifecycle = "host-managed"\n\n[[ingresses]]\nname = "ws_in"\ndescription = "I"\n';

test('rule 9: services/ingresses need the instance world (surface)', () => {
  const f = only(toolManifest(INSTANCE_BITS));
  assert.deepEqual([f.id, f.kind, f.phase], ['manifest.surface-needs-instance', 'surface', 'manifest']);
  assert.deepEqual(ids(toolManifest(INSTANCE_BITS).replace('"yoi:plugin/tool@1.0.0"', '"yoi:plugin/instance@1.0.0"')), []);
});

test('rule 10: service and ingress names are safe ids (malformed)', () => {
  const inst = (bits: string) => toolManifest(bits).replace('"yoi:plugin/tool@1.0.0"', '"yoi:plugin/instance@1.0.0"');
  assert.equal(only(inst(INSTANCE_BITS.replace('name = "svc"', 'name = "svc/1"'))).id, 'manifest.unsafe-service-name');
  const g = only(inst(INSTANCE_BITS.replace('name = "ws_in"', 'name = "ws in"')));
  assert.deepEqual([g.id, g.location?.keyPath], ['manifest.unsafe-ingress-name', ['ingresses', 0, 'name']]);
});

test('rule 11: hook ids are safe and hook files pass the path rules', () => {
  const hook = (id: string, file: string) => toolManifest(`\n[[hooks]]\nid = "${id}"\nfile = "${file}"\n`);
  assert.deepEqual(ids(hook('h1', 'hooks/a.md'), { 'hooks/a.md': 'x' }), []);
  assert.equal(only(hook('bad id', 'hooks/a.md'), { 'hooks/a.md': 'x' }).id, 'manifest.unsafe-hook-id');
  assert.equal(only(hook('h1', '../a.md')).kind, 'traversal');
  assert.equal(only(hook('h1', 'hooks/none.md')).kind, 'missing');
});

test('yoi order: several failing rules are all reported in rule order, the first is yoi\'s', () => {
  const text = toolManifest(INSTANCE_BITS, { schema_version: '3', id: '"bad:id"' }).replace('"plugin.component.wasm"', '"missing.wasm"');
  const r = checkManifest(files(text));
  assert.deepEqual(r.findings.map((f) => f.id), [
    'manifest.schema-version',
    'manifest.unsafe-id',
    'manifest.path-missing',
    'manifest.surface-needs-instance',
  ]);
  assert.equal(r.failure?.id, 'manifest.schema-version');
  assert.deepEqual(r.findings.map((f) => !!f.reportedByYoi), [true, false, false, false]);
});
