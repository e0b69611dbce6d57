// Bundles the extension host code, the headless CLI, worker threads and the webview pages.
// Each entry is optional until the file exists, so capabilities can land one at a time.
import { build, context } from 'esbuild';
import { existsSync, mkdirSync, chmodSync } from 'node:fs';
import { copyPluginRuntimeAssets, pluginRuntimeEntry } from './pluginRuntime.mjs';

const watch = process.argv.includes('--watch');
const production = !watch;
const node = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, minify: production, logLevel: 'warning' };
const browser = { bundle: true, platform: 'browser', target: 'es2022', format: 'iife', sourcemap: true, minify: production, logLevel: 'warning' };

const entries = [
  { ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: ['src/core/plugins/inspectWorker.ts'], outfile: 'dist/pluginWorker.js' },
  { ...node, entryPoints: ['src/core/store/indexWorker.ts'], outfile: 'dist/indexWorker.js' },
  // jco's wasm-tools as an ES module beside the worker (see scripts/pluginRuntime.mjs).
  ...(existsSync('src/core/plugins/inspectWorker.ts') ? [pluginRuntimeEntry('dist', { minify: production })] : []),
  { ...browser, entryPoints: ['webview/ticketView/main.ts'], outfile: 'dist/webview/ticketView.js' },
  { ...browser, entryPoints: ['webview/pluginInspector/main.ts'], outfile: 'dist/webview/pluginInspector.js' },
].filter((e) => existsSync(e.entryPoints[0]));

mkdirSync('dist', { recursive: true });
if (existsSync('src/core/plugins/inspectWorker.ts')) copyPluginRuntimeAssets('dist');
if (watch) {
  for (const e of entries) await (await context(e)).watch();
} else {
  await Promise.all(entries.map((e) => build(e)));
  if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
}
