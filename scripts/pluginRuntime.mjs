// Build pieces of the plugin inspector's runtime, used by build.mjs and by the tests that check the
// bundled worker. The .vsix ships no node_modules, and jco's wasm-tools finds its files through
// `new URL('./…', import.meta.url)`, which esbuild's CJS output breaks. So wasm-tools is bundled as
// its own ES module into `<out>/wasm-tools/`, next to the files it loads at run time:
//   wasm-tools.mjs            jco-transpile's wasm-tools entry + preview2-shim, bundled (ESM)
//   wasm-tools.core*.wasm     the wasm-tools component (2.4 MB)
//   worker-thread.bundle.js   preview2-shim's synchronous I/O worker (ESM). Without it a wasm-tools
//                             panic blocks its thread forever instead of throwing.
//   package.json              {"type":"module"} so that worker loads as ESM
// The inspector worker (`<out>/pluginWorker.js`, CJS) imports wasm-tools.mjs lazily.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const repo = dirname(dirname(fileURLToPath(import.meta.url)));

/** jco-transpile's `wasm-tools` entry (ESM) and the package/preview2-shim directories. */
export function jcoPaths() {
  const entry = require.resolve('@bytecodealliance/jco-transpile/wasm-tools', { paths: [repo] });
  const pkg = dirname(dirname(entry));
  const shimIo = createRequire(entry).resolve('@bytecodealliance/preview2-shim/io');
  const shim = dirname(dirname(dirname(shimIo)));
  return { entry, pkg, shim };
}

export const RUNTIME_DIR = 'wasm-tools';

/** esbuild options for the ESM bundle of wasm-tools. */
export function pluginRuntimeEntry(outdir, base = {}) {
  return {
    ...base,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    sourcemap: false,
    logLevel: 'warning',
    entryPoints: [jcoPaths().entry],
    outfile: join(outdir, RUNTIME_DIR, 'wasm-tools.mjs'),
  };
}

/** Copies the files wasm-tools.mjs loads at run time (and the licences) next to it. */
export function copyPluginRuntimeAssets(outdir) {
  const { pkg, shim } = jcoPaths();
  const dir = join(outdir, RUNTIME_DIR);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(pkg, 'vendor', 'wasm-tools.core.wasm'), join(dir, 'wasm-tools.core.wasm'));
  copyFileSync(join(pkg, 'vendor', 'wasm-tools.core2.wasm'), join(dir, 'wasm-tools.core2.wasm'));
  copyFileSync(join(shim, 'dist', 'io', 'worker-thread.bundle.js'), join(dir, 'worker-thread.bundle.js'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  if (existsSync(join(pkg, 'LICENSE'))) copyFileSync(join(pkg, 'LICENSE'), join(dir, 'LICENSE.jco-transpile'));
  if (existsSync(join(shim, 'LICENSE'))) copyFileSync(join(shim, 'LICENSE'), join(dir, 'LICENSE.preview2-shim'));
}

/**
 * Builds the inspector worker and its runtime into `outdir` exactly as the extension ships them
 * (`pluginWorker.js` + `wasm-tools/`). Tests use it with a temp directory.
 */
export async function buildPluginInspectorRuntime(outdir, { minify = true } = {}) {
  mkdirSync(outdir, { recursive: true });
  await Promise.all([
    build({
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      sourcemap: false,
      minify,
      logLevel: 'warning',
      entryPoints: [join(repo, 'src/core/plugins/inspectWorker.ts')],
      outfile: join(outdir, 'pluginWorker.js'),
    }),
    build({ ...pluginRuntimeEntry(outdir), minify }),
  ]);
  copyPluginRuntimeAssets(outdir);
}
