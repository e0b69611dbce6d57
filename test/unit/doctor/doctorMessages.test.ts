// The editor localizes doctor findings by code (src/vscode/editor/doctorMessages.ts, which cannot
// be loaded outside VS Code): its l10n literals must be exactly the core catalog's templates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/shared';
import { DOCTOR_CODES, formatTemplate } from '../../../src/core/doctor/catalog';

test('every doctor code has a localized template equal to the core one', () => {
  const src = readFileSync(join(repoRoot, 'src', 'vscode', 'editor', 'doctorMessages.ts'), 'utf8');
  const table = new Map<string, string>();
  for (const m of src.matchAll(/^\s*'([a-z.-]+)': \(p\) => vscode\.l10n\.t\('((?:\\.|[^'\\])*)', p\),$/gm)) {
    table.set(m[1], m[2].replace(/\\(['"`\\])/g, '$1'));
  }
  assert.deepEqual([...table.keys()].sort(), Object.keys(DOCTOR_CODES).sort());
  for (const [code, info] of Object.entries(DOCTOR_CODES)) assert.equal(table.get(code), info.template, code);
});

test('templates: placeholders are filled from params; unknown ones stay visible', () => {
  assert.equal(formatTemplate('a {x} b {y}', { x: 1 }), 'a 1 b {y}');
  for (const [code, info] of Object.entries(DOCTOR_CODES)) {
    assert.ok(info.family === 'yoi' || info.severity === 'info', `${code}: extension checks are Information`);
  }
});
