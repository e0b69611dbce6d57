// Helpers for the mocha suites that run inside the extension host.
import * as vscode from 'vscode';

export const extensionId = 'yoi-vscode.yoi-vscode';

/** Polls until `check` is truthy (the extension host reports many changes asynchronously). */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (e) { last = e; }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The extension's exported test API (see src/extension.ts). */
export async function api<T = unknown>(): Promise<T> {
  const ext = vscode.extensions.getExtension(extensionId);
  if (!ext) throw new Error('extension not installed');
  return (await ext.activate()) as T;
}

export function workspaceDir(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error('no workspace folder');
  return f.uri.fsPath;
}
