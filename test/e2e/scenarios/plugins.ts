// Plugin inspector in the real workbench with the packaged .vsix, on the sample workspace: the
// Plugins view shows both sample packages with their statuses; the inspector page of the valid
// and of the rejected package (screenshots), Copy WIT, a finding revealed in plugin.toml; then
// the crash path on the packaged runtime (the self-check drives wasm-tools into a panic) and an
// "Inspect WebAssembly" from the Explorer context menu that must still work afterwards.
import type { Frame, Page } from 'playwright-core';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../harness/codeServer';
import type { E2EScenario } from '../scenario';
import { sampleWorkspace } from '../scenario';
import { openYoiContainer, runCommand, screenshot, treeRow } from '../workbench';

// Functions passed to frame.evaluate run in the webview page; the test tsconfig has no DOM lib.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;

/** The inspector page's content frame once it has rendered a snapshot titled `title`. */
async function inspectorFrame(page: Page, title: string): Promise<Frame> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    for (const f of page.frames()) {
      const ok = await f.evaluate((want) => document.querySelector('#root h1.title')?.textContent === want, title).catch(() => false);
      if (ok) return f;
    }
    if (Date.now() > deadline) throw new Error(`inspector page "${title}" did not render`);
    await page.waitForTimeout(250);
  }
}

async function expectText(f: Frame, selector: string, pattern: RegExp): Promise<string> {
  const text = (await f.locator(selector).first().textContent({ timeout: 15_000 })) ?? '';
  if (!pattern.test(text)) throw new Error(`${selector} reads ${JSON.stringify(text)}, expected ${pattern}`);
  return text;
}

async function explorerRow(page: Page, name: string) {
  const row = page.locator('.explorer-folders-view .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).first();
  await row.waitFor({ timeout: 30_000 });
  return row;
}

export const scenarios: E2EScenario[] = [
  {
    name: 'plugins-sample',
    workspace: sampleWorkspace,
    async run(page) {
      await openYoiContainer(page);
      // The Plugins view: yoi's status and the runtime verdict, apart.
      const echo = treeRow(page, 'Active · .yoi/plugins/echo');
      const wordCount = treeRow(page, 'Rejected · runtime would reject · .yoi/plugins/word-count');
      await echo.first().waitFor({ timeout: 60_000 });
      await wordCount.first().waitFor({ timeout: 30_000 });
      await screenshot(page, 'plugins-view-sample');

      // The valid package's page.
      await echo.first().click();
      const valid = await inspectorFrame(page, 'Echo');
      await expectText(valid, '.chip.status-active', /yoi plugin check: Active/);
      if (await valid.locator('.chip.status-runtime-reject').count()) throw new Error('a valid package is labelled runtime-reject');
      await expectText(valid, '#sec-findings h2', /Findings \(0\)/);
      await expectText(valid, 'pre.wit', /export call: func\(tool-name: string, input-json: string\) -> string;/);
      await expectText(valid, '#sec-component .exports', /call/);
      await expectText(valid, '#sec-component .modules summary', /Core module #0 · [\d,]+ bytes · valid/);
      await expectText(valid, '#sec-package dl', /sha256:[0-9a-f]{64}/);
      await valid.locator('button[data-action="copyWit"]').click();
      await expectText(valid, '#notice', /WIT copied to the clipboard\./);
      await screenshot(page, 'plugin-inspector-valid');

      // The rejected package's page: yoi's rejection and the runtime's, each labelled.
      await wordCount.first().click();
      const rejected = await inspectorFrame(page, 'Word Count');
      await expectText(rejected, '.chip.status-rejected', /yoi plugin check: Rejected/);
      await expectText(rejected, '.chip.status-runtime-reject', /runtime would reject/);
      await expectText(rejected, '.runtime.reject', /`call` is \(string\)->string, expected \(string,string\)->string/);
      const findings = rejected.locator('.finding');
      if ((await findings.count()) !== 2) throw new Error(`expected 2 findings, found ${await findings.count()}`);
      await expectText(rejected, '.finding.origin-yoi .message', /requested tool permission for `count_words` is missing/);
      await expectText(rejected, '.finding.origin-runtime .origin', /runtime would reject/);
      await screenshot(page, 'plugin-inspector-rejected');
      // A finding's location opens plugin.toml at the key.
      await rejected.locator('.finding.origin-yoi a.where').click();
      await page.locator('.tabs-container .tab.active', { hasText: 'plugin.toml' }).first().waitFor({ timeout: 15_000 });
      await page.locator('.monaco-editor .view-line', { hasText: '[[tools]]' }).first().waitFor();

      // Crash path on the packaged .vsix: a deliberate wasm-tools panic in the bundled worker.
      await runCommand(page, 'yoi: Check the Plugin Inspector Runtime');
      await page.locator('.notifications-toasts .notification-toast', { hasText: 'Plugin inspector runtime OK' }).first().waitFor({ timeout: 60_000 });
      await screenshot(page, 'plugin-inspector-selfcheck');

      // …and the next inspection works: Inspect WebAssembly from the Explorer context menu.
      await page.keyboard.press('Control+Shift+E');
      for (const folder of ['.yoi', 'plugins', 'echo']) {
        const row = await explorerRow(page, folder);
        if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
      }
      await (await explorerRow(page, 'plugin.component.wasm')).click({ button: 'right' });
      const menuItem = page.locator('.monaco-menu .action-label', { hasText: 'Inspect WebAssembly' }).first();
      await menuItem.hover();
      await menuItem.click();
      // On a loaded machine the context menu sometimes swallows the first click: the item is
      // highlighted, so Enter runs it.
      if (await menuItem.isVisible().catch(() => false)) {
        await page.waitForTimeout(500);
        if (await menuItem.isVisible().catch(() => false)) await page.keyboard.press('Enter');
      }
      const wasm = await inspectorFrame(page, 'plugin.component.wasm');
      await expectText(wasm, '.chip.status-wasm', /WebAssembly file/);
      await expectText(wasm, 'pre.wit', /export call/);
      await expectText(wasm, '#sec-component dl', /component/);
      await screenshot(page, 'plugin-inspector-wasm');
    },
  },
  {
    // Manifest text is untrusted: markup in a plugin's name and descriptions shows as text, runs
    // nothing, and the page's CSP is enforced and reported to the host.
    name: 'plugins-hostile',
    workspace: () => {
      const dir = mkdtempSync(join(tmpdir(), 'yoi-e2e-plugins-hostile-'));
      const echo = join(repoRoot, 'sample', '.yoi', 'plugins', 'echo');
      const pkg = join(dir, '.yoi', 'plugins', 'evil');
      mkdirSync(pkg, { recursive: true });
      cpSync(join(echo, 'plugin.component.wasm'), join(pkg, 'plugin.component.wasm'));
      writeFileSync(join(pkg, 'plugin.toml'), readFileSync(join(echo, 'plugin.toml'), 'utf8')
        .replace('name = "Echo"', `name = "<img src=x onerror=\\"document.body.dataset.pwned='name'\\">Evil"`)
        .replace('description = "Answers every call with a fixed greeting."', `description = "<script>window.__pwned='description'</script>"`)
        .replace('description = "Returns a fixed greeting."', `description = "<a href='javascript:window.__pwned=1'>tool</a>"`));
      return { path: dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    },
    async run(page) {
      await openYoiContainer(page);
      const title = `<img src=x onerror="document.body.dataset.pwned='name'">Evil`;
      const row = treeRow(page, 'Active · .yoi/plugins/evil');
      await row.first().waitFor({ timeout: 60_000 });
      await row.first().click();
      const f = await inspectorFrame(page, title);
      await expectText(f, '#sec-package', /<script>window\.__pwned='description'<\/script>/);
      await expectText(f, '#sec-package', /<a href='javascript:window\.__pwned=1'>tool<\/a>/);
      await screenshot(page, 'plugin-inspector-hostile');
      const ran = await f.evaluate(() => ({
        pwned: document.body.dataset.pwned ?? null,
        global: window.__pwned ?? null,
        otherScripts: [...document.scripts]
          .filter((x: any) => !(x.src.endsWith('/dist/webview/pluginInspector.js') && x.nonce) && !x.textContent.includes('globalThis.acquireVsCodeApi'))
          .map((x: any) => x.src || x.textContent.slice(0, 80)),
        foreign: document.querySelectorAll('#root img, #root iframe, #root script, #root style, #root [href], #root [src], #root [onerror]').length,
      }));
      if (ran.pwned !== null || ran.global !== null || ran.otherScripts.length || ran.foreign !== 0) throw new Error(`a payload ran or was inserted: ${JSON.stringify(ran)}`);
      if (await f.locator('#csp-status').count()) throw new Error('the content itself tripped the CSP');
      // The CSP is in force and reports reach the host.
      await f.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = "document.body.dataset.pwned = 'injected'";
        document.body.appendChild(s);
      });
      const status = f.locator('#csp-status');
      await status.waitFor({ timeout: 15_000 });
      const count = Number(await status.getAttribute('data-count'));
      const pwned = await f.evaluate(() => document.body.dataset.pwned ?? null);
      if (!(count >= 1) || pwned !== null) throw new Error(`CSP report count ${count}, injected script ran: ${pwned}`);
    },
  },
];
