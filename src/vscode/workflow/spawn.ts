// "Spawn coder worktree" on an accepted ticket: propose `<ID>-<slug>` (editable), confirm with the
// current IntentPacket and blockers, create the worktree (base = orchestration HEAD, else the
// workspace HEAD; sparse exclusions of §8.1; an existing branch only with confirmation; never
// push), record what the Orchestrator records (accepted_plan + implementation_report), then launch
// the coder pod in a terminal running argv directly (no shell), with the IntentPacket in a prompt
// file. When the launcher is not on PATH, the exact command is shown instead.
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  createImplementationWorktree, CreatedWorktree, isWorkflowError, planRoleLaunch, recordWorktreeCreated, RoleLaunchCommand,
  slugFromTitle, workerSocketPath, worktreeBase, worktreeNames, WorkflowError,
} from '../../core/workflow';
import { isValidSlug } from '../../core/workflow/worktree/naming';
import { readIntent } from './intentSummary';
import { deliverPromptWhenReady, displayCommand, findOnPath } from './launchSupport';
import { copyLabel, describeBlockers } from './messages';
import { launchTemplate, openWorktreeIn, workflowAuthor } from './settings';
import { CommandOutcome, WorkflowCommands } from './ticketActions';
import type { FolderStores } from '../tickets/workspaceStores';

export interface LaunchReport {
  argv: string[];
  cwd: string;
  /** The command as a person would type it (display only). */
  commandLine: string;
  promptFile: string;
  workerName: string;
  /** argv[0] was found on PATH and the terminal was started. */
  launched: boolean;
  terminalName?: string;
}

const REPORT_EXPECTATIONS = ['worktree path and branch', 'commit hash', 'changed files', 'summary of the change', 'validation run and results', 'open issues', 'ready for review (yes/no)'];

/** Bullet lines of the packet's validation section (the coder's validation expectations). */
function validationItems(markdown: string | undefined): string[] {
  if (!markdown) return [];
  return markdown.split('\n').map((l) => /^\s*[-*]\s+(.*)$/.exec(l)?.[1]?.trim() ?? '').filter(Boolean).slice(0, 20);
}

export async function spawnCoderWorktree(ctrl: WorkflowCommands, args: unknown[]): Promise<CommandOutcome> {
  const { env } = ctrl;
  return ctrl.single('spawn', args, {
    states: ['inprogress'],
    prepare: async ({ ref, opts, workflow, expect, target, title, blockers }) => {
      if (expect.state !== 'inprogress') throw new WorkflowError('guard', 'not in progress', 'guard.spawn-state', { state: expect.state ?? 'unknown' });
      const loc = workflow.location();
      // Name: `<ID>-<slug>`, slug from the title, editable.
      let slug = opts.slug;
      if (slug === undefined) {
        slug = await env.prompts.line({
          title: vscode.l10n.t('Spawn Coder Worktree: {0}', ref.id),
          prompt: vscode.l10n.t('Worktree name: {0}-<name> on branch work/{0}-<name> under {1}', ref.id, join(loc.workspaceRoot, loc.orchestration.worktreeDir)),
          value: slugFromTitle(title),
          validate: (v) => (isValidSlug(v.trim()) ? undefined : vscode.l10n.t('Use short kebab-case ASCII: lowercase letters, digits and single hyphens.')),
        });
        if (slug === undefined) return undefined;
        slug = slug.trim();
      }
      const names = worktreeNames(loc, ref.id, slug);
      if (existsSync(names.path)) throw new WorkflowError('git', `${names.path} already exists`, 'git.worktree-path-exists', { path: names.path });
      const base = await worktreeBase(env.git, loc);
      const intent = readIntent(ref.folder, ref.id, target.copy);
      const launch = opts.launch !== false;
      const template = launchTemplate();
      const detail = [
        `“${title}”`, '', intent.text, '',
        blockers.length ? vscode.l10n.t('Blockers: {0}', describeBlockers(blockers, 10)) : vscode.l10n.t('Blockers: none'),
        '',
        vscode.l10n.t('Worktree: {0}', names.path),
        vscode.l10n.t('Branch: {0} (base: {1} HEAD {2}; nothing is pushed)', names.branch, base.from === 'orchestration' ? vscode.l10n.t('orchestration') : vscode.l10n.t('workspace'), base.commit.slice(0, 10)),
        launch ? vscode.l10n.t('Coder pod: {0}', displayCommand(template)) : vscode.l10n.t('The coder pod is not launched.'),
        vscode.l10n.t('Records an accepted_plan and an implementation report in {0}.', copyLabel(target.copy)),
      ].join('\n');
      const ok = await env.prompts.confirm(vscode.l10n.t('Create the coder worktree for {0} and launch a coder?', ref.id), detail, vscode.l10n.t('Create Worktree'), opts.confirmed);
      if (!ok) return undefined;

      return async () => {
        let wt: CreatedWorktree;
        try {
          wt = await createImplementationWorktree(env.git, loc, ref.id, { slug, reuseExistingBranch: opts.reuseBranch === true });
        } catch (e) {
          if (!isWorkflowError(e) || e.reason !== 'git.branch-exists' || opts.reuseBranch === false) throw e;
          const reuse = vscode.l10n.t('Reuse Branch');
          const yes = opts.reuseBranch === true || (await env.prompts.confirm(
            vscode.l10n.t('Branch {0} already exists. Check it out in the new worktree?', names.branch),
            vscode.l10n.t('The worktree {0} will use the existing branch as it is (its commits are kept; nothing is reset).', names.path), reuse));
          if (!yes) throw e;
          wt = await createImplementationWorktree(env.git, loc, ref.id, { slug, reuseExistingBranch: true });
        }
        env.worktreesChanged();
        const workerName = `yoi-coder-${ref.id}`;
        const author = workflowAuthor();
        const records = await recordWorktreeCreated(workflow, ref.id, wt, {
          summary: `Coder worktree for ${ref.id} created from VS Code: branch ${wt.branch} at ${wt.path}.`,
          rolePlan: `coder: ${workerName} (profile ${loc.config.roles.coder?.profile ?? 'builtin:coder'}, role coder), cwd ${wt.path}`,
          author,
        });
        const details: Record<string, unknown> = { worktree: wt.path, branch: wt.branch, base: wt.base, reusedBranch: wt.reusedBranch, recordsCopy: records.plan.copy };
        let message = vscode.l10n.t('Created worktree {0} on branch {1} (base: {2}); recorded the accepted plan and an implementation report in {3}.', wt.name, wt.branch, wt.base.commit.slice(0, 10), copyLabel(records.plan.copy));
        let warning = false;
        if (launch) {
          const r = await launchCoder(env.storageDir, ref.folder, ref.id, wt, intent.raw, validationItems(intent.packet?.sections.find((s) => s.key === 'validation')?.markdown), template);
          details.launch = r;
          if (r.launched) message += ' ' + vscode.l10n.t('Coder {0} launched in the terminal “{1}”.', r.workerName, r.terminalName ?? '');
          else {
            warning = true;
            message += ' ' + vscode.l10n.t('{0} is not on PATH, so the coder was not launched: the exact command is shown in an editor.', r.argv[0]);
          }
        }
        await openWorktree(wt.path, opts.openIn ?? openWorktreeIn());
        return { results: [records.plan, records.report], message, warning, details };
      };
    },
  });
}

/** Writes the prompt file and starts the coder in a terminal (argv, no shell), or shows the command. */
export async function launchCoder(
  storageDir: string, folder: FolderStores, id: string, wt: { path: string; branch: string },
  intentPacket: string | undefined, validation: string[], template: readonly string[],
): Promise<LaunchReport> {
  const plan = planRoleLaunch(folder.location, {
    ticketId: id, role: 'coder', cwd: wt.path, worktree: wt, template, promptDir: join(storageDir, 'prompts'),
    actionInstruction: `Implement Ticket ${id} in the worktree below, following the intent packet. Work only in the worktree: do not touch Ticket records or the root workspace. Commit on branch ${wt.branch}; do not push. Report back when done.`,
    ...(intentPacket ? { intentPacket } : {}),
    validation, report: REPORT_EXPECTATIONS,
  });
  const report: LaunchReport = { argv: plan.argv, cwd: plan.cwd, commandLine: displayCommand(plan.argv), promptFile: plan.promptFile, workerName: plan.workerName, launched: false };
  const exe = findOnPath(plan.argv[0]);
  const usesPromptFile = template.some((a) => a.includes('${promptFile}'));
  if (!exe) {
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: notOnPathDoc(id, plan, usesPromptFile) });
    await vscode.window.showTextDocument(doc, { preview: false });
    return report;
  }
  const name = vscode.l10n.t('yoi coder {0}', id);
  const terminal = vscode.window.createTerminal({ name, cwd: plan.cwd, shellPath: exe, shellArgs: plan.argv.slice(1), iconPath: new vscode.ThemeIcon('git-branch') });
  terminal.show();
  report.launched = true;
  report.terminalName = name;
  if (!usesPromptFile) {
    // yoi's ticket-role launch: the prompt is the worker's first `run` request on its control socket.
    let closed = false;
    const sub = vscode.window.onDidCloseTerminal((t) => { if (t === terminal) closed = true; });
    void deliverPromptWhenReady(plan.workerName, plan.prompt, { isCancelled: () => closed }).then((d) => {
      sub.dispose();
      if (d.delivered) void vscode.window.showInformationMessage(vscode.l10n.t('The task prompt was sent to coder {0}.', plan.workerName));
      else if (d.reason !== 'cancelled') {
        void vscode.window.showWarningMessage(vscode.l10n.t('The task prompt could not be sent to coder {0} (no control socket at {1}). It is saved in {2}.', plan.workerName, d.socket, plan.promptFile));
      }
    });
  }
  return report;
}

function notOnPathDoc(id: string, plan: RoleLaunchCommand, usesPromptFile: boolean): string {
  const cd = displayCommand(['cd', plan.cwd]);
  return [
    `# ${vscode.l10n.t('Launch the coder for {0}', id)}`,
    '',
    vscode.l10n.t('`{0}` was not found on PATH, so the coder pod was not started. Run this in a terminal:', plan.argv[0]),
    '',
    '```sh',
    cd,
    plan.argv.length ? displayCommand(plan.argv) : '',
    '```',
    '',
    usesPromptFile
      ? vscode.l10n.t('The task prompt (the ticket\'s IntentPacket and the worktree target) is in {0}; the command above reads it.', plan.promptFile)
      : vscode.l10n.t('The task prompt (the ticket\'s IntentPacket and the worktree target) is in {0}. Once the worker is ready, yoi takes it as the first run request on the control socket {1}.', plan.promptFile, workerSocketPath(plan.workerName)),
    '',
    vscode.l10n.t('Change the command with the setting yoi.coder.launchCommand.'),
    '',
  ].join('\n');
}

async function openWorktree(path: string, how: 'none' | 'newWindow' | 'addToWorkspace'): Promise<void> {
  const uri = vscode.Uri.file(path);
  if (how === 'newWindow') await vscode.commands.executeCommand('vscode.openFolder', uri, { forceNewWindow: true });
  else if (how === 'addToWorkspace') vscode.workspace.updateWorkspaceFolders(vscode.workspace.workspaceFolders?.length ?? 0, 0, { uri });
}
