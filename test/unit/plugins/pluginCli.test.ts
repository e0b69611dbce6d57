// `plugin check PATH [--json]`: yoi's check JSON fields and human lines, exit codes, usage errors;
// in-process through `run()` and, when built, through the bundled dist/cli.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../../src/cli/pluginCheck';
import { fixturesDir, repoRoot, requireShared } from '../helpers/shared';
import { tempDir, toolManifest, writePluginArchive } from './helpers/pkg';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd: process.cwd() });
  return { code, stdout, stderr };
}

const YOI_KEYS = ['command', 'status', 'input_path', 'input_kind', 'package', 'diagnostics', 'static_inspection', 'safety', 'next_steps', 'inspection'];

test('--json: yoi\'s CheckReport fields first, the inspection after; exit 0 when active', async (t) => {
  const dir = requireShared(t, join(fixturesDir, 'plugins', 'tool-valid'));
  if (!dir) return;
  const r = await cli(['check', dir, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(j), YOI_KEYS);
  assert.equal(j.status, 'active');
  assert.equal(j.input_kind, 'directory');
  assert.deepEqual(Object.keys(j.package), ['reference', 'package', 'source', 'version', 'schema_version', 'digest', 'package_path', 'entries', 'surfaces', 'tools', 'permissions']);
  assert.deepEqual(j.static_inspection, { status: 'active', diagnostics: 0 });
  assert.equal(j.inspection.artifact.kind, 'component');
  assert.equal(j.inspection.verdict.summary, 'ok');
});

test('human output: yoi\'s lines, then the inspector section; exit 1 when rejected', async (t) => {
  const dir = requireShared(t, join(fixturesDir, 'plugins', 'legacy-core'));
  if (!dir) return;
  const r = await cli(['check', dir]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^plugin check: .*legacy-core \[rejected\] input_kind=directory\n/);
  assert.match(r.stdout, /\ndiagnostics:\n {2}- kind=api phase=manifest message=legacy raw wasm plugin runtime/);
  assert.match(r.stdout, /\ninspector: rejected /);
  assert.match(r.stdout, /retired raw ABI \(yoi-plugin-wasm-1\): conforms/);
});

test('archives work too; --strict also fails on runtime rejections; a standalone .wasm fails when the runtime would reject it', async (t) => {
  const tmp = tempDir();
  try {
    const placeholder = requireShared(t, join(fixturesDir, 'wasm', 'not-wasm.component.wasm'));
    if (!placeholder) return;
    const archive = writePluginArchive(tmp.dir, 'demo.yoi-plugin', { 'plugin.toml': toolManifest(), 'plugin.component.wasm': 'not wasm at all' });
    const loose = await cli(['check', archive, '--json']);
    assert.equal(loose.code, 0, 'yoi itself passes a text artifact');
    const j = JSON.parse(loose.stdout);
    assert.equal(j.status, 'active');
    assert.equal(j.input_kind, 'package');
    assert.deepEqual(j.inspection.verdict.summary, 'runtime-would-reject');
    assert.equal((await cli(['check', archive, '--strict'])).code, 1);
    const w = await cli(['check', placeholder, '--json']);
    assert.equal(w.code, 1);
    const wj = JSON.parse(w.stdout);
    assert.deepEqual([wj.status, wj.input_kind, wj.package], ['rejected', 'wasm', null]);
    assert.match(wj.diagnostics[0].message, /bad magic number/);
  } finally {
    tmp.dispose();
  }
});

test('--world forces the world for a standalone component', async (t) => {
  const p = requireShared(t, join(fixturesDir, 'wasm', 'tool-valid.component.wasm'));
  if (!p) return;
  assert.equal((await cli(['check', p])).code, 0);
  const r = await cli(['check', p, '--world', 'instance']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /the runtime would reject:\n {2}- the component does not export `start`/);
});

test('usage errors exit 2', async () => {
  assert.equal((await cli([])).code, 2);
  assert.equal((await cli(['pack', 'x'])).code, 2);
  assert.equal((await cli(['check'])).code, 2);
  assert.equal((await cli(['check', 'a', 'b'])).code, 2);
  assert.equal((await cli(['check', 'a', '--world', 'daemon'])).code, 2);
  assert.equal((await cli(['check', 'a', '--timeout', '-5'])).code, 2);
  const help = await cli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /plugin check PATH/);
});

test('the bundled dist/cli.js runs `plugin check` with the bundled worker', (t) => {
  const cliPath = join(repoRoot, 'dist', 'cli.js');
  if (!existsSync(cliPath) || !existsSync(join(repoRoot, 'dist', 'pluginWorker.js'))) {
    if (process.env.CI) throw new Error('dist/ is missing: run `npm run build` before the unit tests');
    t.skip('dist/ is missing (run npm run build)');
    return;
  }
  const dir = requireShared(t, join(fixturesDir, 'wasm', 'tool-wasi-import.component.wasm'));
  if (!dir) return;
  const r = spawnSync(process.execPath, [cliPath, 'plugin', 'check', dir, '--json'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 1, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.inspection.artifact.inspection, 'done');
  assert.match(j.inspection.verdict.runtimeWouldReject[0], /wasi:random/);
  assert.ok(j.inspection.artifact.wit.includes('world root'));
});
