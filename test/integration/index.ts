// Mocha entry point loaded by the extension host (extensionTestsPath). Runner-agnostic: the same
// suites run under code-server (test/harness/runIntegration.ts) and @vscode/test-electron
// (runElectron.ts). YOI_ITEST_SCENARIO picks the suite folder matching the opened workspace.
import Mocha from 'mocha';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export function run(): Promise<void> {
  const scenario = process.env.YOI_ITEST_SCENARIO ?? 'sample';
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const dir = join(__dirname, 'suites', scenario);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort() : [];
  for (const f of files) mocha.addFile(join(dir, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats ?? { passes: 0, failures, pending: 0 };
      // Plain closing line understood by CI and by the driver.
      console.log(`${stats.passes} passed, ${stats.failures} failed, ${stats.pending} skipped`);
      if (failures > 0) reject(new Error(`${failures} tests failed`));
      else if (stats.passes === 0) reject(new Error(`no integration test ran for scenario ${scenario}`));
      else resolve();
    });
  });
}
