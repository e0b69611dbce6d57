// Helpers for driving the real VS Code workbench (code-server) with Playwright.
import type { Page, FrameLocator, Locator } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../harness/codeServer';

export const resultsDir = join(repoRoot, 'test-results');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

export async function waitForWorkbench(page: Page): Promise<void> {
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.waitForSelector('.activitybar', { timeout: 60_000 });
}

/** Runs a command from the command palette by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** Opens the yoi activity-bar container. */
export async function openYoiContainer(page: Page): Promise<void> {
  const item = page.locator('.activitybar .action-item a[aria-label^="yoi"], .activitybar .action-item [aria-label^="yoi"]').first();
  await item.waitFor({ timeout: 30_000 });
  const sidebarTitle = page.locator('.part.sidebar .composite.title h2', { hasText: /yoi/i });
  if (!(await sidebarTitle.isVisible().catch(() => false))) await item.click();
  await sidebarTitle.waitFor({ timeout: 30_000 });
}

export function treeRow(page: Page, text: string | RegExp): Locator {
  return page.locator('.part.sidebar .monaco-list-row', { hasText: text });
}

/** The content frame of the active webview panel. */
export function activeWebview(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
}
