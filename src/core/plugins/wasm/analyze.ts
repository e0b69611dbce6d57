// Facts about one WebAssembly artifact, gathered without instantiating or running it: the
// preamble, the component's WIT (jco `componentWit`), its section outline (own parser), every
// embedded core module validated by V8 (`WebAssembly.validate` on its byte range) with its
// memories/tables/imports/exports, and producers. This runs inside the inspector worker thread;
// judging the facts against a manifest happens on the host side (evaluate.ts).

import { createHash } from 'node:crypto';
import { parseComponent, ComponentExport, ComponentImport } from './component';
import { CoreExport, CoreImport, CoreTable, Limits, parseCoreModule } from './coreModule';
import { ProducerField } from './producers';
import { hasWasmMagic } from './reader';
import { parseRootWorld, RootWorld } from './wit';
import { PlaceholderKind, placeholderKind } from './placeholders';

// The project's `lib` has no DOM/WebAssembly typings; declare the three members used here.
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  RuntimeError: new (message?: string) => Error;
};

/** The part of `@bytecodealliance/jco-transpile/wasm-tools` the inspector uses. */
export interface WasmToolsApi {
  componentWit(bytes: Uint8Array): Promise<string>;
  metadataShow(bytes: Uint8Array): Promise<MetadataEntry[]>;
}

export interface MetadataEntry {
  parentIndex?: number;
  name?: string;
  metaType: { tag: 'module' } | { tag: 'component'; val: number };
  range: [number, number];
  producers?: [string, [string, string][]][];
}

export type ArtifactKind = 'component' | 'core-module' | 'not-wasm' | 'unknown-wasm';

export interface ModuleFacts {
  index: number;
  start: number;
  end: number;
  size: number;
  depth: number;
  instantiations: number;
  valid: boolean;
  validationError?: string;
  memories: Limits[];
  tables: CoreTable[];
  imports: CoreImport[];
  exports: CoreExport[];
  producers: ProducerField[];
  parseError?: { message: string; offset: number };
}

export interface ComponentFacts {
  imports: ComponentImport[];
  exports: ComponentExport[];
  nestedComponents: number;
  coreInstantiations: number;
  customSections: string[];
  error?: { message: string; offset: number };
}

export interface WasmFacts {
  size: number;
  sha256: string;
  kind: ArtifactKind;
  preamble?: { version: number; layer: number };
  placeholder?: PlaceholderKind;
  wit?: string;
  world?: RootWorld;
  component?: ComponentFacts;
  modules: ModuleFacts[];
  producers: ProducerField[];
  /** What jco's `metadataShow` saw, for cross-checking the own outline. */
  metadata?: { modules: number; components: number };
  /** jco failures; `panicked` means wasm-tools trapped (its instance is then unusable). */
  toolErrors: { operation: string; message: string; panicked: boolean }[];
  engine: { node: string; v8: string };
}

export function classifyPreamble(bytes: Uint8Array): { kind: ArtifactKind; version?: number; layer?: number } {
  if (bytes.length < 8 || !hasWasmMagic(bytes)) return { kind: 'not-wasm' };
  const version = bytes[4] | (bytes[5] << 8);
  const layer = bytes[6] | (bytes[7] << 8);
  if (layer === 0 && version === 1) return { kind: 'core-module', version, layer };
  if (layer === 1 && version === 0x0d) return { kind: 'component', version, layer };
  return { kind: 'unknown-wasm', version, layer };
}

/** True for the trap a Rust panic inside wasm-tools produces, and for the poisoned state after it. */
export function isWasmToolsPanic(e: unknown): boolean {
  if (e instanceof WebAssembly.RuntimeError) return true;
  const msg = e instanceof Error ? e.message : String(e);
  return /wasm trap|cannot enter component instance/.test(msg);
}

function validateModule(bytes: Uint8Array): { valid: boolean; error?: string } {
  if (WebAssembly.validate(bytes)) return { valid: true };
  try {
    // Compiling (never instantiating) only to get V8's reason; it fails fast on invalid input.
    new WebAssembly.Module(bytes);
    return { valid: false, error: 'rejected by WebAssembly.validate' };
  } catch (e) {
    return { valid: false, error: e instanceof Error ? e.message : String(e) };
  }
}

function moduleFacts(bytes: Uint8Array, start: number, end: number, index: number, depth: number, instantiations: number): ModuleFacts {
  const outline = parseCoreModule(bytes, start, end);
  const validity = validateModule(bytes.subarray(start, end));
  const m: ModuleFacts = {
    index,
    start,
    end,
    size: end - start,
    depth,
    instantiations,
    valid: validity.valid,
    memories: outline.memories,
    tables: outline.tables,
    imports: outline.imports,
    exports: outline.exports,
    producers: outline.producers,
  };
  if (validity.error) m.validationError = validity.error;
  if (outline.error) m.parseError = outline.error;
  return m;
}

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).slice(0, 2000);
}

/**
 * `tools` is loaded only for components (core modules and non-wasm never need it); a loader that
 * fails leaves a `load` tool error and the own-parser facts.
 */
export async function analyzeWasm(bytes: Uint8Array, tools: WasmToolsApi | (() => Promise<WasmToolsApi>) | undefined): Promise<WasmFacts> {
  const facts: WasmFacts = {
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    kind: 'not-wasm',
    modules: [],
    producers: [],
    toolErrors: [],
    engine: { node: process.versions.node, v8: process.versions.v8 },
  };
  const pre = classifyPreamble(bytes);
  facts.kind = pre.kind;
  if (pre.version !== undefined) facts.preamble = { version: pre.version, layer: pre.layer! };
  if (pre.kind === 'not-wasm') {
    const placeholder = placeholderKind(bytes);
    if (placeholder) facts.placeholder = placeholder;
    return facts;
  }
  if (pre.kind === 'unknown-wasm') return facts;

  if (pre.kind === 'core-module') {
    const m = moduleFacts(bytes, 0, bytes.length, 0, 0, 1);
    facts.modules.push(m);
    facts.producers = m.producers;
    return facts;
  }

  const outline = parseComponent(bytes);
  facts.component = {
    imports: outline.imports,
    exports: outline.exports,
    nestedComponents: outline.nestedComponents,
    coreInstantiations: outline.coreInstantiations,
    customSections: outline.customSections,
  };
  if (outline.error) facts.component.error = outline.error;
  facts.producers = outline.producers;
  facts.modules = outline.modules.map((m) => moduleFacts(bytes, m.start, m.end, m.index, m.depth, m.instantiations));

  let wt: WasmToolsApi | undefined;
  if (typeof tools === 'function') {
    try {
      wt = await tools();
    } catch (e) {
      facts.toolErrors.push({ operation: 'load', message: errorText(e), panicked: false });
    }
  } else wt = tools;
  if (wt) {
    try {
      facts.wit = await wt.componentWit(bytes);
      facts.world = parseRootWorld(facts.wit);
    } catch (e) {
      facts.toolErrors.push({ operation: 'componentWit', message: errorText(e), panicked: isWasmToolsPanic(e) });
    }
    if (!facts.toolErrors.some((t) => t.panicked)) {
      try {
        const meta = await wt.metadataShow(bytes);
        facts.metadata = {
          modules: meta.filter((x) => x.metaType.tag === 'module').length,
          components: meta.filter((x) => x.metaType.tag === 'component').length,
        };
      } catch (e) {
        facts.toolErrors.push({ operation: 'metadataShow', message: errorText(e), panicked: isWasmToolsPanic(e) });
      }
    }
  }
  return facts;
}
