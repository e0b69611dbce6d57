// Pure mapping behind the Plugins view, the plugin.toml diagnostics and the inspector page, on
// real inspections: the sample workspace's plugin packages, the shared fixture packages and yoi's
// templates, and a broken plugin.toml written for the test.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inspectPluginPath, PluginInspectionReport, PluginInspector } from '../../../src/core/plugins';
import {
  discovered,
  findingOrder,
  manifestRange,
  mergeDiscovered,
  packageFacts,
  packagePathFor,
  packagesAffectedBy,
  packageStatus,
  resolveExtraFolder,
} from '../../../src/vscode/plugins/model';
import { buildSnapshot } from '../../../src/vscode/plugins/pageModel';
import { fixturesDir, requireShared, sampleDir, tempCopy } from '../helpers/shared';

const inspector = new PluginInspector();
after(() => inspector.dispose());

const samplePlugins = join(sampleDir, '.yoi', 'plugins');
const inspect = (p: string): Promise<PluginInspectionReport> => inspectPluginPath(p, { inspector });

test('discovery: one entry per path (store > workspace > extra), sorted by source then display path', () => {
  const ws = '/w';
  const store = [discovered('/w/.yoi/plugins/b', 'directory', 'store', ws), discovered('/w/.yoi/plugins/a.yoi-plugin', 'archive', 'store', ws)];
  const found = [discovered('/w/.yoi/plugins/b', 'directory', 'workspace', ws), discovered('/w/tools/echo', 'directory', 'workspace', ws)];
  const extra = [discovered('/w/tools/echo', 'directory', 'extra', '/w/tools'), discovered('/elsewhere/x', 'directory', 'extra', '/elsewhere')];
  const merged = mergeDiscovered([extra, found, store]);
  assert.deepEqual(merged.map((p) => [p.display, p.source, p.kind]), [
    ['.yoi/plugins/a.yoi-plugin', 'store', 'archive'],
    ['.yoi/plugins/b', 'store', 'directory'],
    ['tools/echo', 'workspace', 'directory'],
    ['x', 'extra', 'directory'],
  ]);
  // Outside its base the absolute path is shown.
  assert.equal(discovered('/other/p', 'directory', 'extra', '/w').display, '/other/p');
});

test('extra folders: absolute, ~/ and workspace-relative entries; blanks and relative-without-base are dropped', () => {
  assert.equal(resolveExtraFolder('/opt/plugins', '/w', '/home/u'), '/opt/plugins');
  assert.equal(resolveExtraFolder('~/yoi/plugins', '/w', '/home/u'), '/home/u/yoi/plugins');
  assert.equal(resolveExtraFolder('~', '/w', '/home/u'), '/home/u');
  assert.equal(resolveExtraFolder('vendor/plugins/', '/w', '/home/u'), '/w/vendor/plugins');
  assert.equal(resolveExtraFolder('  ', '/w', '/home/u'), undefined);
  assert.equal(resolveExtraFolder('rel', undefined, '/home/u'), undefined);
});

test('changed files map to the packages they belong to', () => {
  const pkgs = [discovered('/w/p1', 'directory', 'store', '/w'), discovered('/w/p10', 'directory', 'store', '/w'), discovered('/w/a.yoi-plugin', 'archive', 'store', '/w')];
  assert.deepEqual(packagesAffectedBy('/w/p1/plugin.component.wasm', pkgs).map((p) => p.path), ['/w/p1']);
  assert.deepEqual(packagesAffectedBy('/w/p10/plugin.toml', pkgs).map((p) => p.path), ['/w/p10']);
  assert.deepEqual(packagesAffectedBy('/w/a.yoi-plugin', pkgs).map((p) => p.path), ['/w/a.yoi-plugin']);
  assert.deepEqual(packagesAffectedBy('/w/other.wasm', pkgs), []);
  assert.equal(packagePathFor('/w/p1/plugin.toml'), '/w/p1');
  assert.equal(packagePathFor('/w/a.yoi-plugin'), '/w/a.yoi-plugin');
  assert.equal(packagePathFor('/w/p1/'), resolve('/w/p1'));
});

test('status: the sample packages — echo active; word-count rejected by yoi and by the runtime', async () => {
  const echo = packageStatus(await inspect(join(samplePlugins, 'echo')));
  assert.deepEqual(echo, { yoi: 'active', runtimeWouldReject: false, icon: 'active', errors: 0, warnings: 0 });
  const wc = await inspect(join(samplePlugins, 'word-count'));
  assert.deepEqual(packageStatus(wc), { yoi: 'rejected', runtimeWouldReject: true, icon: 'rejected', errors: 2, warnings: 0 });
  assert.deepEqual(wc.findings.map((f) => [f.id, f.origin]), [['static.tool', 'yoi'], ['binary.export-signature', 'runtime']]);
});

test('status: fixture packages and yoi templates (yoi status and runtime verdict kept apart)', async (t) => {
  const root = requireShared(t, fixturesDir);
  if (!root) return;
  const cases: [string, string, boolean, string][] = [
    ['plugins/tool-valid', 'active', false, 'active'],
    ['plugins/instance-valid', 'rejected', false, 'rejected'],
    ['plugins/legacy-core', 'rejected', false, 'rejected'],
    // The tool template's placeholder: yoi says partial, the runtime would refuse the text file.
    ['yoi-templates/rust-component-tool', 'partial', true, 'runtime-reject'],
    ['yoi-templates/rust-component-instance', 'rejected', true, 'rejected'],
  ];
  for (const [rel, yoi, runtime, icon] of cases) {
    const s = packageStatus(await inspect(join(root, rel)));
    assert.deepEqual([rel, s.yoi, s.runtimeWouldReject, s.icon], [rel, yoi, runtime, icon]);
  }
  const wasm = packageStatus(await inspect(join(root, 'wasm', 'tool-valid.component.wasm')));
  assert.deepEqual([wasm.yoi, wasm.icon], ['wasm', 'wasm-ok']);
  const bad = packageStatus(await inspect(join(root, 'wasm', 'tool-wrong-signature.component.wasm')));
  assert.deepEqual([bad.yoi, bad.runtimeWouldReject, bad.icon], ['wasm', true, 'runtime-reject']);
});

test('facts: runtime, world, surfaces (implied ones too), tools, services, ingresses, permissions', async (t) => {
  const root = requireShared(t, fixturesDir);
  if (!root) return;
  const f = packageFacts((await inspect(join(root, 'plugins', 'instance-valid'))).package!.manifest);
  assert.equal(f.runtimeKind, 'wasm-component');
  assert.equal(f.world, 'yoi:plugin/instance@1.0.0');
  assert.equal(f.component, 'plugin.component.wasm');
  assert.deepEqual(f.surfaces, ['tool', 'service', 'ingress', 'wasm']);
  assert.deepEqual(f.tools.map((x) => x.name), ['fixture_echo']);
  assert.deepEqual(f.services.map((x) => x.name), ['fixture_service']);
  assert.deepEqual(f.ingresses.map((x) => x.name), ['fixture_ws']);
  assert.ok(f.permissions.includes('host_api.websocket'));
  assert.deepEqual(packageFacts(null), { surfaces: [], tools: [], services: [], ingresses: [], permissions: [] });
});

test('ranges: manifest findings at their key; component findings on runtime.component; others on the first line', async () => {
  const dir = join(samplePlugins, 'word-count');
  const text = readFileSync(join(dir, 'plugin.toml'), 'utf8');
  const lines = text.split('\n');
  const r = await inspect(dir);
  const m = r.package!.manifest;
  const tool = manifestRange(r.findings.find((f) => f.id === 'static.tool')!, text, m);
  // `[[tools]]`: the finding is about tools[0] and points at its header key.
  assert.equal(lines[tool.startLine].slice(tool.startCharacter, tool.endCharacter), 'tools');
  assert.equal(lines[tool.startLine], '[[tools]]');
  const sig = manifestRange(r.findings.find((f) => f.id === 'binary.export-signature')!, text, m);
  assert.equal(lines[sig.startLine].slice(sig.startCharacter, sig.endCharacter), '"plugin.component.wasm"');
  assert.match(lines[sig.startLine], /^component = /);
  // A finding about no particular file: the first line that is not a comment.
  const head = manifestRange({ id: 'x', severity: 'info', origin: 'inspector', kind: 'binary', phase: 'binary', message: 'm' }, text, m);
  assert.equal(lines[head.startLine], 'schema_version = 1');
  assert.deepEqual([head.startCharacter, head.endCharacter], [0, lines[head.startLine].length]);
});

test('ranges: a broken plugin.toml (schema version, unsafe id, TOML syntax) gets exact ranges', async () => {
  const tmp = tempCopy(join(samplePlugins, 'echo'), 'yoi-plugins-view-');
  try {
    const file = join(tmp.dir, 'plugin.toml');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('schema_version = 1', 'schema_version = 2').replace('id = "sample.echo"', 'id = "../escape"'));
    let r = await inspect(tmp.dir);
    let text = readFileSync(file, 'utf8');
    let lines = text.split('\n');
    const byId = (id: string) => manifestRange(r.findings.find((f) => f.id === id)!, text, r.package!.manifest);
    assert.equal(packageStatus(r).yoi, 'rejected');
    const sv = byId('manifest.schema-version');
    assert.equal(lines[sv.startLine].slice(sv.startCharacter, sv.endCharacter), '2');
    const id = byId('manifest.unsafe-id');
    assert.equal(lines[id.startLine].slice(id.startCharacter, id.endCharacter), '"../escape"');

    writeFileSync(file, original.replace('version = "0.1.0"', 'version = "0.1.0'));
    r = await inspect(tmp.dir);
    text = readFileSync(file, 'utf8');
    lines = text.split('\n');
    const syntax = r.findings.find((f) => f.id === 'manifest.toml-syntax')!;
    assert.ok(syntax, 'a TOML syntax finding');
    const sr = manifestRange(syntax, text, r.package?.manifest);
    assert.match(lines[sr.startLine], /^version = "0\.1\.0$/);
  } finally {
    tmp.dispose();
  }
});

test('finding order: errors first, then warnings, then information, otherwise as reported', () => {
  const f = (severity: 'error' | 'warning' | 'info') => ({ id: severity, severity, origin: 'inspector' as const, kind: 'binary' as const, phase: 'binary' as const, message: '' });
  assert.deepEqual(findingOrder([f('info'), f('error'), f('warning'), f('error')]), [1, 3, 2, 0]);
});

test('page snapshot: verdict, runtime rejections, revealable findings, package and component views', async (t) => {
  const r = await inspect(join(samplePlugins, 'word-count'));
  const messages = r.findings.map((f) => `«${f.message}»`);
  const s = buildSnapshot({ report: r, display: '.yoi/plugins/word-count', messages, inspectedAt: Date.UTC(2026, 10, 1), durationMs: 12 });
  assert.equal(s.title, 'Word Count');
  assert.equal(s.inputKind, 'directory');
  assert.equal(s.summary, 'rejected');
  assert.deepEqual(s.runtimeRejections, [messages[1]]);
  assert.deepEqual(s.findings.map((f) => [f.index, f.id, f.revealable, f.where]), [
    [0, 'static.tool', true, 'plugin.toml:18:3'],
    [1, 'binary.export-signature', true, 'plugin.component.wasm'],
  ]);
  assert.equal(s.findings[0].reportedByYoi, true);
  assert.equal(s.package!.digest, r.digest);
  assert.deepEqual(s.package!.entries.map((e) => e.path), ['plugin.component.wasm', 'plugin.toml']);
  assert.equal(s.artifact!.kind, 'component');
  assert.match(s.artifact!.wit!, /export call: func\(input-json: string\) -> string;/);
  assert.deepEqual(s.artifact!.exports.map((e) => [e.name, e.ok, e.expected]), [['call', false, '(string,string)->string']]);
  assert.equal(s.artifact!.modules.length, 1);
  assert.equal(s.inspectedAt, '2026-11-01T00:00:00.000Z');
  // The snapshot is plain JSON (it crosses the webview boundary).
  assert.deepEqual(JSON.parse(JSON.stringify(s)), s);

  // A standalone .wasm: nothing is revealable in a plugin.toml; no package section.
  const root = requireShared(t, fixturesDir);
  if (!root) return;
  const w = await inspect(join(root, 'wasm', 'not-wasm.component.wasm'));
  const ws = buildSnapshot({ report: w, display: 'not-wasm.component.wasm', messages: w.findings.map((f) => f.message), inspectedAt: 0, durationMs: 0 });
  assert.equal(ws.package, undefined);
  assert.equal(ws.status.yoi, 'wasm');
  assert.ok(ws.findings.length > 0 && ws.findings.every((f) => !f.revealable));
  assert.equal(ws.artifact!.wit, undefined);
});
