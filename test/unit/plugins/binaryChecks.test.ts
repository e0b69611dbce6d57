// Binary checks beyond yoi on components built here from WAT with jco (parse → componentEmbed with
// witSource → componentNew): world shape, host import types and permissions, store limits,
// corrupted modules, and the own section parsers. Analysis runs in-process with jco here; the
// worker path is covered by inspector.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeWasm, WasmFacts } from '../../../src/core/plugins/wasm/analyze';
import { ArtifactExpectation, evaluateArtifact } from '../../../src/core/plugins/wasm/evaluate';
import { parseCoreModule } from '../../../src/core/plugins/wasm/coreModule';
import { funcShape, parseRootWorld, splitTopLevel } from '../../../src/core/plugins/wasm/wit';
import { INSTANCE_WORLD, TOOL_WORLD } from '../../../src/core/plugins/limits';
import { buildComponent, HOST_WIT, jco, toolWat, watToModule } from './helpers/jco';

const TOOL_WIT = `package yoi:plugin@1.0.0;
world tool { export call: func(tool-name: string, input-json: string) -> string; }`;

async function facts(bytes: Uint8Array): Promise<WasmFacts> {
  return analyzeWasm(bytes, await jco());
}

function ids(f: WasmFacts, exp: Partial<ArtifactExpectation> = {}): string[] {
  return evaluateArtifact(f, { role: 'component', path: 'plugin.component.wasm', world: TOOL_WORLD, requestedHostApis: [], ...exp }).findings.map((x) => x.id);
}

test('an own tool component conforms: WIT, one valid module, producers', async () => {
  const f = await facts(await buildComponent(toolWat({ exports: [{ name: 'call', params: 4 }] }), TOOL_WIT, 'tool'));
  assert.equal(f.kind, 'component');
  assert.deepEqual(f.world?.exports.map((e) => [e.name, e.shape]), [['call', '(string,string)->string']]);
  assert.equal(f.modules.length, 1);
  assert.ok(f.modules[0].valid);
  assert.equal(f.metadata?.modules, 1);
  assert.ok(f.producers.some((p) => p.field === 'processed-by' && p.values.some((v) => v.name === 'wit-component')));
  assert.deepEqual(ids(f), []);
  const ev = evaluateArtifact(f, { role: 'component', path: 'p', world: TOOL_WORLD });
  assert.deepEqual(ev.worlds.map((w) => [w.world, w.conforms]), [[TOOL_WORLD, true], [INSTANCE_WORLD, false]]);
});

test('instance world: a lifecycle export with the wrong type is named with both shapes', async () => {
  const wit = `package yoi:plugin@1.0.0;
world instance {
  export start: func(config-json: string) -> string;
  export handle-tool: func(name: string, input-json: string) -> string;
  export handle-ingress: func(name: string, event-json: string) -> string;
  export status: func(verbose: string) -> string;
  export stop: func() -> string;
}`;
  const wat = toolWat({
    exports: [
      { name: 'start', params: 2 },
      { name: 'handle-tool', params: 4 },
      { name: 'handle-ingress', params: 4 },
      { name: 'status', params: 2 },
      { name: 'stop', params: 0 },
    ],
  });
  const f = await facts(await buildComponent(wat, wit, 'instance'));
  const ev = evaluateArtifact(f, { role: 'component', path: 'p', world: INSTANCE_WORLD, requestedHostApis: [] });
  assert.deepEqual(ev.findings.map((x) => [x.id, x.origin, x.message]), [
    ['binary.export-signature', 'runtime', '`status` is (string)->string, expected ()->string (yoi:plugin/instance@1.0.0)'],
  ]);
  // Declared as the tool world instead: `call` is missing.
  assert.deepEqual(ids(f), ['binary.missing-export']);
});

test('host imports: allowed names, exact host function types, permissions', async () => {
  const wit = `package yoi:plugin@1.0.0;
world tool { import yoi:host/request@1.0.0; export call: func(tool-name: string, input-json: string) -> string; }
${HOST_WIT}`;
  const wat = toolWat({
    exports: [{ name: 'call', params: 4 }],
    imports: '(import "yoi:host/request@1.0.0" "request" (func $request (param i32 i32 i32)))',
    extra: '(func (export "use-request") (call $request (i32.const 0) (i32.const 0) (i32.const 0)))',
  });
  const f = await facts(await buildComponent(wat.replace('(export "use-request")', ''), wit, 'tool'));
  assert.deepEqual(f.component?.imports.map((i) => [i.name, i.functions]), [['yoi:host/request@1.0.0', [{ name: 'request', signature: '(string)->string' }]]]);
  assert.equal(f.modules.length, 3, 'wit-component adds a shim and a fixup module for lowered imports');
  // Three core instances (main, shim, fixup): over yoi's instances(1), flagged as unverified.
  assert.deepEqual(ids(f, { requestedHostApis: ['request'] }), ['binary.too-many-instances']);
  const noPermission = evaluateArtifact(f, { role: 'component', path: 'p', world: TOOL_WORLD, requestedHostApis: [] }).findings;
  assert.deepEqual(noPermission.map((x) => [x.id, x.origin, x.severity]).slice(0, 1), [['binary.import-without-permission', 'inspector', 'error']]);
  const unused = ids(f, { requestedHostApis: ['request', 'fs'] });
  assert.ok(unused.includes('binary.permission-unused'));
});

test('host imports: a yoi:host interface with different function types is caught', async () => {
  const wit = `package yoi:plugin@1.0.0;
world tool { import yoi:host/fs@1.0.0; export call: func(tool-name: string, input-json: string) -> string; }
package yoi:host@1.0.0 { interface fs { read: func(handle: u32) -> string; debug: func() -> string; } }`;
  const wat = toolWat({
    exports: [{ name: 'call', params: 4 }],
    imports: '(import "yoi:host/fs@1.0.0" "read" (func $read (param i32 i32))) (import "yoi:host/fs@1.0.0" "debug" (func $debug (param i32)))',
    extra: '(func (call $read (i32.const 0) (i32.const 0)) (call $debug (i32.const 0)))',
  });
  const f = await facts(await buildComponent(wat, wit, 'tool'));
  const found = evaluateArtifact(f, { role: 'component', path: 'p', world: TOOL_WORLD, requestedHostApis: ['fs'] }).findings.filter((x) => x.id === 'binary.import-signature');
  assert.deepEqual(found.map((x) => x.message).sort(), [
    '`yoi:host/fs@1.0.0` function `read` is imported as (u32)->string, the host provides (string)->string',
    '`yoi:host/fs@1.0.0` has no function `debug` on the host side',
  ]);
});

test('store limits: 32 pages fit, 33 do not; declared maximum; table elements; table count', async () => {
  const comp = (opts: Parameters<typeof toolWat>[0]) => buildComponent(toolWat(opts), TOOL_WIT, 'tool').then(facts);
  assert.deepEqual(ids(await comp({ exports: [{ name: 'call', params: 4 }], memoryPages: 32 })), []);
  const big = evaluateArtifact(await comp({ exports: [{ name: 'call', params: 4 }], memoryPages: 33 }), { role: 'component', path: 'p', world: TOOL_WORLD }).findings;
  assert.deepEqual(big.map((x) => [x.id, x.origin, x.params?.pages]), [['binary.memory-too-large', 'runtime', 33]]);
  assert.deepEqual(ids(await comp({ exports: [{ name: 'call', params: 4 }], memoryPages: 1, memoryMax: 64 })), ['binary.memory-max']);
  assert.deepEqual(ids(await comp({ exports: [{ name: 'call', params: 4 }], extra: '(table 257 funcref)' })), ['binary.table-too-large']);
  assert.deepEqual(ids(await comp({ exports: [{ name: 'call', params: 4 }], extra: '(table 1 funcref) (table 2 funcref)' })), ['binary.too-many-tables']);
});

test('a corrupted embedded module is reported invalid (V8 validation on its byte range)', async () => {
  const bytes = Buffer.from(await buildComponent(toolWat({ exports: [{ name: 'call', params: 4 }] }), TOOL_WIT, 'tool'));
  const f0 = await facts(bytes);
  const m = f0.modules[0];
  const code = parseCoreModule(bytes, m.start, m.end).sections.find((s) => s.name === 'code')!;
  const corrupted = Buffer.from(bytes);
  corrupted[code.start + code.size - 1] = 0xff; // last function's `end` → an invalid opcode
  const f = await facts(corrupted);
  assert.equal(f.modules[0].valid, false);
  assert.ok(f.modules[0].validationError);
  assert.ok(ids(f).includes('binary.invalid-core-module'));
});

test('core module outline: signatures, limits, custom sections', async () => {
  const bytes = await watToModule(`(module
    (import "yoi:tool" "input_len" (func (result i32)))
    (import "env" "mem" (memory 1 3))
    (table 2 10 funcref)
    (func (export "yoi_tool_call"))
    (func (export "add") (param i64 f32) (result f64) (f64.const 0))
    (@custom "note" "hello"))`);
  const o = parseCoreModule(bytes);
  assert.equal(o.error, undefined);
  assert.deepEqual(o.imports.map((i) => [i.module, i.name, i.kind, i.signature ?? null, i.limits ?? null]), [
    ['yoi:tool', 'input_len', 'func', '()->i32', null],
    ['env', 'mem', 'memory', null, { min: 1, max: 3 }],
  ]);
  assert.deepEqual(o.exports.map((e) => [e.name, e.signature]), [['yoi_tool_call', '()->()'], ['add', '(i64,f32)->f64']]);
  assert.deepEqual(o.tables, [{ element: 'funcref', limits: { min: 2, max: 10 } }]);
  assert.deepEqual(o.memories, []);
  assert.ok(o.customSections.includes('note'));
});

test('WIT reading: root world items, shapes, nested generics, inline interfaces', () => {
  const wit = `package root:component;

world root {
  import yoi:host/request@1.0.0;
  import log: func(msg: string);
  import inline: interface {
    ping: func() -> string;
  }
  export call: func(tool-name: string, input-json: string) -> string;
  export %list: func(items: list<tuple<string, u32>>, opts: option<result<string, string>>) -> list<u8>;
  export yoi:other/iface@1.0.0;
}
`;
  const w = parseRootWorld(wit);
  assert.deepEqual(w.imports.map((i) => [i.kind, i.name]), [['interface', 'yoi:host/request@1.0.0'], ['func', 'log'], ['inline-interface', 'inline']]);
  assert.deepEqual(w.exports.map((e) => [e.kind, e.name, e.shape ?? null]), [
    ['func', 'call', '(string,string)->string'],
    ['func', 'list', '(list<tuple<string, u32>>,option<result<string, string>>)->list<u8>'],
    ['interface', 'yoi:other/iface@1.0.0', null],
  ]);
  assert.equal(funcShape('func()'), '()');
  assert.deepEqual(splitTopLevel('a: list<u8>, b: tuple<u8, u8>'), ['a: list<u8>', 'b: tuple<u8, u8>']);
  assert.deepEqual(parseRootWorld('garbage'), { imports: [], exports: [] });
});
