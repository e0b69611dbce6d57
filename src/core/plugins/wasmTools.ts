// Locates and loads jco's wasm-tools (`@bytecodealliance/jco-transpile/wasm-tools`, ESM) at run
// time. In the packaged extension it is the ESM bundle `dist/wasm-tools/wasm-tools.mjs` that
// scripts/build.mjs writes next to the worker, with its .wasm files and preview2-shim's I/O worker
// (the .vsix ships no node_modules). From compiled sources it is the package in node_modules.
// Only ever imported inside the inspector worker thread or tests: a wasm-tools panic poisons the
// instance for the whole thread.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MetadataEntry, WasmToolsApi } from './wasm/analyze';

export const JCO_WASM_TOOLS = '@bytecodealliance/jco-transpile/wasm-tools';
/** Directory (next to the bundled worker) holding the ESM bundle and its assets. */
export const BUNDLED_RUNTIME_DIR = 'wasm-tools';
export const BUNDLED_RUNTIME_ENTRY = 'wasm-tools.mjs';

export interface JcoWasmTools extends WasmToolsApi {
  parse(wat: string): Promise<Uint8Array>;
  print(bytes: Uint8Array): Promise<string>;
  componentNew(bytes: Uint8Array, adapters?: unknown): Promise<Uint8Array>;
  componentEmbed(opts: {
    binary?: Uint8Array;
    witSource?: string;
    witPath?: string;
    world?: string;
    dummy?: boolean;
    stringEncoding?: string;
  }): Promise<Uint8Array>;
  metadataShow(bytes: Uint8Array): Promise<MetadataEntry[]>;
}

// tsc (module: commonjs) would turn `import()` into `require()`, which cannot load this ESM
// package on every Node version; a Function-created import keeps it a real dynamic import.
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

/** Where the runtime will be loaded from: an explicit file, the bundled copy, or node_modules. */
export function resolveWasmToolsLocation(explicit?: string, baseDir: string = __dirname): { path: string; source: 'explicit' | 'bundled' | 'node_modules' } {
  if (explicit) return { path: explicit, source: 'explicit' };
  const bundled = join(baseDir, BUNDLED_RUNTIME_DIR, BUNDLED_RUNTIME_ENTRY);
  if (existsSync(bundled)) return { path: bundled, source: 'bundled' };
  return { path: createRequire(join(baseDir, 'noop.js')).resolve(JCO_WASM_TOOLS), source: 'node_modules' };
}

export async function loadWasmTools(path: string): Promise<JcoWasmTools> {
  return (await importEsm(pathToFileURL(path).href)) as JcoWasmTools;
}
