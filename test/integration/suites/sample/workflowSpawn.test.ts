// Coder worktrees, the Worktrees view and "queue like the yoi panel" in the real VS Code, on the
// sample workspace made into a real git repository (real git, no mocks). `yoi` is not on PATH
// here, so Spawn takes the "show the exact command" path.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { YoiApi } from '../../../../src/extension';
import type { CommandOutcome } from '../../../../src/vscode/workflow';
import type { LaunchReport } from '../../../../src/vscode/workflow/spawn';
import { api, waitFor, workspaceDir } from '../../util';

const INPROGRESS = '00001M4WPSS3V';
const run = (cmd: string, ...args: unknown[]) => vscode.commands.executeCommand<CommandOutcome>(cmd, ...args);
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } }).trim();
const dir = (id: string) => join(workspaceDir(), '.yoi', 'tickets', id);
const read = (id: string, f: string) => readFileSync(join(dir(id), f), 'utf8');

describe('coder worktrees on a real git repository (sample workspace)', () => {
  let yoi: YoiApi;
  let ws: string;

  before(async () => {
    yoi = await api<YoiApi>();
    await yoi.stores.ready();
    ws = workspaceDir();
    git(ws, 'init', '-q', '-b', 'main');
    git(ws, 'config', 'user.name', 'Test User');
    git(ws, 'config', 'user.email', 'test@example.com');
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', 'sample');
  });

  it('refuses to spawn for a ticket that is not in progress', async () => {
    const o = await run('yoi.spawnCoderWorktree', { id: '00001M5C9FFKB', slug: 'dark-mode', confirmed: true });
    assert.equal(o.ok, false);
    assert.equal(o.refused, 'guard.spawn-state');
    assert.match(o.message ?? '', /only for an accepted ticket \(In progress\)/);
    assert.ok(!existsSync(join(ws, '.worktree')));
  });

  it('spawns: creates the sparse worktree on work/<ID>-<slug>, records plan + report, shows the exact command (yoi not on PATH)', async () => {
    const planBefore = read(INPROGRESS, 'artifacts/orchestration-plan.jsonl').trim().split('\n').length;
    const o = await run('yoi.spawnCoderWorktree', INPROGRESS, ws, { slug: 'toml-loader', confirmed: true, openIn: 'none' });
    assert.equal(o.ok, true, o.message);
    const path = join(ws, '.worktree', '00001M4WPSS3V-toml-loader');
    assert.equal(o.details?.worktree, path);
    assert.equal(o.details?.branch, 'work/00001M4WPSS3V-toml-loader');
    assert.equal(git(path, 'rev-parse', '--abbrev-ref', 'HEAD'), 'work/00001M4WPSS3V-toml-loader');
    assert.equal(git(path, 'rev-parse', 'HEAD'), git(ws, 'rev-parse', 'HEAD'), 'based on the workspace HEAD (no orchestration worktree)');
    const sparse = git(path, 'sparse-checkout', 'list');
    assert.match(sparse, /^\/\*$/m);
    assert.match(sparse, /^!\/\.yoi\/memory\/$/m);
    assert.match(sparse, /^!\/\.yoi\/\*\*\/\*\.secret\.\*$/m);
    assert.ok(existsSync(join(path, '.yoi', 'tickets', INPROGRESS, 'item.md')), 'tracked .yoi records stay visible');
    // Records, as the Orchestrator writes them (workspace copy: there is no orchestration worktree).
    const plan = read(INPROGRESS, 'artifacts/orchestration-plan.jsonl').trim().split('\n');
    assert.equal(plan.length, planBefore + 1);
    const rec = JSON.parse(plan.at(-1)!);
    assert.equal(rec.kind, 'accepted_plan');
    assert.equal(rec.accepted_plan.branch, 'work/00001M4WPSS3V-toml-loader');
    assert.equal(rec.accepted_plan.worktree, path);
    assert.match(rec.accepted_plan.role_plan, /^coder: yoi-coder-00001M4WPSS3V/);
    assert.match(read(INPROGRESS, 'thread.md'), /<!-- event: implementation_report author: \S+ at: \S+ -->\n\n## Implementation report\n\nImplementation worktree created:\n\n- worktree: `[^`]+00001M4WPSS3V-toml-loader`\n- branch: `work\/00001M4WPSS3V-toml-loader`/);
    // Launch: yoi is not on PATH, so the command is shown, not run.
    const launch = o.details?.launch as LaunchReport;
    assert.equal(launch.launched, false);
    assert.deepEqual(launch.argv, ['yoi', 'worker', '--workspace', ws, '--worker', 'yoi-coder-00001M4WPSS3V', '--profile', 'builtin:coder', '--ticket-role', 'coder']);
    assert.equal(launch.cwd, path);
    assert.match(o.message ?? '', /yoi is not on PATH, so the coder was not launched/);
    const doc = await waitFor(() => vscode.workspace.textDocuments.find((d) => d.isUntitled && d.getText().includes('yoi-coder-00001M4WPSS3V')), 'the command document');
    assert.ok(doc.getText().includes(launch.commandLine), 'the exact command is shown');
    assert.ok(doc.getText().includes(launch.promptFile));
    const prompt = readFileSync(launch.promptFile, 'utf8');
    assert.match(prompt, /^Target Ticket:\n- id: 00001M4WPSS3V\n/);
    assert.match(prompt, /\nWorktree target:\n- path: .*00001M4WPSS3V-toml-loader\n- branch: work\/00001M4WPSS3V-toml-loader\n/);
    assert.match(prompt, /\nIntent packet:\n/, 'the IntentPacket is the task prompt');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('refuses an existing path, and reuses an existing branch only when confirmed', async () => {
    const again = await run('yoi.spawnCoderWorktree', { id: INPROGRESS, slug: 'toml-loader', confirmed: true, launch: false });
    assert.equal(again.refused, 'git.worktree-path-exists');
    git(ws, 'branch', 'work/00001M4WPSS3V-second');
    const refused = await run('yoi.spawnCoderWorktree', { id: INPROGRESS, slug: 'second', confirmed: true, launch: false, reuseBranch: false });
    assert.equal(refused.refused, 'git.branch-exists');
    assert.ok(!existsSync(join(ws, '.worktree', '00001M4WPSS3V-second')));
    const reused = await run('yoi.spawnCoderWorktree', { id: INPROGRESS, slug: 'second', confirmed: true, launch: false, reuseBranch: true });
    assert.equal(reused.ok, true, reused.message);
    assert.equal(reused.details?.reusedBranch, true);
  });

  it('lists the worktrees once per repository with their ticket and dirty state; removes with confirmation only', async () => {
    yoi.workflow.worktrees.refresh();
    const l = await yoi.workflow.worktrees.list();
    assert.equal(l.repos.length, 1);
    const wts = l.repos[0].repo.worktrees;
    assert.deepEqual(wts.map((w) => w.role), ['main', 'implementation', 'implementation']);
    const impl = wts.find((w) => w.path.endsWith('00001M4WPSS3V-toml-loader'))!;
    assert.equal(impl.ticketId, INPROGRESS);
    assert.equal(impl.dirty, false);
    const nodes = await yoi.workflow.worktrees.getChildren();
    const item = yoi.workflow.worktrees.getTreeItem(nodes.find((n) => n.kind === 'worktree' && n.wt.path === impl.path)!);
    assert.match(String(item.description), /work\/00001M4WPSS3V-toml-loader · 00001M4WPSS3V \(In progress\) · clean/);
    assert.equal(item.contextValue, 'yoi.worktree.implementation.clean.ticket');
    // The main worktree is never removed.
    const main = await run('yoi.worktrees.remove', { path: ws, confirmed: true });
    assert.equal(main.refused, 'git.worktree-protected');
    // A dirty one is removed only after the (explicit) confirmation.
    writeFileSync(join(impl.path, 'scratch.txt'), 'work in progress\n');
    yoi.workflow.worktrees.refresh();
    const dirty = (await yoi.workflow.worktrees.list()).repos[0].repo.worktrees.find((w) => w.path === impl.path)!;
    assert.equal(dirty.dirty, true);
    const removed = await run('yoi.worktrees.remove', { path: impl.path, confirmed: true });
    assert.equal(removed.ok, true, removed.message);
    assert.ok(!existsSync(impl.path));
    assert.match(git(ws, 'branch', '--list', 'work/00001M4WPSS3V-toml-loader'), /work\/00001M4WPSS3V-toml-loader/, 'the branch is kept');
  });

  it('flags a new ticket ignored by .yoi/.gitignore and stages it with git add -f when asked', async () => {
    writeFileSync(join(ws, '.yoi', '.gitignore'), 'tickets\n');
    const o = await run('yoi.createTicket', { title: 'Ignored by git', open: false, stageIgnored: true });
    assert.equal(o.ok, true, o.message);
    assert.equal(o.details?.gitIgnored, true);
    assert.equal(o.details?.staged, true);
    assert.match(o.message ?? '', /is ignored by git/);
    assert.match(git(ws, 'diff', '--cached', '--name-only'), new RegExp(`\\.yoi/tickets/${o.ticketId}/item\\.md`));
    git(ws, 'rm', '-q', '--cached', '-r', join('.yoi', 'tickets', o.ticketId!));
  });

  describe('queue like the yoi panel', () => {
    let id = '';
    before(async () => {
      await vscode.workspace.getConfiguration('yoi.workflow').update('queueLikePanel', true, vscode.ConfigurationTarget.Global);
      const c = await run('yoi.createTicket', { title: 'Queued like the panel', open: false });
      id = c.ticketId!;
      assert.equal((await run('yoi.markReady', { id, summary: 'Ready.' })).ok, true);
      git(ws, 'add', '-f', '--', join('.yoi', 'tickets', id));
      git(ws, 'commit', '-q', '-m', `ticket: ${id} ready`);
    });
    after(() => vscode.workspace.getConfiguration('yoi.workflow').update('queueLikePanel', undefined, vscode.ConfigurationTarget.Global));

    it('refuses with the failing precondition, writing nothing', async () => {
      const before = read(id, 'item.md');
      const o = await run('yoi.queueTicket', { id });
      assert.equal(o.refused, 'git.orchestration-exists');
      assert.match(o.message ?? '', /queue like the yoi panel: the orchestration worktree does not exist/);
      assert.equal(read(id, 'item.md'), before);
    });

    it('queues, commits the ticket folder, fast-forwards the orchestration worktree and notifies the live Orchestrator Worker', async () => {
      const orch = join(ws, '.worktree', 'orchestration');
      git(ws, 'worktree', 'add', '-q', '-b', 'orchestration', orch, 'HEAD');
      // A live Orchestrator Worker: its control socket under yoi's runtime dir (this extension host's
      // environment), sending its snapshot event first like yoi's workers do.
      const runtime = mkdtempSync(join(tmpdir(), 'yoi-runtime-'));
      const savedRuntime = process.env.YOI_RUNTIME_DIR;
      process.env.YOI_RUNTIME_DIR = runtime;
      mkdirSync(join(runtime, 'ticket-orchestrator-main'));
      const received: string[] = [];
      const server = createServer((c) => {
        c.write('{"event":"snapshot","workers":[]}\n');
        let buf = '';
        c.on('data', (d) => { buf += d.toString(); if (buf.endsWith('\n')) received.push(buf); });
      });
      await new Promise<void>((r) => server.listen(join(runtime, 'ticket-orchestrator-main', 'sock'), r));
      let o: CommandOutcome;
      try {
        o = await run('yoi.queueTicket', { id });
        await waitFor(() => received.length === 1, 'the notify request');
      } finally {
        server.close();
        if (savedRuntime === undefined) delete process.env.YOI_RUNTIME_DIR;
        else process.env.YOI_RUNTIME_DIR = savedRuntime;
        rmSync(runtime, { recursive: true, force: true });
      }
      assert.equal(o.ok, true, o.message);
      assert.match(o.message ?? '', /queued like the yoi panel: committed [0-9a-f]{10} and fast-forwarded the orchestration worktree/);
      assert.match(o.message ?? '', /Notified the Orchestrator Worker ticket-orchestrator-main\./);
      const req = JSON.parse(received[0]);
      assert.equal(req.method, 'notify');
      assert.match(req.params.message, new RegExp(`queued Ticket ${id} and authorized routing`));
      assert.equal(git(ws, 'log', '-1', '--format=%s'), `ticket: queue ${id}`);
      assert.equal(git(orch, 'rev-parse', 'HEAD'), git(ws, 'rev-parse', 'HEAD'));
      assert.match(readFileSync(join(orch, '.yoi', 'tickets', id, 'item.md'), 'utf8'), /^state: 'queued'$/m);
    });
  });
});
