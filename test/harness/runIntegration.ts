// Runs the mocha suites inside a real VS Code extension host (code-server), once per scenario
// workspace. Results come back through the workbench's smoke-test hooks (codeAutomationLog /
// codeAutomationExit). Prints every suite's output and a final "N passed, N failed" line.
import { chromium, Browser } from 'playwright-core';
import { format } from 'node:util';
import { appendFileSync, mkdirSync } from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync, cpSync, existsSync, readdirSync, readFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startCodeServer, chromiumArgs, repoRoot } from './codeServer';

const sharedDir = process.env.YOI_SHARED_DIR ?? resolve(repoRoot, '..', 'shared');
const corpus = join(sharedDir, 'corpus', 'yoi-a8c27f57');

const NOISE = /^(Resolving connection|Resolved connection|Creating a socket|\[|getaddrinfo ENOTFOUND|Updating additional|Unable to read file|\s+at |Extension host .*exited|Timed out waiting for authentication)/;

interface Scenario {
  /** Folder name under out/test/integration/suites. */
  name: string;
  /** Prepares the workspace to open; returns its path and a cleanup. */
  workspace(): { path: string; cleanup(): void } | undefined;
  trust?: boolean;
  settings?: Record<string, unknown>;
}

function copyOf(src: string, prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(src, dir, { recursive: true });
  return { path: dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const scenarios: Scenario[] = [
  { name: 'sample', workspace: () => copyOf(join(repoRoot, 'sample'), 'yoi-it-sample-') },
  {
    name: 'corpus',
    workspace: () => {
      if (!existsSync(corpus)) {
        if (process.env.CI) throw new Error(`../shared corpus missing at ${corpus}`);
        console.log(`SKIP corpus scenario: ../shared corpus missing at ${corpus}`);
        return undefined;
      }
      return copyOf(corpus, 'yoi-it-corpus-');
    },
  },
  {
    name: 'multiroot',
    workspace: () => {
      const dir = mkdtempSync(join(tmpdir(), 'yoi-it-multi-'));
      cpSync(join(repoRoot, 'sample'), join(dir, 'alpha'), { recursive: true });
      cpSync(join(repoRoot, 'sample'), join(dir, 'beta'), { recursive: true });
      const file = join(dir, 'multi.code-workspace');
      writeFileSync(file, JSON.stringify({ folders: [{ path: 'alpha' }, { path: 'beta' }] }));
      return { path: file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    // The sample with an orchestration worktree copy that exists before VS Code opens, where the
    // orchestrator has accepted the queued ticket (state inprogress in its copy).
    name: 'orchestration',
    workspace: () => {
      const ws = copyOf(join(repoRoot, 'sample'), 'yoi-it-orch-');
      const orchYoi = join(ws.path, '.worktree', 'orchestration', '.yoi');
      cpSync(join(ws.path, '.yoi'), orchYoi, { recursive: true });
      const item = join(orchYoi, 'tickets', '00001M5276393', 'item.md');
      writeFileSync(item, readFileSync(item, 'utf8').replace("state: 'queued'", "state: 'inprogress'"));
      return ws;
    },
  },
  { name: 'untrusted', trust: true, workspace: () => copyOf(join(repoRoot, 'sample'), 'yoi-it-untrusted-') },
  {
    // Plugin packages only (no ticket store): the shared fixture packages and yoi's templates, a
    // broken package written here, and hostile .wasm files for the bounded-time checks.
    name: 'plugins',
    workspace: () => {
      const fixtures = join(sharedDir, 'fixtures');
      if (!existsSync(join(fixtures, 'plugins'))) {
        if (process.env.CI) throw new Error(`../shared plugin fixtures missing at ${fixtures}`);
        console.log(`SKIP plugins scenario: ../shared plugin fixtures missing at ${fixtures}`);
        return undefined;
      }
      const dir = mkdtempSync(join(tmpdir(), 'yoi-it-plugins-'));
      const copy = (src: string, dest: string) => {
        cpSync(src, dest, { recursive: true });
        // The shared fixtures are read-only; the copies must be writable (tests edit and delete them).
        for (const f of readdirSync(dest)) chmodSync(join(dest, f), 0o644);
      };
      copy(join(fixtures, 'plugins', 'tool-valid'), join(dir, '.yoi', 'plugins', 'tool-valid'));
      copy(join(fixtures, 'plugins', 'legacy-core'), join(dir, '.yoi', 'plugins', 'legacy-core'));
      copy(join(fixtures, 'plugins', 'instance-valid'), join(dir, 'packages', 'instance-valid'));
      for (const t of readdirSync(join(fixtures, 'yoi-templates'))) copy(join(fixtures, 'yoi-templates', t), join(dir, 'templates', t));
      copy(join(fixtures, 'plugins', 'tool-valid'), join(dir, 'broken'));
      const manifest = join(dir, 'broken', 'plugin.toml');
      writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('schema_version = 1', 'schema_version = 2').replace('id = "fixture.tool"', 'id = "fixture/broken"'));
      mkdirSync(join(dir, 'hostile'));
      const valid = readFileSync(join(fixtures, 'wasm', 'tool-valid.component.wasm'));
      writeFileSync(join(dir, 'hostile', 'truncated.wasm'), valid.subarray(0, Math.floor(valid.length / 2)));
      const corrupted = Buffer.from(valid);
      for (let i = 40; i < corrupted.length; i += 7) corrupted[i] ^= 0xa5;
      writeFileSync(join(dir, 'hostile', 'corrupted.wasm'), corrupted);
      writeFileSync(join(dir, 'hostile', 'oversized.wasm'), Buffer.concat([valid.subarray(0, 8), Buffer.alloc(9 * 1024 * 1024, 0x41)]));
      cpSync(join(fixtures, 'wasm', 'tool-valid.component.wasm'), join(dir, 'hostile', 'valid.component.wasm'));
      mkdirSync(join(dir, 'hostile', 'big-manifest'));
      writeFileSync(join(dir, 'hostile', 'big-manifest', 'plugin.toml'), `# ${'x'.repeat(1024 * 1024)}\nschema_version = 1\n`);
      return { path: dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
];

async function runScenario(browser: Browser, s: Scenario): Promise<{ passed: number; failed: number; code: number }> {
  const suiteDir = join(repoRoot, 'out', 'test', 'integration', 'suites', s.name);
  if (!existsSync(suiteDir) || !readdirSync(suiteDir).some((f) => f.endsWith('.test.js'))) {
    return { passed: 0, failed: 0, code: 0 };
  }
  const ws = s.workspace();
  if (!ws) return { passed: 0, failed: 0, code: 0 };
  console.log(`\n=== integration scenario: ${s.name} (${ws.path})`);
  const server = await startCodeServer({
    workspace: ws.path, smokeTestDriver: true, workspaceTrust: s.trust, settings: s.settings,
    env: { YOI_ITEST_SCENARIO: s.name, YOI_ITEST_WORKSPACE: ws.path, YOI_SHARED_DIR: sharedDir },
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  let passed = 0, failed = 0, exited = false;
  mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
  const logFile = join(repoRoot, 'test-results', `integration-${s.name}.log`);
  writeFileSync(logFile, '');
  try {
    const code = await new Promise<number>((resolveExit) => {
      const timer = setTimeout(() => { console.log(`TIMEOUT: scenario ${s.name}`); resolveExit(124); }, Number(process.env.ITEST_TIMEOUT_MS ?? 240_000));
      void page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
        const line = format(...(Array.isArray(args) ? args : [args]));
        appendFileSync(logFile, line + '\n');
        const m = /^(\d+) passed, (\d+) failed/.exec(line.trim());
        if (m) { passed = Number(m[1]); failed = Number(m[2]); }
        // The workbench's own chatter (connection setup, offline gallery, shutdown) goes only to the log file.
        if (!exited && (process.env.ITEST_VERBOSE || !NOISE.test(line))) console.log(line);
      });
      void page.exposeFunction('codeAutomationExit', (c: number) => { exited = true; clearTimeout(timer); resolveExit(c); });
      const payload = [
        ['extensionDevelopmentPath', server.remote(repoRoot)],
        ['extensionTestsPath', server.remote(join(repoRoot, 'out', 'test', 'integration', 'index'))],
      ];
      void page.goto(server.workspaceUrl(`&payload=${encodeURIComponent(JSON.stringify(payload))}`));
    });
    if (code !== 0 && failed === 0) failed = 1;
    return { passed, failed, code };
  } finally {
    await page.close().catch(() => undefined);
    await server.stop();
    ws.cleanup();
  }
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
  let passed = 0, failed = 0, code = 0;
  try {
    for (const s of scenarios) {
      if (only.length && !only.includes(s.name)) continue;
      const r = await runScenario(browser, s);
      passed += r.passed; failed += r.failed; if (r.code !== 0) code = r.code;
    }
  } finally {
    await browser.close();
  }
  console.log(`\nintegration: ${passed} passed, ${failed} failed`);
  process.exit(code !== 0 || failed > 0 ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(1); });
