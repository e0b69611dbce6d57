// `doctor` through the bundled CLI (`npm run build` first): JSON version 1, human lines, closed
// filtering, families, exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir, repoRoot, requireShared, tempCopy } from '../helpers/shared';
import { openStoresSync } from '../../../src/core/store/discover';
import { runDoctor } from '../../../src/core/doctor';

const cli = join(repoRoot, 'dist', 'cli.js');
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};
function requireCli(t: import('node:test').TestContext): boolean {
  if (existsSync(cli)) return true;
  if (process.env.CI) throw new Error('dist/cli.js is missing: run `npm run build` before the unit tests');
  t.skip('dist/cli.js is missing (run npm run build)');
  return false;
}

const FINDING_KEYS = ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'family', 'message', 'ticket', 'params'];

test('doctor --json on the corpus: every ticket by default, the same findings as the core, exit 1 for the error', (t) => {
  if (!requireCli(t) || !requireShared(t, corpusDir)) return;
  const r = run(['doctor', '--workspace', corpusDir, '--json']);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ['version', 'workspace', 'ticketsRoot', 'includeClosed', 'families', 'summary', 'findings']);
  assert.equal(out.version, 1);
  assert.equal(out.workspace, corpusDir);
  assert.equal(out.includeClosed, true);
  for (const f of out.findings) assert.deepEqual(Object.keys(f), FINDING_KEYS);
  const core = runDoctor(openStoresSync(corpusDir).main);
  assert.equal(out.findings.length, core.length);
  assert.deepEqual(out.findings.map((f: { code: string; line: number; column: number }) => `${f.code}:${f.line}:${f.column}`), core.map((f) => `${f.code}:${f.line}:${f.column}`));
  const yoi = out.findings.filter((f: { family: string }) => f.family === 'yoi');
  assert.deepEqual(yoi.map((f: { file: string; severity: string; code: string; ticket: string }) => `${f.severity} ${f.file} ${f.code}`), [
    'warning .yoi/tickets/00001KST3MFXR/item.md ticket.closed-without-resolution',
    'warning .yoi/tickets/00001KSTRGFX0/thread.md thread.review-without-status',
    'warning .yoi/tickets/00001KT02TCCG/item.md ticket.closed-without-resolution',
    'warning .yoi/tickets/00001KTTW04W2/thread.md thread.review-result-instead-of-status',
    'error .yoi/tickets/00001KY1ZKCPC/item.md ticket.missing-artifacts',
  ]);
  assert.deepEqual(out.summary, { errors: 1, warnings: 4, infos: core.length - 5 });
  assert.ok(out.findings.filter((f: { family: string }) => f.family === 'extension').every((f: { severity: string }) => f.severity === 'info'));
});

test('doctor --hide-closed and --family; human output lines are file:line:column', (t) => {
  if (!requireCli(t) || !requireShared(t, corpusDir)) return;
  const hidden = JSON.parse(run(['doctor', '--workspace', corpusDir, '--json', '--hide-closed']).stdout);
  assert.equal(hidden.includeClosed, false);
  assert.deepEqual(hidden.findings.map((f: { ticket: string; code: string }) => `${f.ticket} ${f.code}`), ['00001KY1ZKCPC ticket.missing-artifacts']);
  const ext = JSON.parse(run(['doctor', '--workspace', corpusDir, '--json', '--family', 'extension']).stdout);
  assert.ok(ext.findings.length > 50 && ext.findings.every((f: { family: string }) => f.family === 'extension'));
  assert.deepEqual(ext.families, ['extension']);
  const h = run(['doctor', '--workspace', corpusDir, '--family=yoi', '--include-closed']);
  assert.equal(h.code, 1);
  assert.deepEqual(h.stdout.trimEnd().split('\n'), [
    '.yoi/tickets/00001KST3MFXR/item.md:3:1: warning: Closed ticket has no resolution.md [ticket.closed-without-resolution]',
    '.yoi/tickets/00001KSTRGFX0/thread.md:9:1: warning: Review event has no `status` (approve or request_changes) [thread.review-without-status]',
    '.yoi/tickets/00001KT02TCCG/item.md:3:1: warning: Closed ticket has no resolution.md [ticket.closed-without-resolution]',
    '.yoi/tickets/00001KTTW04W2/thread.md:680:98: warning: Review has `result: approve` instead of `status:`; yoi reads it as a review without status [thread.review-result-instead-of-status]',
    '.yoi/tickets/00001KY1ZKCPC/item.md:1:1: error: artifacts/ folder is missing [ticket.missing-artifacts]',
    'doctor: 1 error, 4 warnings, 0 notes',
  ]);
  assert.equal(run(['doctor', '--workspace', corpusDir, '--family', 'bogus']).code, 2);
  assert.equal(run(['doctor', '--workspace', corpusDir, '--hide-closed', '--include-closed']).code, 2);
  assert.equal(run(['doctor', 'extra', '--workspace', corpusDir]).code, 2);
});

test('doctor: ok and exit 0 once the error is fixed; warnings alone do not fail', (t) => {
  if (!requireCli(t) || !requireShared(t, corpusDir)) return;
  const ws = tempCopy(corpusDir);
  try {
    const tickets = join(ws.dir, '.yoi', 'tickets');
    mkdirSync(join(tickets, '00001KY1ZKCPC', 'artifacts'));
    writeFileSync(join(tickets, '00001KY1ZKCPC', 'artifacts', '.gitkeep'), '');
    const r = run(['doctor', '--workspace', ws.dir, '--hide-closed']);
    assert.equal(r.code, 0, r.stdout);
    assert.equal(r.stdout, 'doctor: ok\n');
    assert.equal(run(['doctor', '--workspace', ws.dir]).code, 0, 'warnings and notes of closed tickets do not fail');
    // A store-level error: a stray Markdown file in the tickets folder.
    writeFileSync(join(tickets, 'notes.md'), 'x\n');
    const r2 = run(['doctor', '--workspace', ws.dir, '--hide-closed', '--json']);
    assert.equal(r2.code, 1);
    assert.deepEqual(JSON.parse(r2.stdout).findings.map((f: { file: string; code: string; ticket: null }) => [f.file, f.code, f.ticket]), [['.yoi/tickets/notes.md', 'store.markdown-in-tickets-dir', null]]);
    rmSync(join(tickets, 'notes.md'));
  } finally {
    ws.dispose();
  }
});
