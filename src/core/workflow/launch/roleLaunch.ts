// Ticket role launch command model (§8.2, path 2): `yoi worker --workspace <root> --worker <name>
// --profile <role profile> --ticket-role <role>`, from a configurable argv template. Ticket text
// (IntentPacket, instructions) goes into a prompt *file*; it is never interpolated into the argv
// or a shell string. The VS Code adapter runs argv[0] with argv[1..] in a terminal.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { homedir } from 'node:os';
import { isId } from '../../ids';
import { TicketRole } from '../../workspace/config';
import { WorkspaceLocation } from '../../workspace/discover';
import { WorkflowError } from '../errors';
import { writeFileAtomic } from '../durableFs';

export const DEFAULT_LAUNCH_TEMPLATE: readonly string[] = [
  'yoi', 'worker', '--workspace', '${workspaceRoot}', '--worker', '${workerName}', '--profile', '${profile}', '--ticket-role', '${role}',
];
export const DEFAULT_ROLE_PROFILE: Record<TicketRole, string> = {
  intake: 'builtin:intake', orchestrator: 'builtin:orchestrator', coder: 'builtin:coder', reviewer: 'builtin:reviewer',
};
/** yoi caps each prompt value at 8000 characters. */
export const PROMPT_VALUE_MAX = 8000;

export interface RoleLaunchInput {
  ticketId: string;
  role?: TicketRole;
  /** Default `yoi-coder-<ID>` for coders, else `ticket-<role>-<lowercased id>` (yoi's default). */
  workerName?: string;
  /** Process cwd (the implementation worktree for coders); default the workspace root. */
  cwd?: string;
  actionInstruction?: string;
  intentPacket?: string;
  worktree?: { path: string; branch: string };
  validation?: readonly string[];
  report?: readonly string[];
  /** argv template; `${workspaceRoot}`, `${workerName}`, `${profile}`, `${role}`, `${ticketId}`, `${cwd}`, `${promptFile}`. */
  template?: readonly string[];
  /** Folder for the prompt file (e.g. the extension's storage). */
  promptDir: string;
  /** Clock for the prompt file name. */
  now?: Date;
}

export interface RoleLaunchCommand {
  argv: string[];
  cwd: string;
  workerName: string;
  profile: string;
  role: TicketRole;
  promptFile: string;
  prompt: string;
}

const cap = (s: string) => {
  const t = s.trim();
  return t.length > PROMPT_VALUE_MAX ? t.slice(0, PROMPT_VALUE_MAX) : t;
};

/** yoi's line-based ticket-role prompt. */
export function buildRolePrompt(loc: WorkspaceLocation, role: TicketRole, input: Omit<RoleLaunchInput, 'promptDir' | 'template'>): string {
  const out: string[] = ['Target Ticket:', `- id: ${input.ticketId}`];
  const block = (label: string, text: string | undefined) => {
    if (text && text.trim()) out.push('', `${label}:`, cap(text));
  };
  const bullets = (label: string, items: readonly string[] | undefined) => {
    const list = (items ?? []).map(cap).filter(Boolean);
    if (list.length) out.push('', `${label}:`, ...list.map((i) => `- ${i}`));
  };
  block('Action instruction', input.actionInstruction);
  block('Intent packet', input.intentPacket);
  if (role === 'orchestrator') {
    out.push('', 'Orchestrator operation targets:', `- implementation_worktree_root: ${join(loc.workspaceRoot, loc.orchestration.worktreeDir)}`);
  }
  if (input.worktree) out.push('', 'Worktree target:', `- path: ${cap(input.worktree.path)}`, `- branch: ${cap(input.worktree.branch)}`);
  bullets('Validation expectations', input.validation);
  bullets('Report expectations', input.report);
  return out.join('\n') + '\n';
}

const PLACEHOLDER = /\$\{([A-Za-z]+)\}/g;

/** Builds argv + cwd and writes the prompt file (mode 0600). */
export function planRoleLaunch(loc: WorkspaceLocation, input: RoleLaunchInput): RoleLaunchCommand {
  if (!isId(input.ticketId)) throw new WorkflowError('invalid-input', `\`${input.ticketId}\` is not a valid ticket ID`, 'input.invalid-id', { id: input.ticketId });
  const role = input.role ?? 'coder';
  const profile = loc.config.roles[role]?.profile ?? DEFAULT_ROLE_PROFILE[role];
  if (profile === 'inherit') throw new WorkflowError('invalid-input', `the ${role} role has profile \`inherit\`, which cannot be launched; set [ticket.roles.${role}] profile`, 'launch.inherit-profile', { role });
  const workerName = input.workerName ?? (role === 'coder' ? `yoi-coder-${input.ticketId}` : `ticket-${role}-${input.ticketId.toLowerCase()}`);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(workerName)) throw new WorkflowError('invalid-input', `invalid worker name \`${workerName}\``, 'launch.worker-name', { workerName });
  const cwd = input.cwd ?? loc.workspaceRoot;
  const prompt = buildRolePrompt(loc, role, input);
  mkdirSync(input.promptDir, { recursive: true, mode: 0o700 });
  const stamp = (input.now ?? new Date()).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const promptFile = join(input.promptDir, `${workerName}-${stamp}.prompt.md`);
  // Ticket text may be private: only the user can read the prompt file.
  writeFileAtomic(promptFile, prompt, 0o600);
  const values: Record<string, string> = { workspaceRoot: loc.workspaceRoot, workerName, profile, role, ticketId: input.ticketId, cwd, promptFile };
  const argv = (input.template ?? DEFAULT_LAUNCH_TEMPLATE).map((arg) => arg.replace(PLACEHOLDER, (_, name: string) => {
    if (!(name in values)) throw new WorkflowError('invalid-input', `unknown placeholder \${${name}} in the launch template`, 'launch.placeholder', { name });
    return values[name];
  }));
  if (!argv.length || !argv[0]) throw new WorkflowError('invalid-input', 'the launch template is empty', 'launch.empty-template');
  return { argv, cwd, workerName, profile, role, promptFile, prompt };
}

/** yoi's runtime dir: `$YOI_RUNTIME_DIR` | `$YOI_HOME/run` | `$XDG_RUNTIME_DIR/yoi` | `~/.yoi/run`. */
export function yoiRuntimeDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.YOI_RUNTIME_DIR) return env.YOI_RUNTIME_DIR;
  if (env.YOI_HOME) return join(env.YOI_HOME, 'run');
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'yoi');
  return join(homedir(), '.yoi', 'run');
}

/** The worker's control socket, where the prompt is delivered after the `YOI-READY` handshake. */
export function workerSocketPath(workerName: string, env?: NodeJS.ProcessEnv): string {
  return join(yoiRuntimeDir(env), workerName, 'sock');
}

/** The JSON line that hands the prompt to a started worker (`run` method). */
export function runRequestLine(prompt: string): string {
  return JSON.stringify({ method: 'run', params: { input: [{ kind: 'text', content: `\n\n${prompt}` }] } }) + '\n';
}

/** The JSON line that tells a live worker something (`notify`; yoi's `auto_run` defaults to true). */
export function notifyRequestLine(message: string): string {
  return JSON.stringify({ method: 'notify', params: { message } }) + '\n';
}

/** What the yoi panel tells the Orchestrator Worker after it queued a ticket (spec §4.4 step 5):
 * the human authorized routing, and the acceptance rules the Orchestrator must keep. */
export function queuedNotifyMessage(ticketId: string): string {
  return [
    `The human maintainer queued Ticket ${ticketId} and authorized routing it.`,
    'Re-read the Ticket, its relations, plan records and the workspace/worktree state before acting.',
    'Record the routing decision with an IntentPacket in the thread, then move it queued → inprogress before any worktree, branch or Worker side effect.',
    'If it is blocked or under-specified, leave it queued with the reason, or return it to planning with what is missing; do not silently re-queue after a failure.',
  ].join('\n');
}
