// Editor features as a user sees them on the corpus: CodeLenses in a thread.md (opened with
// Ctrl+P), "Show IntentPacket" opening the Ticket view, and the doctor in the Problems panel.
import type { Page } from 'playwright-core';
import type { E2EScenario } from '../scenario';
import { corpusWorkspace } from '../scenario';
import { activeWebview, openYoiContainer, runCommand, screenshot, treeRow } from '../workbench';

/** Ctrl+P with an absolute path (the corpus' `.yoi/.gitignore` has a `tickets` line, so file
 * search does not index ticket files — the spec's §1.1 trap — but quick open resolves paths). */
async function quickOpen(page: Page, path: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(path);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: path.split('/').pop()! }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
}

export const scenarios: E2EScenario[] = [
  {
    name: 'editor-codelens-corpus',
    workspace: corpusWorkspace,
    async run(page, ctx) {
      // The store is loaded once the Tickets view shows its groups.
      await openYoiContainer(page);
      await treeRow(page, /^\s*Closed\s*343\s*$/).first().waitFor({ timeout: 60_000 });

      await quickOpen(page, `${ctx.workspace}/.yoi/tickets/00001KXNYXNM6/thread.md`);
      await page.locator('.tabs-container .tab', { hasText: 'thread.md' }).first().waitFor({ timeout: 15_000 });
      const lenses = page.locator('.monaco-editor .codelens-decoration');
      await lenses.filter({ hasText: 'Open Ticket View' }).first().waitFor({ timeout: 30_000 });
      await lenses.filter({ hasText: /^Closed · / }).first().waitFor();
      await lenses.filter({ hasText: /State changed · workspace-panel/ }).first().waitFor();
      await screenshot(page, 'editor-codelens-thread');

      // Scroll to the IntentPacket decision and open it in the Ticket view.
      const show = page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Show IntentPacket' }).first();
      for (let i = 0; i < 40 && !(await show.isVisible().catch(() => false)); i++) await page.mouse.wheel(0, 600);
      await show.waitFor({ timeout: 15_000 });
      await screenshot(page, 'editor-codelens-intentpacket');
      await show.click();
      await page.locator('.tabs-container .tab', { hasText: '00001KXNYXNM6' }).first().waitFor({ timeout: 30_000 });
      await activeWebview(page).locator('body').first().waitFor({ timeout: 30_000 });
      await screenshot(page, 'editor-show-intentpacket');

      // The doctor in Problems: the open ticket without artifacts/ (closed tickets hidden by default).
      await runCommand(page, 'View: Focus Problems');
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'artifacts/ folder is missing' }).first().waitFor({ timeout: 30_000 });
      await screenshot(page, 'editor-problems');
    },
  },
];
