// jco's wasm-tools in the test process, to build fixtures from WAT: parse → componentEmbed
// (with `witSource`, never `witPath`, which panics under preview2-shim 0.26) → componentNew.
import { JcoWasmTools, loadWasmTools, resolveWasmToolsLocation } from '../../../../src/core/plugins/wasmTools';

let tools: Promise<JcoWasmTools> | undefined;

export function jco(): Promise<JcoWasmTools> {
  return (tools ??= loadWasmTools(resolveWasmToolsLocation(undefined, __dirname).path));
}

export async function buildComponent(wat: string, witSource: string, world: string): Promise<Uint8Array> {
  const wt = await jco();
  const core = await wt.parse(wat);
  const embedded = await wt.componentEmbed({ binary: core, witSource, world, stringEncoding: 'utf8' });
  return wt.componentNew(embedded);
}

export async function watToModule(wat: string): Promise<Uint8Array> {
  return (await jco()).parse(wat);
}

/** A bump allocator plus a function returning a fixed ToolOutput: enough for string-in/string-out exports. */
export function toolWat(opts: { exports: { name: string; params: number }[]; memoryPages?: number; memoryMax?: number; extra?: string; imports?: string }): string {
  const pages = opts.memoryPages ?? 1;
  const body = opts.exports
    .map(
      (e) =>
        `(func (export "${e.name}") ${e.params ? `(param ${'i32 '.repeat(e.params).trim()})` : ''} (result i32)
          (i32.store (i32.const 16) (i32.const 64)) (i32.store (i32.const 20) (i32.const 24)) (i32.const 16))`,
    )
    .join('\n');
  return `(module
    ${opts.imports ?? ''}
    (memory (export "memory") ${pages}${opts.memoryMax !== undefined ? ` ${opts.memoryMax}` : ''})
    (data (i32.const 64) "{\\"summary\\":\\"fixture ok\\"}")
    (global $heap (mut i32) (i32.const 8192))
    (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (global.get $heap))
      (global.set $heap (i32.add (global.get $heap) (local.get 3)))
      (local.get $p))
    ${body}
    ${opts.extra ?? ''})`;
}

export const HOST_WIT = `package yoi:host@1.0.0 {
  interface request { request: func(request-json: string) -> string; }
  interface websocket {
    open: func(request-json: string) -> string;
    send-text: func(handle: u32, text: string) -> string;
    recv: func(handle: u32, timeout-ms: u32) -> string;
    close: func(handle: u32) -> string;
  }
  interface fs {
    read: func(request-json: string) -> string;
    %list: func(request-json: string) -> string;
    write: func(request-json: string) -> string;
  }
}`;
