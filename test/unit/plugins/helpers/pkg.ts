// Temp plugin folders and archives for the tests, plus a plugin.toml writer.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { packLikeYoi } from './zipBuilder';

export interface TempDir {
  dir: string;
  dispose(): void;
}

export function tempDir(prefix = 'yoi-plugin-test-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `files` (package-relative paths) under a new folder `name` inside `parent`. */
export function writePluginDir(parent: string, name: string, files: Record<string, string | Uint8Array>): string {
  const root = join(parent, name);
  mkdirSync(root, { recursive: true });
  for (const [rel, data] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, data);
  }
  return root;
}

/** Writes a `.yoi-plugin` archive as yoi's pack would. */
export function writePluginArchive(parent: string, name: string, files: Record<string, string | Uint8Array>): string {
  const p = join(parent, name);
  writeFileSync(p, packLikeYoi(files));
  return p;
}

/** A minimal valid tool-world manifest; `extra` is appended verbatim (TOML). */
export function toolManifest(extra = '', head: Partial<Record<'id' | 'name' | 'version' | 'schema_version' | 'top', string>> = {}): string {
  return [
    ...(head.top ? [head.top] : []),
    `schema_version = ${head.schema_version ?? '1'}`,
    `id = ${head.id ?? '"demo.tool"'}`,
    `name = ${head.name ?? '"Demo"'}`,
    `version = ${head.version ?? '"0.1.0"'}`,
    'surfaces = ["tool"]',
    'permissions = [',
    '  { kind = "surface", surface = "tool" },',
    '  { kind = "tool", name = "demo_echo" },',
    ']',
    '',
    '[runtime]',
    'kind = "wasm-component"',
    'component = "plugin.component.wasm"',
    'world = "yoi:plugin/tool@1.0.0"',
    '',
    '[[tools]]',
    'name = "demo_echo"',
    'description = "Echo."',
    'input_schema = { type = "object" }',
    extra,
  ].join('\n');
}
