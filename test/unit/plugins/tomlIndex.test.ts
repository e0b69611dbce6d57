// Key/value positions in plugin.toml (for diagnostics on the offending key), and hostile manifests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { indexToml } from '../../../src/core/plugins/manifest/tomlIndex';
import { parseManifest } from '../../../src/core/plugins/manifest/schema';
import { checkManifest } from '../../../src/core/plugins/manifest/validate';
import { toolManifest } from './helpers/pkg';

const DOC = `# comment with [brackets] and = signs
schema_version = 1
"quoted key" = 'lit'
multi = """
line [1]
"""
permissions = [
  { kind = "surface", surface = "tool" }, # trailing
  { kind = "tool", name = "x" },
]

[runtime]
kind = "wasm-component"   # inline comment

[[tools]]
name = "a"
input_schema = { type = "object", properties = { text = { type = "string" } } }

[[tools]]
name = "b"

[tools.input_schema]
type = "object"
dotted.key.path = 1979-05-27 07:32:00Z
`;

function at(text: string, path: (string | number)[], on: 'key' | 'value' = 'key'): string {
  const idx = indexToml(text);
  const loc = idx.locate('plugin.toml', path, on);
  const lines = text.split('\n');
  assert.ok(loc.start && loc.end);
  if (loc.start.line !== loc.end.line) return `${loc.start.line}:${loc.start.column}-${loc.end.line}:${loc.end.column}`;
  return lines[loc.start.line - 1].slice(loc.start.column - 1, loc.end.column - 1);
}

test('keys and values of top-level entries, quoted keys, multi-line strings', () => {
  assert.equal(at(DOC, ['schema_version']), 'schema_version');
  assert.equal(at(DOC, ['schema_version'], 'value'), '1');
  assert.equal(at(DOC, ['quoted key']), '"quoted key"');
  assert.equal(at(DOC, ['quoted key'], 'value'), "'lit'");
  assert.equal(at(DOC, ['multi'], 'value'), '4:9-6:4');
});

test('array elements and inline tables inside them', () => {
  assert.equal(at(DOC, ['permissions', 0], 'value'), '{ kind = "surface", surface = "tool" }');
  assert.equal(at(DOC, ['permissions', 1, 'name']), 'name');
  assert.equal(at(DOC, ['permissions', 1, 'name'], 'value'), '"x"');
});

test('tables, arrays of tables with their index, nested inline tables, sub-tables and dotted keys', () => {
  assert.equal(at(DOC, ['runtime', 'kind'], 'value'), '"wasm-component"');
  assert.equal(at(DOC, ['tools', 0, 'name'], 'value'), '"a"');
  assert.equal(at(DOC, ['tools', 1, 'name'], 'value'), '"b"');
  assert.equal(at(DOC, ['tools', 0, 'input_schema', 'properties', 'text', 'type'], 'value'), '"string"');
  assert.equal(at(DOC, ['tools', 1, 'input_schema', 'type'], 'value'), '"object"');
  assert.equal(at(DOC, ['tools', 1, 'input_schema']), 'tools.input_schema');
  assert.equal(at(DOC, ['tools', 1, 'input_schema', 'dotted', 'key', 'path'], 'value'), '1979-05-27 07:32:00Z');
  // Unknown paths fall back to the nearest recorded parent.
  assert.equal(at(DOC, ['tools', 1, 'input_schema', 'nope'], 'value'), '[tools.input_schema]');
});

test('byte offsets count UTF-8 bytes, columns count UTF-16 units', () => {
  const text = 'name = "ü"\nbad = 1\n';
  const loc = indexToml(text).locate('plugin.toml', ['bad']);
  assert.deepEqual([loc.start, loc.byteStart], [{ line: 2, column: 1 }, 12]);
});

test('schema errors point at the offending key in the real file layout', () => {
  const text = toolManifest().replace('description = "Echo."', 'description = "Echo."\ninput_shema = {}');
  const r = checkManifest(new Map([['plugin.toml', Buffer.from(text)], ['plugin.component.wasm', Buffer.from('x')]]));
  const f = r.findings[0];
  assert.deepEqual(f.location?.keyPath, ['tools', 0, 'input_shema']);
  const line = text.split('\n')[f.location!.start!.line - 1];
  assert.equal(line, 'input_shema = {}');
  assert.equal(f.location!.start!.column, 1);
});

test('hostile manifests: arbitrary text never throws, deep nesting is bounded', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 400 }), (s) => {
      const r = parseManifest(s);
      assert.ok(typeof r.ok === 'boolean');
      indexToml(s).locate('plugin.toml', ['a', 0, 'b']);
    }),
    { numRuns: 300 },
  );
  const base = toolManifest();
  fc.assert(
    fc.property(fc.nat(base.length), fc.string({ maxLength: 8 }), (i, ins) => {
      const text = base.slice(0, i) + ins + base.slice(i);
      const r = checkManifest(new Map([['plugin.toml', Buffer.from(text)], ['plugin.component.wasm', Buffer.from('x')]]));
      for (const f of r.findings) assert.ok(f.location?.file === 'plugin.toml');
    }),
    { numRuns: 300 },
  );
  const deep = 'a = ' + '['.repeat(5000) + ']'.repeat(5000);
  const r = parseManifest(deep);
  assert.equal(r.ok, false);
});
