// Builds the components of the sample workspace's plugin packages (sample/.yoi/plugins/*) from
// WAT with jco's wasm-tools: parse → componentEmbed (inline `witSource`) → componentNew. The
// output is deterministic and committed, so `npm run try` and the tests need no build step; run
// this again only after changing the WAT or WIT below: `node scripts/build-sample-plugins.mjs`.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = dirname(dirname(fileURLToPath(import.meta.url)));
const entry = createRequire(join(repo, 'package.json')).resolve('@bytecodealliance/jco-transpile/wasm-tools');
const { parse, componentEmbed, componentNew } = await import(pathToFileURL(entry).href);

/** A bump allocator (the host writes argument strings through `cabi_realloc`) and one export
 *  returning a fixed ToolOutput as a (ptr, len) pair stored at offset 16. */
function toolModule(exportName, params, output) {
  const json = JSON.stringify(output);
  const escaped = json.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return `(module
  (memory (export "memory") 1)
  (data (i32.const 64) "${escaped}")
  (global $heap (mut i32) (i32.const 8192))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (global.get $heap) (local.get 3)))
    (local.get $p))
  (func (export "${exportName}") (param ${'i32 '.repeat(params).trim()}) (result i32)
    (i32.store (i32.const 16) (i32.const 64))
    (i32.store (i32.const 20) (i32.const ${Buffer.byteLength(json)}))
    (i32.const 16)))`;
}

async function component(wat, witSource, world) {
  const core = await parse(wat);
  const embedded = await componentEmbed({ binary: core, witSource, world, stringEncoding: 'utf8' });
  return componentNew(embedded);
}

const plugins = join(repo, 'sample', '.yoi', 'plugins');

// echo: conforms to yoi:plugin/tool@1.0.0 (`call: func(tool-name, input-json) -> string`).
writeFileSync(
  join(plugins, 'echo', 'plugin.component.wasm'),
  await component(
    toolModule('call', 4, { summary: 'echo', content: 'Hello from the sample echo plugin.' }),
    'package yoi:plugin@1.0.0;\nworld tool { export call: func(tool-name: string, input-json: string) -> string; }\n',
    'tool',
  ),
);

// word-count: a real component, but its `call` takes one string where the tool world passes two
// (wasmtime would refuse it at enable time; yoi's own check does not look).
writeFileSync(
  join(plugins, 'word-count', 'plugin.component.wasm'),
  await component(
    toolModule('call', 2, { summary: 'word count', content: '0' }),
    'package yoi:plugin@1.0.0;\nworld tool { export call: func(input-json: string) -> string; }\n',
    'tool',
  ),
);
console.log('sample plugin components written');
