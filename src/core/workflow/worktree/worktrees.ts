// Implementation worktrees over the Git port: create (base = orchestration HEAD, else workspace
// HEAD; sparse exclusions of §8.1; never push), list (once per repository, with the Ticket each
// belongs to and dirty/clean), remove (refusing dirty ones unless forced), and the records yoi's
// Orchestrator writes afterwards (accepted_plan + implementation_report).
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { WorkspaceLocation } from '../../workspace/discover';
import { WorkflowError } from '../errors';
import { GitPort, gitOk } from '../git/gitPort';
import { TicketWorkflow, WorkflowResult } from '../ticketWorkflow';
import { SPARSE_PATTERNS, slugFromTitle, ticketIdOfWorktree, worktreeNames, WorktreeNames } from './naming';

const real = (p: string) => {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
};

async function isWorktreeTop(git: GitPort, dir: string): Promise<boolean> {
  if (!existsSync(dir)) return false;
  const r = await git.run(dir, ['rev-parse', '--show-toplevel']);
  return r.code === 0 && real(r.stdout.trim()) === real(dir);
}

export interface WorktreeBase {
  /** Where the base commit came from. */
  from: 'orchestration' | 'workspace';
  dir: string;
  commit: string;
}

/** Base of a new implementation worktree: the orchestration worktree's HEAD when it exists, else the workspace HEAD. */
export async function worktreeBase(git: GitPort, loc: WorkspaceLocation): Promise<WorktreeBase> {
  const orch = loc.orchestration.worktreePath;
  if (await isWorktreeTop(git, orch)) return { from: 'orchestration', dir: orch, commit: await gitOk(git, orch, ['rev-parse', 'HEAD'], 'git.no-head') };
  return { from: 'workspace', dir: loc.workspaceRoot, commit: await gitOk(git, loc.workspaceRoot, ['rev-parse', 'HEAD'], 'git.no-head') };
}

export interface CreateWorktreeOptions {
  /** Default: slugFromTitle(title). */
  slug?: string;
  title?: string;
  /** The branch already exists: reuse it (checked out without `-b`) only when the user confirmed. */
  reuseExistingBranch?: boolean;
}

export interface CreatedWorktree extends WorktreeNames {
  base: WorktreeBase;
  reusedBranch: boolean;
  sparsePatterns: readonly string[];
}

/** `git worktree add <path> -b <branch> <base>` + sparse-checkout. Refuses an existing path, and an existing
 * branch unless `reuseExistingBranch`. Never pushes. */
export async function createImplementationWorktree(git: GitPort, loc: WorkspaceLocation, ticketId: string, opts: CreateWorktreeOptions = {}): Promise<CreatedWorktree> {
  const slug = opts.slug ?? slugFromTitle(opts.title ?? '');
  const names = worktreeNames(loc, ticketId, slug);
  if (existsSync(names.path)) throw new WorkflowError('git', `${names.path} already exists`, 'git.worktree-path-exists', { path: names.path });
  const base = await worktreeBase(git, loc);
  const branchExists = (await git.run(base.dir, ['rev-parse', '--verify', '--quiet', `refs/heads/${names.branch}`])).code === 0;
  if (branchExists && !opts.reuseExistingBranch) {
    throw new WorkflowError('git', `branch ${names.branch} already exists; confirm to reuse it`, 'git.branch-exists', { branch: names.branch });
  }
  const args = branchExists
    ? ['worktree', 'add', names.path, names.branch]
    : ['worktree', 'add', names.path, '-b', names.branch, base.commit];
  await gitOk(git, base.dir, args, 'git.worktree-add-failed');
  await gitOk(git, names.path, ['sparse-checkout', 'init', '--no-cone'], 'git.sparse-checkout-failed');
  await gitOk(git, names.path, ['sparse-checkout', 'set', '--no-cone', ...SPARSE_PATTERNS], 'git.sparse-checkout-failed');
  return { ...names, base, reusedBranch: branchExists, sparsePatterns: SPARSE_PATTERNS };
}

export interface WorktreeRecordInput {
  summary: string;
  rolePlan?: string;
  /** implementation_report body; default lists path, branch and base. */
  report?: string;
  author?: string;
}

/** What yoi's Orchestrator records after creating a worktree: an `accepted_plan` plan record and an
 * `implementation_report` event (both Orchestrator writes: the orchestration copy when it exists). */
export async function recordWorktreeCreated(workflow: TicketWorkflow, ticketId: string, wt: CreatedWorktree, input: WorktreeRecordInput): Promise<{ plan: WorkflowResult; report: WorkflowResult }> {
  const plan = await workflow.recordPlan(ticketId, {
    kind: 'accepted_plan',
    acceptedPlan: { summary: input.summary, branch: wt.branch, worktree: wt.path, rolePlan: input.rolePlan },
    author: input.author,
  });
  const body = input.report ?? [
    'Implementation worktree created:',
    '',
    `- worktree: \`${wt.path}\``,
    `- branch: \`${wt.branch}\`${wt.reusedBranch ? ' (existing branch reused)' : ''}`,
    `- base: \`${wt.base.commit}\` (${wt.base.from} HEAD)`,
    '- sparse checkout excludes local/secret `.yoi` state (§8.1); nothing was pushed.',
    '',
  ].join('\n');
  const report = await workflow.recordEvent(ticketId, 'implementation_report', { body, author: input.author });
  return { plan, report };
}

export interface WorktreeInfo {
  path: string;
  head?: string;
  /** Short branch name (without refs/heads/). */
  branch?: string;
  detached: boolean;
  bare: boolean;
  locked: boolean;
  prunable: boolean;
  role: 'main' | 'orchestration' | 'implementation' | 'other';
  ticketId?: string;
  /** undefined when the worktree folder is missing (prunable) or bare. */
  dirty?: boolean;
}

export interface RepositoryWorktrees {
  commonDir: string;
  worktrees: WorktreeInfo[];
}

/** Parses `git worktree list --porcelain`. */
export function parseWorktreeList(text: string): Array<Omit<WorktreeInfo, 'role' | 'ticketId' | 'dirty'>> {
  const out: Array<Omit<WorktreeInfo, 'role' | 'ticketId' | 'dirty'>> = [];
  for (const block of text.split(/\n\n+/)) {
    const lines = block.split('\n').filter(Boolean);
    if (!lines.length || !lines[0].startsWith('worktree ')) continue;
    const w: Omit<WorktreeInfo, 'role' | 'ticketId' | 'dirty'> = { path: lines[0].slice(9), detached: false, bare: false, locked: false, prunable: false };
    for (const l of lines.slice(1)) {
      if (l.startsWith('HEAD ')) w.head = l.slice(5);
      else if (l.startsWith('branch ')) w.branch = l.slice(7).replace(/^refs\/heads\//, '');
      else if (l === 'detached') w.detached = true;
      else if (l === 'bare') w.bare = true;
      else if (l === 'locked' || l.startsWith('locked ')) w.locked = true;
      else if (l === 'prunable' || l.startsWith('prunable ')) w.prunable = true;
    }
    out.push(w);
  }
  return out;
}

/** Worktrees of the repositories behind the given workspace folders, each repository (git common dir) once. */
export async function listWorktrees(git: GitPort, locations: readonly WorkspaceLocation[]): Promise<RepositoryWorktrees[]> {
  const seen = new Map<string, RepositoryWorktrees>();
  for (const loc of locations) {
    const cd = await git.run(loc.workspaceRoot, ['rev-parse', '--git-common-dir']);
    if (cd.code !== 0) continue;
    const raw = cd.stdout.trim();
    const commonDir = real(isAbsolute(raw) ? raw : resolve(loc.workspaceRoot, raw));
    if (seen.has(commonDir)) continue;
    const list = parseWorktreeList(await gitOk(git, loc.workspaceRoot, ['worktree', 'list', '--porcelain']));
    const orch = real(loc.orchestration.worktreePath);
    const worktrees: WorktreeInfo[] = [];
    for (const [i, w] of list.entries()) {
      const ticketId = ticketIdOfWorktree(w.branch, w.path);
      const role: WorktreeInfo['role'] = i === 0 ? 'main' : real(w.path) === orch ? 'orchestration' : ticketId ? 'implementation' : 'other';
      const info: WorktreeInfo = { ...w, role };
      if (ticketId && role === 'implementation') info.ticketId = ticketId;
      if (!w.bare && existsSync(w.path)) {
        const st = await git.run(w.path, ['status', '--porcelain']);
        if (st.code === 0) info.dirty = st.stdout.trim() !== '';
      }
      worktrees.push(info);
    }
    seen.set(commonDir, { commonDir, worktrees });
  }
  return [...seen.values()];
}

/** `git worktree remove`; refuses a dirty worktree unless `force`, and never removes the main or orchestration worktree. */
export async function removeWorktree(git: GitPort, loc: WorkspaceLocation, path: string, opts: { force?: boolean } = {}): Promise<void> {
  const [repo] = await listWorktrees(git, [loc]);
  const target = repo?.worktrees.find((w) => real(w.path) === real(path));
  if (!target) throw new WorkflowError('not-found', `${path} is not a worktree of this repository`, 'git.worktree-not-found', { path });
  if (target.role === 'main' || target.role === 'orchestration') {
    throw new WorkflowError('guard', `refusing to remove the ${target.role} worktree`, 'git.worktree-protected', { path, role: target.role });
  }
  if (target.dirty && !opts.force) {
    throw new WorkflowError('guard', `${path} has uncommitted changes; remove it with force to discard them`, 'git.worktree-dirty', { path });
  }
  await gitOk(git, loc.workspaceRoot, ['worktree', 'remove', ...(opts.force ? ['--force'] : []), target.path], 'git.worktree-remove-failed');
}
