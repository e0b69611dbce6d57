// yoi's Panel "Queue" (§4.4) as an opt-in: preconditions (each with a check id), merge the
// orchestration branch into the workspace when needed, queue in the workspace store, commit the
// Ticket folder, and fast-forward the orchestration worktree to that commit. Never pushes.
// It merges and commits in the user's workspace, so callers enable it only behind a setting.
import { realpathSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { WorkspaceLocation } from '../../workspace/discover';
import { WorkflowError } from '../errors';
import { freshState } from '../freshReads';
import { TicketWorkflow, WorkflowResult } from '../ticketWorkflow';
import { GitPort, gitOk } from './gitPort';

export type QueueCheckId =
  | 'root-toplevel' | 'root-branch' | 'git-user'
  | 'orchestration-exists' | 'orchestration-clean' | 'orchestration-branch' | 'orchestration-common-dir'
  | 'ticket-ready' | 'ticket-tracked' | 'ticket-record-clean';

export interface QueueCheck {
  id: QueueCheckId;
  ok: boolean;
  /** What failed (English; `id` is the stable key). */
  message?: string;
}

const real = (p: string) => {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
};

async function commonDir(git: GitPort, dir: string): Promise<string | undefined> {
  const r = await git.run(dir, ['rev-parse', '--git-common-dir']);
  if (r.code !== 0) return undefined;
  const d = r.stdout.trim();
  return real(isAbsolute(d) ? d : resolve(dir, d));
}

/** Relative folder of the Ticket inside the workspace, `/`-separated. */
function ticketRel(loc: WorkspaceLocation, id: string): string | undefined {
  return loc.ticketsRootRelative === undefined ? undefined : `${loc.ticketsRootRelative}/${id}`;
}

/** Every precondition, in the Panel's order (all are evaluated so the UI can list them). */
export async function checkQueuePreconditions(git: GitPort, loc: WorkspaceLocation, id: string): Promise<QueueCheck[]> {
  const root = loc.workspaceRoot;
  const o = loc.orchestration;
  const out: QueueCheck[] = [];
  const add = (cid: QueueCheckId, ok: boolean, message: string) => out.push(ok ? { id: cid, ok } : { id: cid, ok, message });

  const top = await git.run(root, ['rev-parse', '--show-toplevel']);
  add('root-toplevel', top.code === 0 && real(top.stdout.trim()) === real(root), `${root} is not the top level of a git repository`);
  const branch = await git.run(root, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  add('root-branch', branch.code === 0, 'the workspace is not on a branch (detached HEAD)');
  const name = (await git.run(root, ['config', 'user.name'])).stdout.trim();
  const email = (await git.run(root, ['config', 'user.email'])).stdout.trim();
  add('git-user', name !== '' && email !== '', 'git user.name / user.email are not configured');

  const orchTop = o.worktreeExists ? await git.run(o.worktreePath, ['rev-parse', '--show-toplevel']) : undefined;
  const orchOk = orchTop !== undefined && orchTop.code === 0 && real(orchTop.stdout.trim()) === real(o.worktreePath);
  add('orchestration-exists', orchOk, `the orchestration worktree ${o.worktreePath} does not exist`);
  if (orchOk) {
    const st = await git.run(o.worktreePath, ['status', '--porcelain']);
    add('orchestration-clean', st.code === 0 && st.stdout.trim() === '', 'the orchestration worktree has uncommitted changes');
    const ob = await git.run(o.worktreePath, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
    add('orchestration-branch', ob.code === 0 && ob.stdout.trim() === o.branch, `the orchestration worktree is not on branch ${o.branch}`);
    const [a, b] = [await commonDir(git, root), await commonDir(git, o.worktreePath)];
    add('orchestration-common-dir', a !== undefined && a === b, 'the orchestration worktree belongs to another repository');
  } else {
    for (const cid of ['orchestration-clean', 'orchestration-branch', 'orchestration-common-dir'] as const) add(cid, false, 'the orchestration worktree does not exist');
  }

  const state = freshState(loc.ticketsRoot, id);
  add('ticket-ready', state === 'ready', `ticket ${id} is ${state ?? 'missing'}, not ready`);
  const rel = ticketRel(loc, id);
  if (rel === undefined) {
    add('ticket-tracked', false, 'the ticket store lies outside the workspace');
    add('ticket-record-clean', false, 'the ticket store lies outside the workspace');
    return out;
  }
  // `.yoi/.gitignore` may ignore `tickets` (§1.1): an untracked Ticket cannot be committed by a plain add.
  const tracked = await git.run(root, ['ls-files', '--error-unmatch', '--', `${rel}/item.md`, `${rel}/thread.md`]);
  add('ticket-tracked', tracked.code === 0, `ticket ${id}'s files are not tracked by git (is it ignored by .yoi/.gitignore? add it with \`git add -f ${rel}\` first)`);
  const dirty = await git.run(root, ['status', '--porcelain', '--', rel]);
  add('ticket-record-clean', dirty.code === 0 && dirty.stdout.trim() === '', `ticket ${id} has uncommitted changes in the workspace`);
  return out;
}

export interface QueueWithGitResult {
  checks: QueueCheck[];
  /** The sync merge commit, when the orchestration branch had to be merged first. */
  syncMerge?: string;
  queue: WorkflowResult;
  commit: string;
  fastForwarded: boolean;
  /** Set when the final fast-forward failed (the queue commit stays in the workspace). */
  fastForwardError?: string;
}

export interface QueueWithGitOptions {
  queuedBy?: string;
  /** Called after each step (UI progress). */
  progress?: (step: string) => void;
}

/** The Panel choreography. Refuses (code `git`, reason `git.<check id>`) on the first failed check. */
export async function queueWithGit(git: GitPort, workflow: TicketWorkflow, id: string, opts: QueueWithGitOptions = {}): Promise<QueueWithGitResult> {
  const loc = workflow.location();
  const root = loc.workspaceRoot;
  const o = loc.orchestration;
  const step = (s: string) => opts.progress?.(s);
  const checks = await checkQueuePreconditions(git, loc, id);
  const failed = checks.find((c) => !c.ok);
  if (failed) throw new WorkflowError('git', failed.message ?? failed.id, `git.${failed.id}`, { check: failed.id });

  // 1. Bring the orchestration branch's records into the workspace first.
  let syncMerge: string | undefined;
  const orchHead = await gitOk(git, o.worktreePath, ['rev-parse', 'HEAD']);
  const anc = await git.run(root, ['merge-base', '--is-ancestor', orchHead, 'HEAD']);
  if (anc.code !== 0) {
    step('merge-orchestration');
    const m = await git.run(root, ['merge', '--autostash', '--no-ff', o.branch, '-m', `merge: sync orchestration before queue ${id}`]);
    if (m.code !== 0) {
      await git.run(root, ['merge', '--abort']);
      throw new WorkflowError('git', `merging ${o.branch} into the workspace failed (aborted): ${(m.stderr || m.stdout).trim().split('\n')[0]}`, 'git.sync-merge-failed');
    }
    syncMerge = await gitOk(git, root, ['rev-parse', 'HEAD']);
    const again = freshState(loc.ticketsRoot, id);
    if (again !== 'ready') throw new WorkflowError('guard', `after syncing, ticket ${id} is ${again ?? 'missing'}, not ready`, 'git.ticket-not-ready-after-sync', { state: again ?? 'missing' });
  }

  // 2. Queue in the workspace store.
  step('queue');
  const queue = await workflow.queue(id, { queuedBy: opts.queuedBy }, { copy: 'workspace', expect: { state: 'ready' } });

  // 3. Commit exactly the Ticket folder (tracked files only: `add -u` never trips over an ignore rule).
  step('commit');
  const rel = ticketRel(loc, id)!;
  await gitOk(git, root, ['add', '-u', '--', rel], 'git.add-failed');
  await gitOk(git, root, ['commit', '--no-verify', '-m', `ticket: queue ${id}`, '--', rel], 'git.commit-failed');
  const commit = await gitOk(git, root, ['rev-parse', 'HEAD']);

  // 4. Fast-forward the orchestration worktree to it and verify the Orchestrator sees `queued`.
  step('fast-forward');
  const ff = await git.run(o.worktreePath, ['merge', '--ff-only', commit]);
  if (ff.code !== 0) {
    return { checks, syncMerge, queue, commit, fastForwarded: false, fastForwardError: (ff.stderr || ff.stdout).trim().split('\n')[0] };
  }
  const orchState = o.ticketsRoot ? freshState(o.ticketsRoot, id) : undefined;
  if (orchState !== 'queued') {
    return { checks, syncMerge, queue, commit, fastForwarded: true, fastForwardError: `the orchestration copy shows ${orchState ?? 'no ticket'} after the fast-forward` };
  }
  return { checks, syncMerge, queue, commit, fastForwarded: true };
}
