// Panel queue choreography and implementation worktrees on real temporary git repositories.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireShared } from '../helpers/shared';
import { CORPUS_TICKETS } from './tempStore';
import { sh, tempRepo } from './gitRepo';
import { splitThread } from './corpusEvents';
import { nodeGit } from '../../../src/core/workflow/git/gitPort';
import { checkQueuePreconditions, queueWithGit } from '../../../src/core/workflow/git/queueChoreography';
import { TicketWorkflow } from '../../../src/core/workflow/ticketWorkflow';
import { fixedClock } from '../../../src/core/workflow/ports';
import { isWorkflowError } from '../../../src/core/workflow/errors';
import { resolveWorkspace } from '../../../src/core/workspace/discover';
import { createImplementationWorktree, listWorktrees, recordWorktreeCreated, removeWorktree } from '../../../src/core/workflow/worktree/worktrees';
import { slugFromTitle, SPARSE_PATTERNS, ticketIdOfWorktree } from '../../../src/core/workflow/worktree/naming';
import { buildRolePrompt, planRoleLaunch, runRequestLine, workerSocketPath } from '../../../src/core/workflow/launch/roleLaunch';
import { parseItem } from '../../../src/core/ticket/item';

const READY = '00001KXMK846H';
const PLANNING = '00001KY1ZKCPC';
const git = nodeGit();
const wf = (root: string) => new TicketWorkflow({ workspaceRoot: root, clock: fixedClock('2026-08-01T10:00:00Z'), author: 'hare' });
const failedChecks = async (root: string, id: string) => (await checkQueuePreconditions(git, resolveWorkspace(root), id)).filter((c) => !c.ok).map((c) => c.id);

test('queue choreography: preconditions name the failing check', async (t) => {
  if (!requireShared(t, CORPUS_TICKETS)) return;
  const r = tempRepo([READY, PLANNING]);
  try {
    assert.deepEqual(await failedChecks(r.root, READY), []);
    assert.deepEqual(await failedChecks(r.root, PLANNING), ['ticket-ready']);
    writeFileSync(join(r.orch, 'src', 'main.txt'), 'dirty\n');
    assert.deepEqual(await failedChecks(r.root, READY), ['orchestration-clean']);
    sh(r.orch, 'checkout', '-q', '--', 'src/main.txt');
    sh(r.orch, 'checkout', '-q', '-b', 'other');
    assert.deepEqual(await failedChecks(r.root, READY), ['orchestration-branch']);
    sh(r.orch, 'checkout', '-q', 'orchestration');
    writeFileSync(join(r.tickets, READY, 'thread.md'), readFileSync(join(r.tickets, READY, 'thread.md'), 'utf8') + '\n');
    assert.deepEqual(await failedChecks(r.root, READY), ['ticket-record-clean']);
    sh(r.root, 'checkout', '-q', '--', `.yoi/tickets/${READY}`);
    sh(r.root, 'checkout', '-q', '--detach');
    assert.deepEqual(await failedChecks(r.root, READY), ['root-branch']);
    sh(r.root, 'checkout', '-q', 'main');
    await assert.rejects(queueWithGit(git, wf(r.root), PLANNING), (e) => isWorkflowError(e, 'git') && e.reason === 'git.ticket-ready');
  } finally {
    r.dispose();
  }
});

test('queue choreography: a Ticket ignored by `.yoi/.gitignore` (§1.1) is refused before anything is written', async (t) => {
  if (!requireShared(t, CORPUS_TICKETS)) return;
  const r = tempRepo([PLANNING]);
  try {
    writeFileSync(join(r.root, '.yoi', '.gitignore'), 'tickets\n');
    sh(r.root, 'add', '.yoi/.gitignore');
    sh(r.root, 'commit', '-q', '-m', 'ignore tickets');
    const created = await wf(r.root).create({ title: 'New', state: 'ready' });
    assert.deepEqual(await failedChecks(r.root, created.ticketId), ['ticket-tracked']);
    await assert.rejects(queueWithGit(git, wf(r.root), created.ticketId), (e) => isWorkflowError(e, 'git') && /git add -f/.test(e.message));
    assert.equal(parseItem(readFileSync(join(r.tickets, created.ticketId, 'item.md'), 'utf8'), 'x').fields.state, 'ready');
  } finally {
    r.dispose();
  }
});

test('queue choreography: queue, commit only the Ticket folder, fast-forward orchestration; sync-merge first when needed', async (t) => {
  if (!requireShared(t, CORPUS_TICKETS)) return;
  const r = tempRepo([READY, PLANNING]);
  try {
    // The Orchestrator committed something on its branch that the workspace lacks.
    writeFileSync(join(r.orch, 'src', 'orch.txt'), 'from orchestrator\n');
    sh(r.orch, 'add', 'src/orch.txt');
    sh(r.orch, 'commit', '-q', '-m', 'orchestrator work');
    // Unrelated uncommitted user work in the workspace must survive (autostash) and stay uncommitted.
    writeFileSync(join(r.root, 'src', 'main.txt'), 'user edit\n');
    const steps: string[] = [];
    const res = await queueWithGit(git, wf(r.root), READY, { queuedBy: 'workspace-panel', progress: (s) => steps.push(s) });
    assert.deepEqual(steps, ['merge-orchestration', 'queue', 'commit', 'fast-forward']);
    assert.ok(res.syncMerge);
    assert.equal(sh(r.root, 'log', '-1', '--format=%s', res.syncMerge!), `merge: sync orchestration before queue ${READY}`);
    assert.equal(sh(r.root, 'log', '-1', '--format=%s'), `ticket: queue ${READY}`);
    assert.deepEqual(sh(r.root, 'show', '--name-only', '--format=', 'HEAD').split('\n').sort(), [`.yoi/tickets/${READY}/item.md`, `.yoi/tickets/${READY}/thread.md`]);
    assert.equal(readFileSync(join(r.root, 'src', 'main.txt'), 'utf8'), 'user edit\n');
    assert.equal(res.fastForwarded, true);
    assert.equal(res.fastForwardError, undefined);
    assert.equal(sh(r.orch, 'rev-parse', 'HEAD'), res.commit);
    assert.equal(parseItem(readFileSync(join(r.orchTickets, READY, 'item.md'), 'utf8'), 'x').fields.state, 'queued');
    const last = splitThread(readFileSync(join(r.orchTickets, READY, 'thread.md'), 'utf8')).pop()!;
    assert.equal(last.attrs.author, 'workspace-panel');
    assert.equal(res.queue.copy, 'workspace');
    assert.equal(sh(r.root, 'remote'), '', 'nothing to push to, and nothing pushed');
  } finally {
    r.dispose();
  }
});

test('slugs: short kebab ASCII from titles, Japanese-only titles fall back', () => {
  assert.equal(slugFromTitle('Extract stagingのsource anchor形式を実装する'), 'extract-staging-source-anchor');
  assert.equal(slugFromTitle('E2E: close remaining critical-path gaps after panel harness'), 'e2e-close-remaining-critical');
  assert.equal(slugFromTitle('Persist local Workspace identity in .yoi/workspace.toml'), 'persist-local-workspace-identity');
  assert.equal(slugFromTitle('Café déjà vu'), 'cafe-deja-vu');
  assert.equal(slugFromTitle('StagingからMemory化する審査・剪定フローを実装する'), 'staging-memory');
  assert.equal(slugFromTitle('バックエンドの実装'), 'task');
  assert.equal(slugFromTitle('UIの修正'), 'task', 'too little ASCII left');
  assert.equal(slugFromTitle('Supercalifragilisticexpialidocious-antidisestablishmentarianism'), 'supercalifragilisticexpialidocio');
  assert.equal(ticketIdOfWorktree('work/00001KXNYXNM6-staging-source-anchors', '/x/y'), '00001KXNYXNM6');
  assert.equal(ticketIdOfWorktree('impl/00001KVFDX9AY-plugin-fs', '/x'), '00001KVFDX9AY');
  assert.equal(ticketIdOfWorktree('ticket-00001KV10SN02-e2e', '/x'), '00001KV10SN02');
  assert.equal(ticketIdOfWorktree('ticket/some-slug', '/r/.worktree/00001KV10SN02-e2e'), '00001KV10SN02');
  assert.equal(ticketIdOfWorktree('main', '/r'), undefined);
  assert.equal(SPARSE_PATTERNS.length, 1 + 13 * 2 + 8);
  assert.ok(SPARSE_PATTERNS.includes('!/.yoi/**/_logs/**'));
});

test('worktrees: create with sparse exclusions from the orchestration HEAD, record it, list once per repository, remove', async (t) => {
  if (!requireShared(t, CORPUS_TICKETS)) return;
  const r = tempRepo([READY, PLANNING]);
  try {
    const loc = resolveWorkspace(r.root);
    writeFileSync(join(r.orch, 'src', 'orch.txt'), 'orch\n');
    sh(r.orch, 'add', 'src/orch.txt');
    sh(r.orch, 'commit', '-q', '-m', 'orch only');
    const orchHead = sh(r.orch, 'rev-parse', 'HEAD');
    const wt = await createImplementationWorktree(git, loc, READY, { title: 'StagingからMemory化する審査・剪定フローを実装する' });
    assert.equal(wt.branch, `work/${READY}-staging-memory`);
    assert.equal(wt.path, join(r.root, '.worktree', `${READY}-staging-memory`));
    assert.deepEqual([wt.base.from, wt.base.commit], ['orchestration', orchHead]);
    assert.equal(sh(wt.path, 'rev-parse', 'HEAD'), orchHead);
    assert.equal(sh(wt.path, 'symbolic-ref', '--short', 'HEAD'), wt.branch);
    assert.ok(existsSync(join(wt.path, 'src', 'orch.txt')));
    assert.ok(existsSync(join(wt.path, '.yoi', 'tickets', READY, 'item.md')), 'tracked .yoi records stay visible');
    assert.ok(existsSync(join(wt.path, '.yoi', 'workspace.toml')));
    for (const hidden of ['.yoi/memory/notes.md', '.yoi/logs/run.log', '.yoi/local/state.json', '.yoi/override.local.toml', '.yoi/tickets/keys.secret']) {
      assert.ok(!existsSync(join(wt.path, hidden)), `${hidden} is excluded`);
    }
    assert.equal(sh(wt.path, 'status', '--porcelain'), '');
    await assert.rejects(createImplementationWorktree(git, loc, READY, { slug: 'staging-memory' }), (e) => isWorkflowError(e, 'git') && e.reason === 'git.worktree-path-exists');
    await assert.rejects(createImplementationWorktree(git, loc, READY, { slug: 'Bad Slug' }), (e) => isWorkflowError(e, 'invalid-input'));

    // Records go to the orchestration copy (it has the Ticket).
    const rec = await recordWorktreeCreated(wf(r.root), READY, wt, { summary: 'Implement it.', rolePlan: 'Coder, then reviewer.', author: 'orchestrator' });
    assert.equal(rec.plan.copy, 'orchestration');
    assert.equal(rec.report.copy, 'orchestration');
    const planLine = JSON.parse(readFileSync(join(r.orchTickets, READY, 'artifacts', 'orchestration-plan.jsonl'), 'utf8').trim());
    assert.deepEqual(planLine.accepted_plan, { summary: 'Implement it.', branch: wt.branch, worktree: wt.path, role_plan: 'Coder, then reviewer.' });
    const ev = splitThread(readFileSync(join(r.orchTickets, READY, 'thread.md'), 'utf8')).pop()!;
    assert.equal(ev.kind, 'implementation_report');
    assert.ok(ev.body!.includes(wt.branch));

    // Listing: the workspace and its orchestration worktree are one repository.
    const orchLoc = resolveWorkspace(r.orch);
    writeFileSync(join(wt.path, 'src', 'main.txt'), 'changed\n');
    const repos = await listWorktrees(git, [loc, orchLoc]);
    assert.equal(repos.length, 1);
    const byRole = Object.fromEntries(repos[0].worktrees.map((w) => [w.role, w]));
    assert.deepEqual(repos[0].worktrees.map((w) => w.role).sort(), ['implementation', 'main', 'orchestration']);
    assert.equal(byRole.implementation.ticketId, READY);
    assert.equal(byRole.implementation.branch, wt.branch);
    assert.equal(byRole.implementation.dirty, true);
    assert.equal(byRole.orchestration.dirty, true, 'the records just written to the orchestration copy are uncommitted');
    assert.equal(byRole.main.dirty, false);
    assert.equal(byRole.main.ticketId, undefined);

    await assert.rejects(removeWorktree(git, loc, wt.path), (e) => isWorkflowError(e, 'guard') && e.reason === 'git.worktree-dirty');
    await assert.rejects(removeWorktree(git, loc, r.orch), (e) => isWorkflowError(e, 'guard') && e.reason === 'git.worktree-protected');
    await assert.rejects(removeWorktree(git, loc, r.root), (e) => isWorkflowError(e, 'guard'));
    await removeWorktree(git, loc, wt.path, { force: true });
    assert.ok(!existsSync(wt.path));
    // The branch stays; recreating needs the user's confirmation to reuse it (no -b then).
    await assert.rejects(createImplementationWorktree(git, loc, READY, { slug: 'staging-memory' }), (e) => isWorkflowError(e, 'git') && e.reason === 'git.branch-exists');
    const again = await createImplementationWorktree(git, loc, READY, { slug: 'staging-memory', reuseExistingBranch: true });
    assert.equal(again.reusedBranch, true);
    assert.equal(sh(again.path, 'symbolic-ref', '--short', 'HEAD'), wt.branch);
    await removeWorktree(git, loc, again.path);
  } finally {
    r.dispose();
  }
});

test('worktrees: without an orchestration worktree the base is the workspace HEAD', async (t) => {
  if (!requireShared(t, CORPUS_TICKETS)) return;
  const r = tempRepo([READY], { noOrchestration: true });
  try {
    const wt = await createImplementationWorktree(git, resolveWorkspace(r.root), READY, { slug: 'x-y-z' });
    assert.deepEqual([wt.base.from, wt.base.commit], ['workspace', sh(r.root, 'rev-parse', 'HEAD')]);
  } finally {
    r.dispose();
  }
});

test('role launch: argv from the template, prompt only in a private file, never in argv', async (t) => {
  if (!requireShared(t, CORPUS_TICKETS)) return;
  const r = tempRepo([READY], { noOrchestration: true });
  try {
    const loc = resolveWorkspace(r.root);
    const hostile = 'Intent:\n- do it\n$(rm -rf ~); `reboot` "quoted" \'single\'\n';
    const cmd = planRoleLaunch(loc, {
      ticketId: READY, cwd: join(r.root, '.worktree', 'x'), intentPacket: hostile, worktree: { path: '/w/x', branch: 'work/x' },
      validation: ['npm test'], report: ['commit hash'], promptDir: join(r.root, 'prompts'), now: new Date('2026-08-01T10:00:00Z'),
    });
    assert.deepEqual(cmd.argv, ['yoi', 'worker', '--workspace', r.root, '--worker', `yoi-coder-${READY}`, '--profile', 'builtin:coder', '--ticket-role', 'coder']);
    assert.equal(cmd.cwd, join(r.root, '.worktree', 'x'));
    assert.equal(cmd.promptFile, join(r.root, 'prompts', `yoi-coder-${READY}-20260801T100000.prompt.md`));
    assert.equal(readFileSync(cmd.promptFile, 'utf8'), cmd.prompt);
    assert.equal(statSync(cmd.promptFile).mode & 0o777, 0o600);
    assert.equal(cmd.prompt, `Target Ticket:\n- id: ${READY}\n\nIntent packet:\n${hostile.trim()}\n\nWorktree target:\n- path: /w/x\n- branch: work/x\n\nValidation expectations:\n- npm test\n\nReport expectations:\n- commit hash\n`);
    assert.ok(!cmd.argv.some((a) => a.includes('rm -rf')));
    const custom = planRoleLaunch(loc, { ticketId: READY, role: 'reviewer', template: ['/opt/yoi/bin/yoi', 'worker', '--worker=${workerName}', '--prompt-file', '${promptFile}'], promptDir: join(r.root, 'prompts') });
    assert.deepEqual(custom.argv, ['/opt/yoi/bin/yoi', 'worker', `--worker=ticket-reviewer-${READY.toLowerCase()}`, '--prompt-file', custom.promptFile]);
    assert.throws(() => planRoleLaunch(loc, { ticketId: READY, template: ['yoi', '${shell}'], promptDir: join(r.root, 'prompts') }), (e) => isWorkflowError(e, 'invalid-input'));
    writeFileSync(join(r.root, '.yoi', 'workspace.toml'), 'workspace_id = "t"\n\n[ticket]\n\n[ticket.roles.coder]\nprofile = "inherit"\n');
    assert.throws(() => planRoleLaunch(resolveWorkspace(r.root), { ticketId: READY, promptDir: join(r.root, 'prompts') }), (e) => isWorkflowError(e, 'invalid-input') && e.reason === 'launch.inherit-profile');
    assert.ok(buildRolePrompt(loc, 'orchestrator', { ticketId: READY }).includes(`Orchestrator operation targets:\n- implementation_worktree_root: ${join(r.root, '.worktree')}`));
    assert.equal(buildRolePrompt(loc, 'coder', { ticketId: READY, actionInstruction: 'x'.repeat(9000) }).split('\n')[4].length, 8000);
    assert.equal(workerSocketPath('w', { YOI_RUNTIME_DIR: '/run/y' }), '/run/y/w/sock');
    assert.equal(workerSocketPath('w', { XDG_RUNTIME_DIR: '/run/user/1' }), '/run/user/1/yoi/w/sock');
    assert.deepEqual(JSON.parse(runRequestLine('hi')), { method: 'run', params: { input: [{ kind: 'text', content: '\n\nhi' }] } });
  } finally {
    r.dispose();
  }
});
