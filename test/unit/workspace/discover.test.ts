import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusDir, requireShared } from '../helpers/shared';
import { resolveWorkspace } from '../../../src/core/workspace/discover';
import { isJapaneseLanguage } from '../../../src/core/workspace/language';

function tempWorkspace(files: Record<string, string>): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'yoi-ws-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

test('corpus: workspace.toml wins; Japanese; orchestration copy path', (t) => {
  if (!requireShared(t, corpusDir)) return;
  const w = resolveWorkspace(corpusDir);
  assert.equal(w.config.source, 'workspace.toml');
  assert.equal(w.ticketsRoot, join(corpusDir, '.yoi', 'tickets'));
  assert.equal(w.ticketsRootRelative, '.yoi/tickets');
  assert.equal(w.ticketsRootExists, true);
  assert.equal(w.language, 'Japanese');
  assert.equal(w.japanese, true);
  assert.equal(w.orchestration.worktreePath, join(corpusDir, '.worktree', 'orchestration'));
  assert.equal(w.orchestration.ticketsRoot, join(corpusDir, '.worktree', 'orchestration', '.yoi', 'tickets'));
  assert.equal(w.orchestration.branch, 'orchestration');
  assert.equal(w.config.roles.coder?.profile, 'builtin:coder');
  assert.deepEqual(w.problems, []);
});

test('custom root and orchestration settings', () => {
  const ws = tempWorkspace({
    '.yoi/workspace.toml': '[ticket]\nlanguage = "en"\n[ticket.backend]\nprovider = "builtin:yoi_local"\nroot = "records/tickets"\n[ticket.orchestration]\nbranch = "orch"\nworktree_dir = "wt"\nworktree_name = "o"\n',
  });
  try {
    const w = resolveWorkspace(ws.dir);
    assert.equal(w.ticketsRoot, join(ws.dir, 'records', 'tickets'));
    assert.equal(w.ticketsRootExists, false);
    assert.equal(w.japanese, false);
    assert.equal(w.orchestration.branch, 'orch');
    assert.equal(w.orchestration.ticketsRoot, join(ws.dir, 'wt', 'o', 'records', 'tickets'));
    assert.deepEqual(w.problems, []);
  } finally {
    ws.dispose();
  }
});

test('legacy ticket.config.toml is used only without a [ticket] table', () => {
  const ws = tempWorkspace({
    '.yoi/workspace.toml': 'workspace_id = "x"\n',
    '.yoi/ticket.config.toml': '[backend]\nkind = "local"\nroot = "legacy/t"\n[ticket]\nlanguage = "日本語"\n',
  });
  try {
    const w = resolveWorkspace(ws.dir);
    assert.equal(w.config.source, 'ticket.config.toml');
    assert.equal(w.ticketsRoot, join(ws.dir, 'legacy', 't'));
    assert.equal(w.japanese, true);
  } finally {
    ws.dispose();
  }
});

test('defaults when there is no config', () => {
  const ws = tempWorkspace({ 'README.md': 'x' });
  try {
    const w = resolveWorkspace(ws.dir);
    assert.equal(w.config.source, 'default');
    assert.equal(w.hasYoiDir, false);
    assert.equal(w.ticketsRoot, join(ws.dir, '.yoi', 'tickets'));
  } finally {
    ws.dispose();
  }
});

test('config errors are located problems, not exceptions', () => {
  const ws = tempWorkspace({
    '.yoi/workspace.toml': '[ticket]\nlanguage = "ja"\ncolour = "blue"\n[ticket.backend]\nprovider = "sqlite"\nroot = ".yoi/tickets"\n[ticket.roles.painter]\nprofile = "x"\n',
  });
  const broken = tempWorkspace({ '.yoi/workspace.toml': '[ticket\nroot = 1\n' });
  try {
    const w = resolveWorkspace(ws.dir);
    const byCode = Object.fromEntries(w.problems.map((p) => [p.code, p]));
    assert.equal(byCode['config.unknown-key'].line, 3);
    assert.equal(byCode['config.unsupported-provider'].line, 5);
    assert.equal(byCode['config.unknown-role'].line, 7);
    assert.ok(w.problems.every((p) => p.file.endsWith('workspace.toml')));
    const b = resolveWorkspace(broken.dir);
    assert.equal(b.problems.length, 1);
    assert.equal(b.problems[0].code, 'config.invalid-toml');
    assert.equal(b.problems[0].line, 1);
    assert.equal(b.ticketsRoot, join(broken.dir, '.yoi', 'tickets')); // still usable with defaults
  } finally {
    ws.dispose();
    broken.dispose();
  }
});

test('Japanese language detection', () => {
  for (const l of ['Japanese', 'japanese', 'ja', 'JA', 'ja-JP', 'ja-jp', '日本語', 'Japanese (日本語)']) assert.equal(isJapaneseLanguage(l), true, l);
  for (const l of [undefined, '', 'English', 'en', 'jap', 'ja_JP']) assert.equal(isJapaneseLanguage(l), false, String(l));
});
