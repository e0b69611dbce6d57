// End-to-end UI tests: the packaged .vsix installed into a real code-server (without the
// smoke-test driver, so toasts and dialogs behave as for a user), driven by Playwright in
// Debian's Chromium. Each scenario is a module in ./scenarios exporting `scenarios`.
import { chromium } from 'playwright-core';
import { existsSync, readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startCodeServer, chromiumArgs, repoRoot } from '../harness/codeServer';
import { resultsDir, screenshot, waitForWorkbench } from './workbench';
import type { E2EScenario } from './scenario';

async function main(): Promise<void> {
  const vsix = process.env.YOI_VSIX ?? join(repoRoot, 'yoi-vscode.vsix');
  if (!existsSync(vsix)) throw new Error(`${vsix} missing: run npm run package first`);
  const only = process.argv.slice(2);
  const dir = join(__dirname, 'scenarios');
  const all: E2EScenario[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) {
    const mod = require(join(dir, f)) as { scenarios: E2EScenario[] };
    all.push(...mod.scenarios);
  }
  const selected = all.filter((s) => !only.length || only.some((o) => s.name.includes(o)));
  mkdirSync(resultsDir, { recursive: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
  let passed = 0, failed = 0;
  try {
    for (const s of selected) {
      const ws = s.workspace();
      if (!ws) { console.log(`- ${s.name} (skipped: ${process.env.CI ? 'missing' : 'workspace not available'})`); if (process.env.CI) failed++; continue; }
      const server = await startCodeServer({ workspace: ws.path, vsix, settings: s.settings });
      const page = await browser.newPage({ viewport: { width: 1400, height: 850 }, colorScheme: s.colorScheme ?? 'dark' });
      const t0 = Date.now();
      try {
        await page.goto(server.workspaceUrl());
        await waitForWorkbench(page);
        await s.run(page, { workspace: ws.path, server });
        passed++;
        console.log(`✔ ${s.name} (${Date.now() - t0} ms)`);
      } catch (e) {
        failed++;
        console.log(`✖ ${s.name}: ${(e as Error).stack ?? e}`);
        await screenshot(page, `FAILED-${s.name.replace(/[^\w-]+/g, '_')}`).catch(() => undefined);
      } finally {
        await page.close().catch(() => undefined);
        await server.stop();
        ws.cleanup();
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`\ne2e: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(1); });

