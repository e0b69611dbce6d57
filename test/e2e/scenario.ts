import type { Page } from 'playwright-core';
import { cpSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CodeServer } from '../harness/codeServer';
import { repoRoot } from '../harness/codeServer';

export interface E2EContext { workspace: string; server: CodeServer }
export interface E2EScenario {
  name: string;
  workspace(): { path: string; cleanup(): void } | undefined;
  settings?: Record<string, unknown>;
  colorScheme?: 'light' | 'dark';
  run(page: Page, ctx: E2EContext): Promise<void>;
}

export const sharedDir = process.env.YOI_SHARED_DIR ?? resolve(repoRoot, '..', 'shared');
export const corpusDir = join(sharedDir, 'corpus', 'yoi-a8c27f57');

export function copyOf(src: string, prefix = 'yoi-e2e-'): { path: string; cleanup(): void } | undefined {
  if (!existsSync(src)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(src, dir, { recursive: true });
  return { path: dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
export const sampleWorkspace = () => copyOf(join(repoRoot, 'sample'));
export const corpusWorkspace = () => copyOf(corpusDir);
