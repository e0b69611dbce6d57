// yoi's authorization rules (spec §5, `authorize_plugin_*` in crates/worker): the grant binding
// first, then "requested and granted" for each permission, then usable targets. Each function
// returns yoi's failure message, or undefined when authorised.

import { FsGrant, HostApi, Permission, PluginManifest, RequestTarget, Surface, ToolManifest, WebSocketTarget, permissionLabel } from '../manifest/types';
import { isUsableFsGrant, isUsableRequestTarget, isUsableWebSocketTarget } from './targets';

export interface PluginGrants {
  id?: string;
  version?: string;
  digest?: string;
  permissions: Permission[];
  request: RequestTarget[];
  websocket: WebSocketTarget[];
  fs: FsGrant[];
}

/** What yoi's static inspection works on (`ResolvedPluginRecord`). */
export interface ResolvedRecord {
  /** `project:<id>` etc. */
  identity: string;
  digest: string;
  version: string;
  manifest: PluginManifest;
  enabledSurfaces: Surface[];
  grants: PluginGrants;
}

function includes(list: readonly Permission[], p: Permission): boolean {
  const label = permissionLabel(p);
  return list.some((x) => x.kind === p.kind && permissionLabel(x) === label);
}

export function permissionRequested(r: ResolvedRecord, p: Permission): boolean {
  return includes(r.manifest.permissions, p);
}

export function permissionGranted(r: ResolvedRecord, p: Permission): boolean {
  return includes(r.grants.permissions, p);
}

/** §4.3 step 4: grants must name this package's id, digest and version. */
export function grantBindingError(r: ResolvedRecord): string | undefined {
  const g = r.grants;
  if (g.id === undefined) return 'plugin grant binding id is missing';
  if (g.id !== r.identity) return 'plugin grant binding id does not match the plugin identity';
  if (g.digest === undefined) return 'plugin grant binding digest is missing';
  if (g.digest !== r.digest) return 'plugin grant binding digest does not match the package digest';
  if (g.version === undefined) return 'plugin grant binding version is missing';
  if (g.version !== r.version) return 'plugin grant binding version does not match the package version';
  return undefined;
}

function requireBoth(r: ResolvedRecord, p: Permission, what: string): string | undefined {
  if (!permissionRequested(r, p)) return `requested ${what} is missing`;
  if (!permissionGranted(r, p)) return `granted ${what} is missing`;
  return undefined;
}

/** `tool.T` or a `tool_namespace` that is a non-empty prefix of T. */
export function permissionAllowsTool(list: readonly Permission[], tool: string): boolean {
  return list.some(
    (p) => (p.kind === 'tool' && p.name === tool) || (p.kind === 'tool_namespace' && p.namespace !== '' && tool.startsWith(p.namespace)),
  );
}

export function authorizeTool(r: ResolvedRecord, tool: ToolManifest): string | undefined {
  const binding = grantBindingError(r);
  if (binding) return binding;
  const surface = requireBoth(r, { kind: 'surface', surface: 'tool' }, 'surfaces.tool permission');
  if (surface) return surface;
  if (!permissionAllowsTool(r.manifest.permissions, tool.name)) return `requested tool permission for \`${tool.name}\` is missing`;
  if (!permissionAllowsTool(r.grants.permissions, tool.name)) return `granted tool permission for \`${tool.name}\` is missing`;
  if (tool.external_write) return requireBoth(r, { kind: 'external_write' }, 'external_write permission');
  return undefined;
}

export function authorizeService(r: ResolvedRecord, name: string): string | undefined {
  return grantBindingError(r) ??
    requireBoth(r, { kind: 'surface', surface: 'service' }, 'surfaces.service permission') ??
    requireBoth(r, { kind: 'service', name }, `service permission for \`${name}\``);
}

export function authorizeIngress(r: ResolvedRecord, name: string): string | undefined {
  return grantBindingError(r) ??
    requireBoth(r, { kind: 'surface', surface: 'ingress' }, 'surfaces.ingress permission') ??
    requireBoth(r, { kind: 'ingress', name }, `ingress permission for \`${name}\``);
}

export function authorizeHostApi(r: ResolvedRecord, api: HostApi): string | undefined {
  const binding = grantBindingError(r);
  if (binding) return binding;
  const both = requireBoth(r, { kind: 'host_api', api }, `host_api.${api} permission`);
  if (both) return both;
  switch (api) {
    case 'request':
      if (!r.manifest.request.some(isUsableRequestTarget)) return 'manifest host_api.request target declaration is missing';
      if (!r.grants.request.some(isUsableRequestTarget)) return 'enabled host_api.request grants are missing';
      return undefined;
    case 'websocket':
      if (!r.manifest.websocket.some(isUsableWebSocketTarget)) return 'manifest host_api.websocket target declaration is missing';
      if (!r.grants.websocket.some(isUsableWebSocketTarget)) return 'enabled host_api.websocket grants are missing';
      return undefined;
    case 'fs':
      if (!r.grants.fs.some(isUsableFsGrant)) return 'granted host_api.fs scope allowlist is missing';
      return undefined;
  }
}
