// What yoi's runtime expects from a binary: the export shapes of the two component worlds, the
// function types of the three host interfaces it links (spec §3), and the retired raw core ABI
// (`yoi-plugin-wasm-1`) for recognising old artifacts.

import { INSTANCE_WORLD, TOOL_WORLD } from '../limits';
import { HostApi } from '../manifest/types';

/** Export name → shape, per world. */
export const WORLD_EXPORTS: Record<string, Record<string, string>> = {
  [TOOL_WORLD]: { call: '(string,string)->string' },
  [INSTANCE_WORLD]: {
    start: '(string)->string',
    'handle-tool': '(string,string)->string',
    'handle-ingress': '(string,string)->string',
    status: '()->string',
    stop: '()->string',
  },
};

/** The only component imports yoi's linker provides, with the host functions of each. */
export const HOST_INTERFACES: Record<string, { api: HostApi; functions: Record<string, string> }> = {
  'yoi:host/request@1.0.0': { api: 'request', functions: { request: '(string)->string' } },
  'yoi:host/websocket@1.0.0': {
    api: 'websocket',
    functions: {
      open: '(string)->string',
      'send-text': '(u32,string)->string',
      recv: '(u32,u32)->string',
      close: '(u32)->string',
    },
  },
  'yoi:host/fs@1.0.0': {
    api: 'fs',
    functions: { read: '(string)->string', list: '(string)->string', write: '(string)->string' },
  },
};

/** Retired raw ABI: allowed imports (module → name → core signature). */
export const LEGACY_IMPORTS: Record<string, Record<string, string>> = {
  'yoi:tool': {
    tool_name_len: '()->i32',
    tool_name_read: '(i32,i32)->i32',
    input_len: '()->i32',
    input_read: '(i32,i32)->i32',
    output_write: '(i32,i32)->i32',
  },
  'yoi:request': { request: '(i32,i32)->i32', response_len: '()->i32', response_read: '(i32,i32)->i32' },
  'yoi:websocket': {
    open: '(i32,i32)->i32',
    send_text: '(i32,i32,i32)->i32',
    recv: '(i32,i32)->i32',
    close: '(i32)->i32',
    response_len: '()->i32',
    response_read: '(i32,i32)->i32',
  },
  'yoi:fs': {
    read: '(i32,i32)->i32',
    list: '(i32,i32)->i32',
    write: '(i32,i32)->i32',
    response_len: '()->i32',
    response_read: '(i32,i32)->i32',
  },
};

export const LEGACY_ENTRY_EXPORT = 'yoi_tool_call';
export const LEGACY_ENTRY_SIGNATURE = '()->()';
export const LEGACY_MEMORY_EXPORT = 'memory';
