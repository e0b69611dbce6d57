// Ticket view in the real workbench: a corpus ticket in a light and a dark theme (screenshots,
// IntentPacket cards and state changes present, keyboard toggles work), and the hostile fixture
// ticket (payloads visible as text, none ran, and the CSP is enforced and reported to the host).
import type { Frame, Page } from 'playwright-core';
import { join } from 'node:path';
import { repoRoot } from '../../harness/codeServer';
import type { E2EScenario } from '../scenario';
import { copyOf, corpusWorkspace } from '../scenario';
import { runCommand, screenshot } from '../workbench';

// Functions passed to frame.evaluate run in the webview page; the test tsconfig has no DOM lib.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;

const CANONICAL = '00001KXNYXNM6';
const CANONICAL_TITLE = 'Extract stagingのsource anchor形式を実装する';
const HOSTILE = '00001M7W2Y7M0';

async function openTicket(page: Page, id: string): Promise<void> {
  // The status bar item appears once the extension is active (its commands are registered).
  await page.locator('.statusbar-item', { hasText: /ready · \d+ queued/ }).first().waitFor({ timeout: 60_000 });
  for (let attempt = 1; ; attempt++) {
    try {
      await runCommand(page, 'yoi: Go to Ticket…');
      break;
    } catch (e) {
      // A palette opened while contributions were still loading lists "No matching commands".
      await page.keyboard.press('Escape');
      if (attempt === 3) throw e;
    }
  }
  const input = page.locator('.quick-input-widget input');
  await input.fill(id);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: id }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab', { hasText: id }).first().waitFor({ timeout: 30_000 });
}

/** The ticket view's content frame, once the page has rendered a snapshot (never a blank page). */
async function ticketFrame(page: Page, id: string): Promise<Frame> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    for (const f of page.frames()) {
      const ok = await f.evaluate((want) => document.querySelector('#root .ticket-header .id code')?.textContent === want, id).catch(() => false);
      if (ok) return f;
    }
    if (Date.now() > deadline) throw new Error(`ticket view for ${id} did not render`);
    await page.waitForTimeout(250);
  }
}

async function expectCorpusTicket(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await openTicket(page, CANONICAL);
  const f = await ticketFrame(page, CANONICAL);
  const themeClass = await f.evaluate(() => document.body.className);
  if (!themeClass.includes(`vscode-${theme}`)) throw new Error(`expected a ${theme} theme, body class is "${themeClass}"`);
  const title = await f.locator('h1.title').textContent();
  if (title !== CANONICAL_TITLE) throw new Error(`title is ${JSON.stringify(title)}`);
  // IntentPacket card: current, routing badge, the canonical fields.
  const card = f.locator('#sec-intent .packet.current');
  await card.waitFor();
  for (const field of ['intent', 'bindingDecisions', 'requirements', 'implementationLatitude', 'escalateIf', 'validation', 'reviewerFocus']) {
    if ((await card.locator(`.packet-field.field-${field}`).count()) !== 1) throw new Error(`packet field ${field} missing`);
  }
  if (!(await card.locator('.routing-implementation_ready').isVisible())) throw new Error('routing badge missing');
  // State-change entries with from → to.
  const changes = f.locator('.event.kind-state_changed');
  const n = await changes.count();
  if (n < 4) throw new Error(`expected the lifecycle's state changes, found ${n}`);
  const first = (await changes.first().locator('.transition').textContent())?.replace(/\s+/g, ' ').trim();
  if (first !== 'ready → queued queued') throw new Error(`first transition reads ${JSON.stringify(first)}`);
  // Relations both ways are listed with titles.
  await f.locator('#sec-relations .relation', { hasText: '00001KXMK846H' }).first().waitFor();
  await screenshot(page, `ticket-view-${theme}`);

  // Keyboard: focus the packet's "Show raw" toggle and press Enter; the raw Markdown appears.
  const raw = card.locator('button.raw-toggle');
  await raw.focus();
  await page.keyboard.press('Enter');
  await card.locator('pre.raw').waitFor({ state: 'visible' });
  if ((await raw.getAttribute('aria-pressed')) !== 'true') throw new Error('raw toggle not pressed');
  // A timeline filter keeps only decisions.
  await f.locator('.filter[data-kind="decision"]').click();
  if (await f.locator('.event.kind-state_changed').first().isVisible()) throw new Error('filter did not hide state changes');
  await f.locator('.event.kind-decision').first().waitFor({ state: 'visible' });
  await screenshot(page, `ticket-view-${theme}-filtered-raw`);
}

export const scenarios: E2EScenario[] = [
  {
    name: 'ticketView-corpus-dark',
    workspace: corpusWorkspace,
    colorScheme: 'dark',
    settings: { 'workbench.colorTheme': 'Default Dark Modern' },
    run: (page) => expectCorpusTicket(page, 'dark'),
  },
  {
    name: 'ticketView-corpus-light',
    workspace: corpusWorkspace,
    colorScheme: 'light',
    settings: { 'workbench.colorTheme': 'Default Light Modern' },
    run: (page) => expectCorpusTicket(page, 'light'),
  },
  {
    name: 'ticketView-hostile',
    workspace: () => copyOf(join(repoRoot, 'test', 'fixtures', 'hostile')),
    async run(page) {
      await openTicket(page, HOSTILE);
      const f = await ticketFrame(page, HOSTILE);
      // The markup is visible literally, as text.
      const title = await f.locator('h1.title').textContent();
      if (!title?.startsWith('<script>window.__pwned="title"</script><img src=x onerror=')) throw new Error(`title rendered as ${JSON.stringify(title)}`);
      const body = await f.locator('#sec-body .body-md').innerText();
      for (const literal of ["<script>document.body.dataset.pwned = 'body-script'</script>", "<img src=x onerror=\"document.body.dataset.pwned='body-img'\">", '[js link](javascript:']) {
        if (!body.includes(literal)) throw new Error(`body does not show ${literal}`);
      }
      await f.locator('.event .by', { hasText: "mallory--><script>window.__pwned='marker'</script>" }).first().waitFor();
      await f.locator('#sec-intent .packet.current .field-intent', { hasText: '<img src=x onerror=' }).waitFor();
      await screenshot(page, 'ticket-view-hostile');
      // Nothing ran: every payload writes to one of these, and no foreign element exists.
      const ran = await f.evaluate(() => ({
        pwned: document.body.dataset.pwned ?? null,
        global: window.__pwned ?? null,
        // Only our nonce'd bundle and VS Code's own acquireVsCodeApi shim may be scripts.
        otherScripts: [...document.scripts]
          .filter((x: any) => !(x.src.endsWith('/dist/webview/ticketView.js') && x.nonce) && !x.textContent.includes('globalThis.acquireVsCodeApi'))
          .map((x: any) => x.src || x.textContent.slice(0, 80)),
        foreign: document.querySelectorAll('#root img, #root iframe, #root svg, #root style, #root script, #root [href], #root [src], #root [onerror]').length,
        title: document.title,
      }));
      if (ran.pwned !== null || ran.global !== null || ran.otherScripts.length || ran.foreign !== 0 || ran.title !== title) {
        throw new Error(`a payload ran or was inserted: ${JSON.stringify(ran)}`);
      }
      if (await f.locator('#csp-status').count()) throw new Error('the content itself tripped the CSP');
      // The CSP is in force and reports reach the host: an injected inline script is blocked and
      // the host acknowledges the page's `cspViolation` message.
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
      await screenshot(page, 'ticket-view-hostile-csp');
    },
  },
];
