// The workflow's settings (package.json `yoi.workflow.*`, `yoi.coder.*`), read fresh on each use.
import * as vscode from 'vscode';
import { defaultAuthor, DEFAULT_LAUNCH_TEMPLATE } from '../../core/workflow';

export type OpenWorktreeIn = 'none' | 'newWindow' | 'addToWorkspace';

export function workflowAuthor(): string {
  const v = vscode.workspace.getConfiguration('yoi.workflow').get<string>('author', '');
  return typeof v === 'string' && v.trim() ? v.trim() : defaultAuthor();
}

export function queueLikePanel(): boolean {
  return vscode.workspace.getConfiguration('yoi.workflow').get<boolean>('queueLikePanel', false) === true;
}

/** The Orchestrator Worker notified after a queue like the panel ('' = the one live orchestrator). */
export function orchestratorWorker(): string {
  const v = vscode.workspace.getConfiguration('yoi.workflow').get<string>('orchestratorWorker', '');
  return typeof v === 'string' ? v.trim() : '';
}

/** The coder launch argv template; the default (yoi's ticket-role launch) when unset or malformed. */
export function launchTemplate(): readonly string[] {
  const v = vscode.workspace.getConfiguration('yoi.coder').get<unknown>('launchCommand');
  return Array.isArray(v) && v.length > 0 && v.every((a) => typeof a === 'string') && v[0] ? (v as string[]) : DEFAULT_LAUNCH_TEMPLATE;
}

export function openWorktreeIn(): OpenWorktreeIn {
  const v = vscode.workspace.getConfiguration('yoi.coder').get<string>('openWorktreeIn', 'none');
  return v === 'newWindow' || v === 'addToWorkspace' ? v : 'none';
}
