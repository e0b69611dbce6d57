// The Plugins UI translates some finding messages by id (src/vscode/plugins/findingMessages.ts,
// which cannot be loaded outside VS Code). Its l10n literals must be exactly the English templates,
// and a template is only used when it reproduces the core's message from the finding's params.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Finding, inspectPluginPath, PluginInspector } from '../../../src/core/plugins';
import { FINDING_TEMPLATES, formatTemplate, templateMatches } from '../../../src/vscode/plugins/findingTemplates';
import { fixturesDir, repoRoot, requireShared, sampleDir, tempCopy } from '../helpers/shared';

const inspector = new PluginInspector();
after(() => inspector.dispose());

test('findingMessages.ts has one l10n literal per template, equal to it', () => {
  const src = readFileSync(join(repoRoot, 'src', 'vscode', 'plugins', 'findingMessages.ts'), 'utf8');
  const table = new Map<string, string>();
  for (const m of src.matchAll(/^\s*'([a-z0-9.-]+)': \(p\) => vscode\.l10n\.t\('((?:\\.|[^'\\])*)', p\),$/gm)) table.set(m[1], m[2].replace(/\\(['"`\\])/g, '$1'));
  assert.deepEqual([...table.keys()].sort(), Object.keys(FINDING_TEMPLATES).sort());
  for (const [id, t] of Object.entries(FINDING_TEMPLATES)) assert.equal(table.get(id), t, id);
});

test('formatTemplate fills named params and leaves unknown ones', () => {
  assert.equal(formatTemplate('a {x} b {y}', { x: 1 }), 'a 1 b {y}');
  assert.equal(formatTemplate('no params', undefined), 'no params');
});

test('templates reproduce the core messages of real findings (manifest rules, placeholder, missing export)', async (t) => {
  const seen = new Set<string>();
  const check = (findings: Finding[]) => {
    for (const f of findings) {
      if (!(f.id in FINDING_TEMPLATES)) continue;
      seen.add(f.id);
      assert.ok(templateMatches(f.id, f.message, f.params), `${f.id}: "${formatTemplate(FINDING_TEMPLATES[f.id], f.params)}" ≠ "${f.message}"`);
    }
  };
  // Broken variants of the sample's echo package.
  const tmp = tempCopy(join(sampleDir, '.yoi', 'plugins', 'echo'), 'yoi-plugins-msg-');
  try {
    const file = join(tmp.dir, 'plugin.toml');
    const original = readFileSync(file, 'utf8');
    const variants = [
      original.replace('schema_version = 1', 'schema_version = 3').replace('id = "sample.echo"', 'id = "a/b"').replace('name = "Echo"', 'name = " "'),
      original.replace('component = "plugin.component.wasm"', 'component = "../outside.wasm"'),
      original.replace('component = "plugin.component.wasm"', 'component = "missing.wasm"'),
      original.replace('world = "yoi:plugin/tool@1.0.0"', 'world = "yoi:plugin/other@1.0.0"\nentry = "x.wasm"'),
      original.replace('kind = "wasm-component"', 'kind = "native"'),
      original + '\n[[services]]\nname = "bad name"\ndescription = "d"\nlifecycle = "host-managed"\n',
      original.replace('version = "0.1.0"', 'version = 0.1.0'),
      original.replace('surfaces = ["tool"]', 'surfaces = ["tool"]\nunknown_key = 1'),
    ];
    for (const v of variants) {
      writeFileSync(file, v);
      check((await inspectPluginPath(tmp.dir, { inspector })).findings);
    }
  } finally {
    tmp.dispose();
  }
  const root = requireShared(t, fixturesDir);
  if (root) {
    for (const rel of ['plugins/legacy-core', 'yoi-templates/rust-component-tool']) check((await inspectPluginPath(join(root, rel), { inspector })).findings);
    check((await inspectPluginPath(join(root, 'wasm', 'tool-missing-call.component.wasm'), { inspector, world: 'yoi:plugin/tool@1.0.0' })).findings);
  }
  for (const id of ['manifest.schema-version', 'manifest.unsafe-id', 'manifest.name-version-required', 'manifest.path-traversal', 'manifest.path-missing',
    'manifest.component-world', 'manifest.component-raw-fields', 'manifest.runtime-kind', 'manifest.surface-needs-instance', 'manifest.unsafe-service-name',
    'manifest.toml-syntax', 'manifest.schema']) {
    assert.ok(seen.has(id), `a real ${id} finding was checked`);
  }
  if (root) for (const id of ['manifest.legacy-runtime', 'static.placeholder', 'binary.missing-export']) assert.ok(seen.has(id), `a real ${id} finding was checked`);
});

test('a message the template does not reproduce is never replaced', () => {
  assert.equal(templateMatches('binary.missing-export', 'the component does not export `call` required by yoi:plugin/tool@1.0.0 (its exports match yoi:plugin/instance@1.0.0)', { export: 'call', world: 'yoi:plugin/tool@1.0.0' }), false);
  assert.equal(templateMatches('manifest.legacy-runtime', 'legacy raw wasm plugin runtime (abi `<missing-abi>`) is retired; use `wasm-component`', { abi: '' }), false);
  assert.equal(templateMatches('unknown.id', 'x', {}), false);
});
