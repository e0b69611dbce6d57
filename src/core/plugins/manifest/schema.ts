// `plugin.toml` → typed manifest with yoi's strictness (serde `deny_unknown_fields` everywhere,
// exact enums, integer ranges). yoi stops at the first error ("could not be parsed near byte span
// a..b", kind `malformed`); the inspector collects every schema error with its key path so each
// one can be shown on the offending key, and marks the first as the one yoi reports.

import { parse, TomlDate, TomlError } from 'smol-toml';
import {
  HOST_APIS,
  HostApi,
  HookManifest,
  IngressManifest,
  JsonValue,
  PERMISSION_KINDS,
  Permission,
  PluginManifest,
  RequestTarget,
  RuntimeManifest,
  ServiceManifest,
  SURFACES,
  Surface,
  ToolManifest,
  WebSocketTarget,
} from './types';
import { indexToml, KeyPath, TomlIndex } from './tomlIndex';

export interface SchemaError {
  /** serde-like reason, e.g. "unknown field `foo`, expected one of `a`, `b`". */
  reason: string;
  path: KeyPath;
  /** Whether the error is about the key (unknown field) or the value (type, missing field). */
  on: 'key' | 'value';
  /** UTF-16 offsets into the text, when known. */
  start: number;
  end: number;
}

export type ParseManifestResult =
  | { ok: true; manifest: PluginManifest; raw: Record<string, unknown>; index: TomlIndex }
  | { ok: false; syntax: true; error: SchemaError; index: TomlIndex }
  | { ok: false; syntax: false; errors: SchemaError[]; raw: Record<string, unknown>; index: TomlIndex };

/** Parses and schema-checks `plugin.toml` text. Never throws. */
export function parseManifest(text: string): ParseManifestResult {
  const index = indexToml(text);
  let raw: Record<string, unknown>;
  try {
    raw = parse(text, { integersAsBigInt: true, maxDepth: 200 }) as Record<string, unknown>;
  } catch (e) {
    const offset = e instanceof TomlError ? lineColToOffset(text, e.line, e.column) : 0;
    const reason = e instanceof Error ? e.message.replace(/^Invalid TOML document:\s*/, '').split('\n')[0] : 'invalid TOML';
    return { ok: false, syntax: true, error: { reason, path: [], on: 'value', start: offset, end: Math.min(text.length, offset + 1) }, index };
  }
  const v = new Validator(index);
  const manifest = v.manifest(raw);
  if (v.errors.length || !manifest) return { ok: false, syntax: false, errors: v.errors, raw, index };
  return { ok: true, manifest, raw, index };
}

function lineColToOffset(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column - 1));
}

type Obj = Record<string, unknown>;

function isTable(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof TomlDate);
}

/** serde's "invalid type" wording for a TOML value. */
function describe(v: unknown): string {
  if (typeof v === 'bigint') return `integer \`${v}\``;
  if (typeof v === 'number') return `floating point \`${v}\``;
  if (typeof v === 'string') return `string ${JSON.stringify(v)}`;
  if (typeof v === 'boolean') return `boolean \`${v}\``;
  if (v instanceof TomlDate) return 'datetime';
  if (Array.isArray(v)) return 'sequence';
  return 'map';
}

function has(o: Obj, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

/** TOML value → JSON the way serde converts `toml::Value` into `serde_json::Value`. */
export function tomlToJson(v: unknown): JsonValue {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof TomlDate) return { $__toml_private_datetime: v.toISOString() };
  if (Array.isArray(v)) return v.map(tomlToJson);
  if (isTable(v)) {
    const out: { [k: string]: JsonValue } = {};
    for (const k of Object.keys(v)) Object.defineProperty(out, k, { value: tomlToJson(v[k]), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return null;
}

type FieldKind = 'string' | 'bool' | 'u32' | 'u16' | 'any' | 'strings';

class Validator {
  readonly errors: SchemaError[] = [];
  constructor(private readonly index: TomlIndex) {}

  private err(path: KeyPath, reason: string, on: 'key' | 'value'): void {
    const hit = this.index.nearest(path);
    let start = 0;
    let end = 0;
    if (hit) {
      const exact = hit.path.length === path.length;
      if (on === 'key' && exact && hit.span.keyStart !== undefined) {
        start = hit.span.keyStart;
        end = hit.span.keyEnd!;
      } else {
        start = hit.span.valueStart;
        end = hit.span.valueEnd;
      }
    }
    this.errors.push({ reason, path, on, start, end });
  }

  /** Checks keys of a table against `fields`; reports unknown keys; returns false when not a table. */
  private table(v: unknown, path: KeyPath, what: string): v is Obj {
    if (!isTable(v)) {
      this.err(path, `invalid type: ${describe(v)}, expected ${what}`, 'value');
      return false;
    }
    return true;
  }

  private unknownKeys(o: Obj, path: KeyPath, allowed: readonly string[]): void {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) {
        this.err([...path, k], `unknown field \`${k}\`, expected ${allowed.length === 1 ? '' : 'one of '}${allowed.map((a) => `\`${a}\``).join(', ')}`, 'key');
      }
    }
  }

  private field(o: Obj, path: KeyPath, key: string, kind: FieldKind, required: boolean): unknown {
    if (!has(o, key)) {
      if (required) this.err(path, `missing field \`${key}\``, 'value');
      return undefined;
    }
    const v = o[key];
    const p = [...path, key];
    switch (kind) {
      case 'string':
        if (typeof v !== 'string') return this.err(p, `invalid type: ${describe(v)}, expected a string`, 'value');
        return v;
      case 'bool':
        if (typeof v !== 'boolean') return this.err(p, `invalid type: ${describe(v)}, expected a boolean`, 'value');
        return v;
      case 'u32':
      case 'u16': {
        const max = kind === 'u32' ? 0xffffffffn : 0xffffn;
        if (typeof v !== 'bigint') return this.err(p, `invalid type: ${describe(v)}, expected ${kind}`, 'value');
        if (v < 0n || v > max) return this.err(p, `invalid value: integer \`${v}\`, expected ${kind}`, 'value');
        return Number(v);
      }
      case 'strings': {
        if (!Array.isArray(v)) return this.err(p, `invalid type: ${describe(v)}, expected a sequence`, 'value');
        let ok = true;
        v.forEach((x, i) => {
          if (typeof x !== 'string') {
            this.err([...p, i], `invalid type: ${describe(x)}, expected a string`, 'value');
            ok = false;
          }
        });
        return ok ? (v as string[]) : undefined;
      }
      case 'any':
        return tomlToJson(v);
    }
  }

  private enumValue<T extends string>(o: Obj, path: KeyPath, key: string, variants: readonly T[], required: boolean): T | undefined {
    const v = this.field(o, path, key, 'string', required);
    if (typeof v !== 'string') return undefined;
    if (!(variants as readonly string[]).includes(v)) {
      this.err([...path, key], `unknown variant \`${v}\`, expected one of ${variants.map((x) => `\`${x}\``).join(', ')}`, 'value');
      return undefined;
    }
    return v as T;
  }

  private tables<T>(o: Obj, key: string, each: (item: unknown, path: KeyPath) => T | undefined): T[] {
    if (!has(o, key)) return [];
    const v = o[key];
    if (!Array.isArray(v)) {
      this.err([key], `invalid type: ${describe(v)}, expected a sequence`, 'value');
      return [];
    }
    const out: T[] = [];
    v.forEach((item, i) => {
      const r = each(item, [key, i]);
      if (r !== undefined) out.push(r);
    });
    return out;
  }

  manifest(raw: Obj): PluginManifest | undefined {
    const root: KeyPath = [];
    const allowed = [
      'schema_version',
      'id',
      'name',
      'version',
      'description',
      'surfaces',
      'runtime',
      'hooks',
      'tools',
      'services',
      'ingresses',
      'permissions',
      'request',
      'websocket',
    ];
    this.unknownKeys(raw, root, allowed);
    const schema_version = this.field(raw, root, 'schema_version', 'u32', true) as number | undefined;
    const id = this.field(raw, root, 'id', 'string', true) as string | undefined;
    const name = this.field(raw, root, 'name', 'string', true) as string | undefined;
    const version = this.field(raw, root, 'version', 'string', true) as string | undefined;
    const description = this.field(raw, root, 'description', 'string', false) as string | undefined;
    const surfaces: Surface[] = [];
    if (has(raw, 'surfaces')) {
      const v = raw.surfaces;
      if (!Array.isArray(v)) this.err(['surfaces'], `invalid type: ${describe(v)}, expected a sequence`, 'value');
      else
        v.forEach((s, i) => {
          if (typeof s !== 'string') this.err(['surfaces', i], `invalid type: ${describe(s)}, expected a string`, 'value');
          else if (!(SURFACES as readonly string[]).includes(s))
            this.err(['surfaces', i], `unknown variant \`${s}\`, expected one of ${SURFACES.map((x) => `\`${x}\``).join(', ')}`, 'value');
          else surfaces.push(s as Surface);
        });
    }
    let runtime: RuntimeManifest | undefined;
    if (has(raw, 'runtime')) runtime = this.runtime(raw.runtime, ['runtime']);
    const hooks = this.tables(raw, 'hooks', (v, p) => this.hook(v, p));
    const tools = this.tables(raw, 'tools', (v, p) => this.tool(v, p));
    const services = this.tables(raw, 'services', (v, p) => this.service(v, p));
    const ingresses = this.tables(raw, 'ingresses', (v, p) => this.ingress(v, p));
    const permissions = this.tables(raw, 'permissions', (v, p) => this.permission(v, p));
    const request = this.tables(raw, 'request', (v, p) => this.requestTarget(v, p));
    const websocket = this.tables(raw, 'websocket', (v, p) => this.websocketTarget(v, p));
    if (this.errors.length || schema_version === undefined || id === undefined || name === undefined || version === undefined) return undefined;
    const m: PluginManifest = { schema_version, id, name, version, surfaces, hooks, tools, services, ingresses, permissions, request, websocket };
    if (description !== undefined) m.description = description;
    if (runtime) m.runtime = runtime;
    return m;
  }

  private runtime(v: unknown, p: KeyPath): RuntimeManifest | undefined {
    if (!this.table(v, p, 'struct PluginRuntimeManifest')) return undefined;
    this.unknownKeys(v, p, ['kind', 'component', 'world', 'entry', 'abi']);
    const kind = this.field(v, p, 'kind', 'string', true) as string | undefined;
    const r: RuntimeManifest = { kind: kind ?? '' };
    for (const k of ['component', 'world', 'entry', 'abi'] as const) {
      const x = this.field(v, p, k, 'string', false) as string | undefined;
      if (x !== undefined) r[k] = x;
    }
    return kind === undefined ? undefined : r;
  }

  private hook(v: unknown, p: KeyPath): HookManifest | undefined {
    if (!this.table(v, p, 'struct PluginHookManifest')) return undefined;
    this.unknownKeys(v, p, ['id', 'file']);
    const id = this.field(v, p, 'id', 'string', true) as string | undefined;
    const file = this.field(v, p, 'file', 'string', true) as string | undefined;
    return id !== undefined && file !== undefined ? { id, file } : undefined;
  }

  private tool(v: unknown, p: KeyPath): ToolManifest | undefined {
    if (!this.table(v, p, 'struct PluginToolManifest')) return undefined;
    this.unknownKeys(v, p, ['name', 'description', 'input_schema', 'external_write']);
    const name = this.field(v, p, 'name', 'string', true) as string | undefined;
    const description = this.field(v, p, 'description', 'string', true) as string | undefined;
    const input_schema = this.field(v, p, 'input_schema', 'any', true) as JsonValue | undefined;
    const external_write = (this.field(v, p, 'external_write', 'bool', false) as boolean | undefined) ?? false;
    if (name === undefined || description === undefined || input_schema === undefined) return undefined;
    return { name, description, input_schema, external_write };
  }

  private service(v: unknown, p: KeyPath): ServiceManifest | undefined {
    if (!this.table(v, p, 'struct PluginServiceManifest')) return undefined;
    this.unknownKeys(v, p, ['name', 'description', 'lifecycle', 'status_schema', 'side_effects']);
    const name = this.field(v, p, 'name', 'string', true) as string | undefined;
    const description = this.field(v, p, 'description', 'string', true) as string | undefined;
    const lifecycle = (this.field(v, p, 'lifecycle', 'string', false) as string | undefined) ?? '';
    const status_schema = this.field(v, p, 'status_schema', 'any', false) as JsonValue | undefined;
    const side_effects = (this.field(v, p, 'side_effects', 'strings', false) as string[] | undefined) ?? [];
    if (name === undefined || description === undefined) return undefined;
    const s: ServiceManifest = { name, description, lifecycle, side_effects };
    if (status_schema !== undefined) s.status_schema = status_schema;
    return s;
  }

  private ingress(v: unknown, p: KeyPath): IngressManifest | undefined {
    if (!this.table(v, p, 'struct PluginIngressManifest')) return undefined;
    this.unknownKeys(v, p, ['name', 'description', 'event_kinds', 'input_schema', 'sources', 'side_effects']);
    const name = this.field(v, p, 'name', 'string', true) as string | undefined;
    const description = this.field(v, p, 'description', 'string', true) as string | undefined;
    const event_kinds = (this.field(v, p, 'event_kinds', 'strings', false) as string[] | undefined) ?? [];
    const input_schema = this.field(v, p, 'input_schema', 'any', false) as JsonValue | undefined;
    const sources = (this.field(v, p, 'sources', 'strings', false) as string[] | undefined) ?? [];
    const side_effects = (this.field(v, p, 'side_effects', 'strings', false) as string[] | undefined) ?? [];
    if (name === undefined || description === undefined) return undefined;
    const g: IngressManifest = { name, description, event_kinds, sources, side_effects };
    if (input_schema !== undefined) g.input_schema = input_schema;
    return g;
  }

  private permission(v: unknown, p: KeyPath): Permission | undefined {
    if (!this.table(v, p, 'internally tagged enum PluginPermission')) return undefined;
    if (!has(v, 'kind')) {
      this.err(p, 'missing field `kind`', 'value');
      return undefined;
    }
    const kind = this.enumValue(v, p, 'kind', PERMISSION_KINDS, true);
    if (!kind) return undefined;
    const str = (key: string): string | undefined => {
      this.unknownKeys(v, p, ['kind', key]);
      return this.field(v, p, key, 'string', true) as string | undefined;
    };
    switch (kind) {
      case 'surface': {
        this.unknownKeys(v, p, ['kind', 'surface']);
        const surface = this.enumValue(v, p, 'surface', SURFACES, true);
        return surface ? { kind, surface } : undefined;
      }
      case 'tool':
      case 'service':
      case 'ingress': {
        const name = str('name');
        return name === undefined ? undefined : { kind, name };
      }
      case 'tool_namespace': {
        const namespace = str('namespace');
        return namespace === undefined ? undefined : { kind, namespace };
      }
      case 'external_write':
        this.unknownKeys(v, p, ['kind']);
        return { kind };
      case 'host_api': {
        this.unknownKeys(v, p, ['kind', 'api']);
        const api = this.enumValue<HostApi>(v, p, 'api', HOST_APIS, true);
        return api ? { kind, api } : undefined;
      }
    }
  }

  private requestTarget(v: unknown, p: KeyPath): RequestTarget | undefined {
    if (!this.table(v, p, 'struct PluginRequestGrant')) return undefined;
    this.unknownKeys(v, p, ['scheme', 'host', 'port', 'methods', 'path_prefixes']);
    const t: RequestTarget = {
      scheme: (this.field(v, p, 'scheme', 'string', false) as string | undefined) ?? '',
      host: (this.field(v, p, 'host', 'string', false) as string | undefined) ?? '',
      methods: (this.field(v, p, 'methods', 'strings', false) as string[] | undefined) ?? [],
      path_prefixes: (this.field(v, p, 'path_prefixes', 'strings', false) as string[] | undefined) ?? [],
    };
    const port = this.field(v, p, 'port', 'u16', false) as number | undefined;
    if (port !== undefined) t.port = port;
    return t;
  }

  private websocketTarget(v: unknown, p: KeyPath): WebSocketTarget | undefined {
    if (!this.table(v, p, 'struct PluginWebSocketGrant')) return undefined;
    this.unknownKeys(v, p, ['scheme', 'host', 'port', 'path_prefixes']);
    const t: WebSocketTarget = {
      scheme: (this.field(v, p, 'scheme', 'string', false) as string | undefined) ?? '',
      host: (this.field(v, p, 'host', 'string', false) as string | undefined) ?? '',
      path_prefixes: (this.field(v, p, 'path_prefixes', 'strings', false) as string[] | undefined) ?? [],
    };
    const port = this.field(v, p, 'port', 'u16', false) as number | undefined;
    if (port !== undefined) t.port = port;
    return t;
  }
}
