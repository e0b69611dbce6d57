// Runs the same mocha suites in desktop VS Code through @vscode/test-electron, for contributors
// whose machines can download VS Code (this one cannot, so CI does not call it).
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

async function main(): Promise<void> {
  const repo = resolve(__dirname, '..', '..', '..');
  const scenario = process.argv[2] ?? 'sample';
  const ws = mkdtempSync(join(tmpdir(), 'yoi-electron-'));
  const src = scenario === 'corpus' ? resolve(repo, '..', 'shared', 'corpus', 'yoi-a8c27f57') : join(repo, 'sample');
  cpSync(src, ws, { recursive: true });
  try {
    await runTests({
      extensionDevelopmentPath: repo,
      extensionTestsPath: join(__dirname, 'index'),
      launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { YOI_ITEST_SCENARIO: scenario, YOI_ITEST_WORKSPACE: ws },
    });
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
