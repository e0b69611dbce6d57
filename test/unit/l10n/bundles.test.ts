// No language pack can be installed offline, so the Japanese translation is checked statically:
// both bundles have the same keys, every %key% of package.json is translated, and every
// vscode.l10n.t('…') literal in the sources is in the bundles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/shared';

const readJson = (p: string) => JSON.parse(readFileSync(join(repoRoot, p), 'utf8')) as Record<string, string>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('package.nls.json and package.nls.ja.json have the same keys, all non-empty', () => {
  const en = readJson('package.nls.json');
  const ja = readJson('package.nls.ja.json');
  assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort());
  for (const [k, v] of Object.entries(ja)) assert.ok(v.trim().length > 0, `empty ja string for ${k}`);
});

test('every %key% placeholder in package.json is defined in package.nls.json', () => {
  const pkg = readFileSync(join(repoRoot, 'package.json'), 'utf8');
  const en = readJson('package.nls.json');
  const keys = [...pkg.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]);
  assert.ok(keys.length > 5, 'package.json uses localized placeholders');
  for (const k of keys) assert.ok(k in en, `package.nls.json lacks ${k}`);
});

test('l10n bundles: English and Japanese have the same keys', () => {
  const en = readJson('l10n/bundle.l10n.json');
  const ja = readJson('l10n/bundle.l10n.ja.json');
  assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort());
  for (const [k, v] of Object.entries(en)) assert.equal(v, k, `English bundle value must equal its key: ${k}`);
  for (const [k, v] of Object.entries(ja)) assert.ok(v.trim().length > 0, `empty ja string for ${k}`);
});

test('every vscode.l10n.t literal in src/ is in the bundles', () => {
  const en = readJson('l10n/bundle.l10n.json');
  const missing: string[] = [];
  let count = 0;
  for (const f of sourceFiles(join(repoRoot, 'src'))) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/l10n\.t\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g)) {
      count++;
      const literal = m[2].replace(/\\(['"`\\])/g, '$1').replace(/\\n/g, '\n');
      if (!(literal in en)) missing.push(`${f}: ${literal}`);
    }
  }
  assert.ok(count > 0, 'the sources use vscode.l10n.t');
  assert.deepEqual(missing, []);
});
