// The typed `plugin.toml` (yoi's `PluginPackageManifest`), field names as in TOML so the JSON
// report reads like the file.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export const SURFACES = ['hook', 'tool', 'service', 'ingress', 'wasm'] as const;
export type Surface = (typeof SURFACES)[number];

export const HOST_APIS = ['request', 'websocket', 'fs'] as const;
export type HostApi = (typeof HOST_APIS)[number];

export type Permission =
  | { kind: 'surface'; surface: Surface }
  | { kind: 'tool'; name: string }
  | { kind: 'tool_namespace'; namespace: string }
  | { kind: 'service'; name: string }
  | { kind: 'ingress'; name: string }
  | { kind: 'external_write' }
  | { kind: 'host_api'; api: HostApi };

export const PERMISSION_KINDS = ['surface', 'tool', 'tool_namespace', 'service', 'ingress', 'external_write', 'host_api'] as const;

export interface RuntimeManifest {
  kind: string;
  component?: string;
  world?: string;
  entry?: string;
  abi?: string;
}

export interface HookManifest {
  id: string;
  file: string;
}

export interface ToolManifest {
  name: string;
  description: string;
  input_schema: JsonValue;
  external_write: boolean;
}

export interface ServiceManifest {
  name: string;
  description: string;
  lifecycle: string;
  status_schema?: JsonValue;
  side_effects: string[];
}

export interface IngressManifest {
  name: string;
  description: string;
  event_kinds: string[];
  input_schema?: JsonValue;
  sources: string[];
  side_effects: string[];
}

export interface RequestTarget {
  scheme: string;
  host: string;
  port?: number;
  methods: string[];
  path_prefixes: string[];
}

export interface WebSocketTarget {
  scheme: string;
  host: string;
  port?: number;
  path_prefixes: string[];
}

export interface FsGrant {
  root: string;
  operations: ('read' | 'list' | 'write')[];
}

export interface PluginManifest {
  schema_version: number;
  id: string;
  name: string;
  version: string;
  description?: string;
  surfaces: Surface[];
  runtime?: RuntimeManifest;
  hooks: HookManifest[];
  tools: ToolManifest[];
  services: ServiceManifest[];
  ingresses: IngressManifest[];
  permissions: Permission[];
  request: RequestTarget[];
  websocket: WebSocketTarget[];
}

/** yoi's report label of a permission (`surfaces.tool`, `tool.x`, `host_api.request`, …). */
export function permissionLabel(p: Permission): string {
  switch (p.kind) {
    case 'surface':
      return `surfaces.${p.surface}`;
    case 'tool':
      return `tool.${p.name}`;
    case 'tool_namespace':
      return `tool_namespace.${p.namespace}`;
    case 'service':
      return `service.${p.name}`;
    case 'ingress':
      return `ingress.${p.name}`;
    case 'external_write':
      return 'external_write';
    case 'host_api':
      return `host_api.${p.api}`;
  }
}

export function samePermission(a: Permission, b: Permission): boolean {
  return permissionLabel(a) === permissionLabel(b) && a.kind === b.kind;
}

/** Explicit `surfaces` plus the implied ones (spec §2.3). */
export function declaredSurfaces(m: PluginManifest): Surface[] {
  const set = new Set<Surface>(m.surfaces);
  if (m.hooks.length) set.add('hook');
  if (m.tools.length) set.add('tool');
  if (m.services.length) set.add('service');
  if (m.ingresses.length) set.add('ingress');
  if (m.runtime) set.add('wasm');
  return SURFACES.filter((s) => set.has(s));
}
