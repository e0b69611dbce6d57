import type { E2EScenario } from '../scenario';
import { sampleWorkspace, corpusWorkspace } from '../scenario';
import { openYoiContainer, runCommand, screenshot, treeRow } from '../workbench';

export const scenarios: E2EScenario[] = [
  {
    name: 'tickets-tree-sample',
    workspace: sampleWorkspace,
    async run(page) {
      await openYoiContainer(page);
      for (const [label, count] of [['Planning', '1'], ['Ready', '2'], ['Queued', '1'], ['In progress', '1'], ['Done', '1'], ['Closed', '1']]) {
        const row = treeRow(page, new RegExp(`^\\s*${label}\\s*${count}\\s*$`));
        await row.first().waitFor({ timeout: 30_000 });
      }
      await treeRow(page, 'Export tickets as CSV').first().waitFor();
      await page.locator('.statusbar-item', { hasText: '2 ready · 1 queued' }).first().waitFor();
      await screenshot(page, 'tickets-tree-sample');
    },
  },
];


scenarios.push({
  name: 'tickets-tree-corpus',
  workspace: corpusWorkspace,
  async run(page) {
    await openYoiContainer(page);
    for (const [label, count] of [['Planning', '8'], ['Ready', '1'], ['Closed', '343']]) {
      await treeRow(page, new RegExp(`^\\s*${label}\\s*${count}\\s*$`)).first().waitFor({ timeout: 30_000 });
    }
    await screenshot(page, 'tickets-tree-corpus');

    // Filter from the command palette: words narrow the groups, "of" counts appear.
    await runCommand(page, 'yoi: Filter Tickets…');
    const input = page.locator('.quick-input-widget input');
    await input.fill('wasm plugin');
    await page.keyboard.press('Enter');
    await treeRow(page, /^\s*Closed\s*\d+ of 343\s*$/).first().waitFor({ timeout: 15_000 });
    await page.locator('.part.sidebar .pane-body', { hasText: 'Filtered by' }).first().waitFor();
    await screenshot(page, 'tickets-tree-corpus-filtered');
    // The visible "clear filter" action in the view title.
    // With several views in the container, a view's title actions show when its header is hovered.
    await page.locator('.part.sidebar .pane-header', { hasText: 'Tickets' }).first().hover();
    await page.locator('.part.sidebar .actions-container a[aria-label="Clear Ticket Filter"]').first().click();
    await treeRow(page, /^\s*Closed\s*343\s*$/).first().waitFor({ timeout: 15_000 });

    // Go to Ticket… opens the ticket.
    await runCommand(page, 'yoi: Go to Ticket…');
    await input.fill('00001KXMK846H');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: '00001KXMK846H' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab', { hasText: /item\.md|00001KXMK846H|Ticket/ }).first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'tickets-go-to-ticket');
  },
});
