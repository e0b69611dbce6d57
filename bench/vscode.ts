// `npm run bench:vscode`: figures that need the real VS Code (code-server 1.139 + Chromium, the
// skeleton's harness), for the corpus and for 10,000 synthetic tickets. The extension host runs
// test/integration/suites/bench (YOI_ITEST_SCENARIO=bench), which prints a `YOI_BENCH {json}`
// line; the page side (Playwright) opens the yoi container and times the first tree rows.
// Prints one JSON object on stdout, a table on stderr.
//
//   node out/bench/vscode.js [--sizes 10000] [--no-corpus] [--out FILE]
import { chromium, Browser } from 'playwright-core';
import { format } from 'node:util';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { startCodeServer, chromiumArgs, repoRoot } from '../test/harness/codeServer';
import { ensureSyntheticStore } from './generate';

interface Target {
  label: string;
  workspace: string;
  cleanup(): void;
}

const log = (s: string) => process.stderr.write(s + '\n');

async function measure(browser: Browser, t: Target): Promise<Record<string, unknown>> {
  const suiteDir = join(repoRoot, 'out', 'test', 'integration', 'suites', 'bench');
  if (!existsSync(suiteDir) || !readdirSync(suiteDir).some((f) => f.endsWith('.test.js'))) throw new Error('compile first: out/test/integration/suites/bench is missing');
  log(`\n=== bench:vscode ${t.label} (${t.workspace})`);
  const server = await startCodeServer({
    workspace: t.workspace, smokeTestDriver: true,
    // The doctor's full-store run (timed by `npm run bench`) would share the host with every
    // figure here and again after each reload; these figures are about the index and the tree.
    settings: { 'yoi.doctor.enabled': false },
    env: { YOI_ITEST_SCENARIO: 'bench', YOI_ITEST_WORKSPACE: t.workspace, YOI_BENCH_LABEL: t.label },
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  let host: Record<string, unknown> | undefined;
  const out: Record<string, unknown> = {};
  try {
    const code = await new Promise<number>((resolveExit) => {
      const timer = setTimeout(() => { log(`TIMEOUT: ${t.label}`); resolveExit(124); }, Number(process.env.BENCH_TIMEOUT_MS ?? 420_000));
      void page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
        const line = format(...(Array.isArray(args) ? args : [args]));
        const m = /YOI_BENCH (\{.*\})/.exec(line);
        if (m) host = JSON.parse(m[1]);
        else if (/passed|failed|Error|timed out/.test(line)) log(`  ${line.trim()}`);
      });
      void page.exposeFunction('codeAutomationExit', (c: number) => { clearTimeout(timer); resolveExit(c); });
      const payload = [
        ['extensionDevelopmentPath', server.remote(repoRoot)],
        ['extensionTestsPath', server.remote(join(repoRoot, 'out', 'test', 'integration', 'index'))],
      ];
      void (async () => {
        await page.goto(server.workspaceUrl(`&payload=${encodeURIComponent(JSON.stringify(payload))}`));
        // Page side: open the yoi container as soon as it exists and time the first tree rows
        // (page clock: milliseconds since navigation started).
        const item = page.locator('.activitybar .action-item a[aria-label^="yoi"], .activitybar .action-item [aria-label^="yoi"]').first();
        await item.waitFor({ timeout: 120_000 });
        out.yoiContainerShownPageMs = Math.round(await page.evaluate(() => performance.now()));
        await item.click();
        await page.locator('.part.sidebar .monaco-list-row').first().waitFor({ timeout: 180_000 });
        out.firstTreeRowsPageMs = Math.round(await page.evaluate(() => performance.now()));
        // (a string: this runs in the page, and the project's tsconfig has no DOM types)
        out.workbenchDomReadyPageMs = Math.round(await page.evaluate<number>("(() => { const n = performance.getEntriesByType('navigation')[0]; return n ? n.domContentLoadedEventEnd : NaN; })()"));
      })().catch((e) => log(`  page: ${e instanceof Error ? e.message : String(e)}`));
    });
    if (code !== 0) log(`  extension-host suite exited with ${code}`);
  } finally {
    await page.close().catch(() => undefined);
    await server.stop();
  }
  if (!host) throw new Error(`${t.label}: the extension host reported no figures`);
  return { ...host, ...out };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let sizes = [10000];
  let corpus = true;
  let outFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--sizes') sizes = argv[++i].split(',').map(Number).filter((n) => n > 0);
    else if (argv[i] === '--no-corpus') corpus = false;
    else if (argv[i] === '--out') outFile = argv[++i];
    else throw new Error(`unknown option ${argv[i]}`);
  }
  const targets: Target[] = [];
  const shared = process.env.YOI_SHARED_DIR ?? resolve(repoRoot, '..', 'shared');
  const corpusSrc = join(shared, 'corpus', 'yoi-a8c27f57');
  if (corpus && existsSync(corpusSrc)) {
    const dir = mkdtempSync(join(tmpdir(), 'yoi-benchvsc-corpus-'));
    cpSync(corpusSrc, dir, { recursive: true });
    targets.push({ label: 'corpus', workspace: dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) });
  }
  for (const n of sizes) {
    // Used in place (a copy of 10,000 tickets would dominate the run); the suite edits one
    // item.md and restores it; the marker makes `npm run bench` regenerate after a crash.
    const s = ensureSyntheticStore(n, { log });
    const marker = join(s.workspace, '.bench-dirty');
    writeFileSync(marker, 'bench:vscode in progress\n');
    targets.push({ label: `synthetic-${n}`, workspace: s.workspace, cleanup: () => rmSync(marker, { force: true }) });
  }
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
  const results: Record<string, Record<string, unknown>> = {};
  try {
    for (const t of targets) {
      try {
        results[t.label] = await measure(browser, t);
        t.cleanup();
      } catch (e) {
        log(`  ${t.label}: ${e instanceof Error ? e.message : String(e)}`);
        results[t.label] = { error: e instanceof Error ? e.message : String(e) };
        if (t.label === 'corpus') t.cleanup();
      }
    }
  } finally {
    await browser.close();
  }
  const result = {
    schema: 'yoi-vscode/bench-vscode@1', date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memGB: Math.round(totalmem() / 2 ** 30), loadavg: loadavg().map((x) => Math.round(x * 100) / 100), node: process.version },
    workspaces: results,
  };
  const keys = ['tickets', 'activationMs', 'loadMs', 'rootChildrenMs', 'firstTreePaintHostMs', 'firstTreeRowsPageMs', 'changeToEventMs', 'changeToChildrenMs', 'warmReloadMs', 'coldReloadMs'];
  log('');
  for (const k of keys) log(`${k.padEnd(22)} ${Object.keys(results).map((l) => `${l}: ${results[l][k] ?? '—'}`).join('   ')}`);
  const json = JSON.stringify(result, null, 2);
  if (outFile) writeFileSync(outFile, json + '\n');
  process.stdout.write(json + '\n');
  process.exit(Object.values(results).some((r) => 'error' in r) ? 1 : 0);
}

main().catch((e) => {
  process.stderr.write(`bench:vscode failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(2);
});
