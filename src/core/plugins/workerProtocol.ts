// Messages between PluginInspector (host side) and the inspector worker thread.

import type { WasmFacts } from './wasm/analyze';

export interface WorkerInit {
  /** Explicit path of the wasm-tools ESM module (tests); otherwise bundled copy or node_modules. */
  wasmToolsPath?: string;
}

export type WorkerRequest =
  | { id: number; op: 'analyze'; bytes: Uint8Array }
  /** Loads the runtime and decodes a tiny component; with `panic`, also drives wasm-tools into a
   *  known panic (embedding from a missing WIT directory) to prove a panic surfaces as an error. */
  | { id: number; op: 'selfCheck'; panic: boolean };

export interface SelfCheckResult {
  runtime: { path: string; source: 'explicit' | 'bundled' | 'node_modules' };
  /** `componentWit` of an empty component worked. */
  decodeOk: boolean;
  /** Only with `panic`: the panic came back as an error (instead of hanging or killing the thread). */
  panicSurfaced?: boolean;
  panicMessage?: string;
  engine: { node: string; v8: string };
  elapsedMs: number;
}

export type WorkerResponse =
  | { id: number; ok: true; op: 'analyze'; result: WasmFacts; poisoned: boolean }
  | { id: number; ok: true; op: 'selfCheck'; result: SelfCheckResult; poisoned: boolean }
  | { id: number; ok: false; error: string; poisoned: boolean };
