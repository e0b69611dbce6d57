// Regenerates l10n/bundle.l10n.json from every vscode.l10n.t('…') literal in src/ and lists the
// strings that l10n/bundle.l10n.ja.json still lacks (translate those by hand).
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const files = (d) => readdirSync(d).flatMap((n) => { const p = join(d, n); return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : []; });
const en = {};
for (const f of files('src')) {
  for (const m of readFileSync(f, 'utf8').matchAll(/l10n\.t\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g)) {
    const s = m[2].replace(/\\(['"`\\])/g, '$1').replace(/\\n/g, '\n');
    en[s] = s;
  }
}
const sorted = Object.fromEntries(Object.keys(en).sort().map((k) => [k, k]));
writeFileSync('l10n/bundle.l10n.json', JSON.stringify(sorted, null, 2) + '\n');
const ja = JSON.parse(readFileSync('l10n/bundle.l10n.ja.json', 'utf8'));
const missing = Object.keys(sorted).filter((k) => !(k in ja));
const stale = Object.keys(ja).filter((k) => !(k in sorted));
if (missing.length) console.log('missing in ja:\n' + missing.map((k) => '  ' + JSON.stringify(k)).join('\n'));
if (stale.length) console.log('stale in ja (no longer used):\n' + stale.map((k) => '  ' + JSON.stringify(k)).join('\n'));
if (!missing.length && !stale.length) console.log('l10n bundles are in sync');
