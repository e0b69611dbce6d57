// Spawns the bundled CLI (`npm run build` first) on the corpus and on temp workspaces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusDir, repoRoot, requireShared, tempCopy } from '../helpers/shared';

const cli = join(repoRoot, 'dist', 'cli.js');

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function requireCli(t: import('node:test').TestContext): boolean {
  if (existsSync(cli)) return true;
  if (process.env.CI) throw new Error('dist/cli.js is missing: run `npm run build` before the unit tests');
  t.skip('dist/cli.js is missing (run npm run build)');
  return false;
}

const TICKET_KEYS = ['id', 'state', 'title', 'createdAt', 'updatedAt', 'readiness', 'riskFlags', 'blockedBy', 'overlay', 'problems'];

test('list --json: version 1 shape with every state by default', (t) => {
  if (!requireCli(t) || !requireShared(t, corpusDir)) return;
  const r = run(['list', '--workspace', corpusDir, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.version, 1);
  assert.equal(out.workspace, corpusDir);
  assert.equal(out.tickets.length, 352);
  for (const tk of out.tickets) assert.deepEqual(Object.keys(tk), TICKET_KEYS);
  const states = out.tickets.reduce((m: Record<string, number>, x: { state: string }) => ({ ...m, [x.state]: (m[x.state] ?? 0) + 1 }), {});
  assert.deepEqual(states, { closed: 343, planning: 8, ready: 1 });
  const draft = out.tickets.find((x: { id: string }) => x.id === '00001KY1ZKCPC');
  assert.equal(draft.readiness, 'draft');
  assert.equal(draft.overlay, null);
  assert.deepEqual(out.tickets.map((x: { id: string }) => x.id), [...out.tickets.map((x: { id: string }) => x.id)].sort());
});

test('list --state filters; human table is aligned; bad state is a usage error', (t) => {
  if (!requireCli(t) || !requireShared(t, corpusDir)) return;
  const j = JSON.parse(run(['list', '--workspace', corpusDir, '--state', 'ready,planning', '--json']).stdout);
  assert.equal(j.tickets.length, 9);
  assert.equal(JSON.parse(run(['list', `--workspace=${corpusDir}`, '--state=active', '--json']).stdout).tickets.length, 9);
  const h = run(['list', '--workspace', corpusDir, '--state', 'ready']);
  assert.equal(h.code, 0);
  const lines = h.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[0], /^STATE\s+ID\s+UPDATED\s+TITLE/);
  assert.equal(lines[1].indexOf('00001KXMK846H'), lines[0].indexOf('ID'));
  const bad = run(['list', '--workspace', corpusDir, '--state', 'open']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown state 'open'/);
  assert.equal(run(['list', '--workspace', corpusDir, '--bogus']).code, 2);
  assert.equal(run(['frobnicate']).code, 2);
  assert.equal(run([]).code, 2);
  assert.equal(run(['--help']).code, 0);
});

test('no store → exit 2', (t) => {
  if (!requireCli(t)) return;
  const dir = mkdtempSync(join(tmpdir(), 'yoi-cli-'));
  try {
    const r = run(['list', '--workspace', dir, '--json']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no ticket store/);
    assert.equal(r.stdout, '');
    assert.equal(run(['list', '--workspace', join(dir, 'missing')]).code, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('problems are listed with exit 0 (malformed ticket in a temp copy)', (t) => {
  if (!requireCli(t) || !requireShared(t, corpusDir)) return;
  const tmp = tempCopy(corpusDir);
  try {
    writeFileSync(join(tmp.dir, '.yoi', 'tickets', '00001KXMK846H', 'item.md'), "---\ntitle: 'x'\nstate: 'later'\n---\n");
    const r = run(['list', '--workspace', tmp.dir, '--json']);
    assert.equal(r.code, 0);
    const tk = JSON.parse(r.stdout).tickets.find((x: { id: string }) => x.id === '00001KXMK846H');
    assert.equal(tk.state, null);
    const codes = tk.problems.map((p: { code: string }) => p.code).sort();
    assert.deepEqual(codes, ['item.invalid-state', 'item.missing-field', 'item.missing-field']);
    for (const p of tk.problems) {
      assert.deepEqual(Object.keys(p), ['file', 'line', 'severity', 'code', 'message']);
      assert.equal(p.file, '.yoi/tickets/00001KXMK846H/item.md');
    }
    assert.equal(tk.problems.find((p: { code: string }) => p.code === 'item.invalid-state').line, 3);
  } finally {
    tmp.dispose();
  }
});

test('show --json: front matter, events, relations both ways, plan records, artifacts, problems', (t) => {
  if (!requireCli(t) || !requireShared(t, corpusDir)) return;
  const r = run(['show', '00001KXNYXNM6', '--workspace', corpusDir, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.version, 1);
  const tk = out.ticket;
  assert.equal(tk.id, '00001KXNYXNM6');
  assert.equal(tk.frontMatter.queued_by, 'workspace-panel');
  assert.ok(tk.body.startsWith('\n## 背景'));
  assert.equal(tk.events[0].kind, 'create');
  assert.equal(tk.events[0].author, 'yoi ticket');
  assert.equal(tk.events[0].markerLine, 1);
  assert.deepEqual(tk.relations.outgoing.map((x: { kind: string; target: string }) => `${x.kind}:${x.target}`), ['related:00001KXMK846H']);
  assert.deepEqual(tk.relations.incoming.map((x: { kind: string; ticketId: string }) => `${x.kind}:${x.ticketId}`), ['depends_on:00001KXMK7YMC']);
  assert.equal(tk.planRecords[0].record.kind, 'accepted_plan');
  assert.deepEqual(tk.artifacts, ['orchestration-plan.jsonl', 'relations.json']);
  assert.ok(tk.resolution.length > 0);
  assert.deepEqual(tk.problems, []);
  const anomalies = JSON.parse(run(['show', '00001KV10SN02', '--workspace', corpusDir, '--json']).stdout).ticket;
  assert.deepEqual(anomalies.problems.map((p: { code: string; line: number }) => `${p.code}@${p.line}`), ['thread.missing-separator@102', 'thread.missing-separator@233']);
  assert.equal(anomalies.events.length, 16);
});

test('show: human output, unknown ticket → exit 1, missing ID → exit 2', (t) => {
  if (!requireCli(t) || !requireShared(t, corpusDir)) return;
  const h = run(['show', '00001KSTXNF6G', '--workspace', corpusDir]);
  assert.equal(h.code, 0);
  for (const section of ['## item.md front matter', '## Relations', '## Orchestration plan records', '## Artifacts', '## Events', '## Problems']) assert.ok(h.stdout.includes(section), section);
  assert.match(h.stdout, /thread\.missing-heading/);
  assert.equal(run(['show', '00001KZZZZZZZ', '--workspace', corpusDir]).code, 1);
  assert.equal(run(['show', '--workspace', corpusDir]).code, 2);
});

test('control characters in ticket text never reach the terminal', (t) => {
  if (!requireCli(t)) return;
  const dir = mkdtempSync(join(tmpdir(), 'yoi-cli-'));
  try {
    const tdir = join(dir, '.yoi', 'tickets', '00001KZ00000A');
    mkdirSync(tdir, { recursive: true });
    writeFileSync(join(tdir, 'item.md'), "---\ntitle: \"evil \\e[31mred\\e[0m \\a\"\nstate: 'planning'\ncreated_at: '2026-08-01T00:00:00Z'\nupdated_at: '2026-08-01T00:00:00Z'\n---\n");
    const r = run(['list', '--workspace', dir]);
    assert.equal(r.code, 0);
    assert.ok(!/[\x1b\x07]/.test(r.stdout), JSON.stringify(r.stdout));
    assert.match(r.stdout, /evil red/);
    const j = JSON.parse(run(['list', '--workspace', dir, '--json']).stdout);
    assert.equal(j.tickets[0].title, 'evil \x1b[31mred\x1b[0m \x07'); // JSON keeps the exact value (escaped)
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
