import type { E2EScenario } from '../scenario';
import { sampleWorkspace } from '../scenario';
import { openYoiContainer, screenshot, treeRow } from '../workbench';

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

