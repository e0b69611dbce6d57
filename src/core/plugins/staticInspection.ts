// yoi's static inspection of a resolved package (`inspect_resolved_plugin_static`, spec §6.2):
// runtime eligibility, host API rows (permissions, targets, grants), tool rows (name + schema +
// authorization), service and ingress rows. It never looks at the binary. Rows carry the key path
// of the manifest entry they are about, so findings can be placed on it.

import { HOST_APIS, PluginManifest, RequestTarget, WebSocketTarget, permissionLabel } from './manifest/types';
import { INSTANCE_WORLD, RUNTIME_COMPONENT_KIND, RUNTIME_LEGACY_KIND, SUPPORTED_WORLDS, TOOL_WORLD } from './limits';
import { boundMessage } from './findings';
import { toolNameProblem } from './names';
import { validateInputSchema } from './manifest/toolSchema';
import {
  ResolvedRecord,
  authorizeHostApi,
  authorizeIngress,
  authorizeService,
  authorizeTool,
  permissionGranted,
  permissionRequested,
} from './authorization/authorize';
import { isBroad, targetCovers, targetLabel, targetsIntersect } from './authorization/targets';

export type KeyPath = (string | number)[];

export interface RuntimeEligibility {
  eligible: boolean;
  status: string;
  diagnostic?: string;
  keyPath: KeyPath;
}

export interface PermissionEligibility {
  permission: string;
  requested: boolean;
  granted: boolean;
  eligible: boolean;
  diagnostic?: string;
  keyPath: KeyPath;
}

export interface ToolEligibility extends PermissionEligibility {
  name: string;
  external_write: boolean;
}

export interface SurfaceEligibility extends PermissionEligibility {
  name: string;
}

export interface StaticInspection {
  runtime: RuntimeEligibility;
  host_apis: PermissionEligibility[];
  tools: ToolEligibility[];
  services: SurfaceEligibility[];
  ingresses: SurfaceEligibility[];
}

export function staticallyEligible(s: StaticInspection): boolean {
  return s.runtime.eligible && [...s.host_apis, ...s.tools, ...s.services, ...s.ingresses].every((r) => r.eligible);
}

function join(diagnostics: string[]): string | undefined {
  return diagnostics.length ? boundMessage(diagnostics.join('; '), 512) : undefined;
}

function opt<T extends object>(row: T, diagnostic: string | undefined): T & { diagnostic?: string } {
  return diagnostic === undefined ? row : { ...row, diagnostic };
}

export function runtimeEligibility(m: PluginManifest): RuntimeEligibility {
  const rt = m.runtime;
  if (!rt) return { eligible: false, status: 'none', diagnostic: 'plugin runtime is not declared', keyPath: [] };
  if (rt.kind === RUNTIME_COMPONENT_KIND && rt.world !== undefined && SUPPORTED_WORLDS.includes(rt.world) && rt.component !== undefined) {
    return { eligible: true, status: `${RUNTIME_COMPONENT_KIND}/${rt.world ?? TOOL_WORLD}`, keyPath: ['runtime'] };
  }
  if (rt.kind === RUNTIME_LEGACY_KIND) {
    return {
      eligible: false,
      status: `${RUNTIME_LEGACY_KIND}/${rt.abi ?? '<missing-abi>'}`,
      diagnostic: 'legacy raw wasm plugin runtime is not an active execution path; use wasm-component',
      keyPath: ['runtime', 'kind'],
    };
  }
  if (rt.kind === RUNTIME_COMPONENT_KIND) {
    return {
      eligible: false,
      status: `${RUNTIME_COMPONENT_KIND}/${rt.world ?? '<missing-world>'}`,
      diagnostic: 'unsupported or missing plugin component world',
      keyPath: rt.world === undefined ? ['runtime'] : ['runtime', 'world'],
    };
  }
  return { eligible: false, status: rt.kind, diagnostic: `unsupported plugin runtime kind \`${rt.kind}\``, keyPath: ['runtime', 'kind'] };
}

export function inspectStatic(r: ResolvedRecord): StaticInspection {
  const m = r.manifest;
  const runtime = runtimeEligibility(m);

  const host_apis: PermissionEligibility[] = [];
  for (const api of HOST_APIS) {
    const permission = { kind: 'host_api' as const, api };
    const requested = permissionRequested(r, permission);
    const granted = permissionGranted(r, permission);
    if (!requested && !granted) continue;
    const diagnostic = authorizeHostApi(r, api);
    const idx = m.permissions.findIndex((p) => p.kind === 'host_api' && p.api === api);
    host_apis.push(
      opt({ permission: permissionLabel(permission), requested, granted, eligible: diagnostic === undefined, keyPath: idx >= 0 ? ['permissions', idx] : ['permissions'] }, diagnostic),
    );
  }
  appendTargetRows('request', 'request', m.request, r.grants.request, host_apis);
  appendTargetRows('websocket', 'WebSocket', m.websocket, r.grants.websocket, host_apis);

  const duplicates = new Set<string>();
  const seen = new Set<string>();
  for (const t of m.tools) (seen.has(t.name) ? duplicates : seen).add(t.name);

  const tools: ToolEligibility[] = !r.enabledSurfaces.includes('tool')
    ? []
    : m.tools.map((tool, i) => {
        const permission = { kind: 'tool' as const, name: tool.name };
        const diagnostics: string[] = [];
        if (duplicates.has(tool.name)) diagnostics.push(`tool \`${tool.name}\` has duplicate name within plugin manifest`);
        const nameProblem = toolNameProblem(tool.name);
        if (nameProblem) diagnostics.push(`tool \`${tool.name}\` has invalid name: ${nameProblem}`);
        const schemaProblem = validateInputSchema(tool.input_schema);
        if (schemaProblem) diagnostics.push(`tool \`${tool.name}\` has invalid input_schema: ${schemaProblem.reason}`);
        const auth = authorizeTool(r, tool);
        if (auth) diagnostics.push(boundMessage(auth, 512));
        const diagnostic = join(diagnostics);
        return opt(
          {
            name: tool.name,
            permission: permissionLabel(permission),
            requested: permissionRequested(r, permission),
            granted: permissionGranted(r, permission),
            eligible: diagnostic === undefined,
            external_write: tool.external_write,
            keyPath: ['tools', i],
          },
          diagnostic,
        );
      });

  const instanceWorld = m.runtime?.kind === RUNTIME_COMPONENT_KIND && m.runtime.world === INSTANCE_WORLD;
  const surfaceRows = (kind: 'service' | 'ingress', names: string[]): SurfaceEligibility[] =>
    !r.enabledSurfaces.includes(kind)
      ? []
      : names.map((name, i) => {
          const permission = kind === 'service' ? { kind, name } : { kind, name };
          const diagnostics: string[] = [];
          if (!instanceWorld) diagnostics.push(`${kind} requires instance-capable component world`);
          const auth = kind === 'service' ? authorizeService(r, name) : authorizeIngress(r, name);
          if (auth) diagnostics.push(boundMessage(auth, 512));
          const diagnostic = join(diagnostics);
          return opt(
            {
              name,
              permission: permissionLabel(permission),
              requested: permissionRequested(r, permission),
              granted: permissionGranted(r, permission),
              eligible: diagnostic === undefined,
              keyPath: [kind === 'service' ? 'services' : 'ingresses', i],
            },
            diagnostic,
          );
        });

  return {
    runtime,
    host_apis,
    tools,
    services: surfaceRows('service', m.services.map((s) => s.name)),
    ingresses: surfaceRows('ingress', m.ingresses.map((g) => g.name)),
  };
}

function appendTargetRows<T extends RequestTarget | WebSocketTarget>(
  api: 'request' | 'websocket',
  word: 'request' | 'WebSocket',
  targets: T[],
  grants: T[],
  rows: PermissionEligibility[],
): void {
  targets.forEach((target, i) => {
    const covering = grants.find((g) => targetCovers(g, target));
    const granted = (covering ?? grants.find((g) => targetsIntersect(target, g))) !== undefined;
    let diagnostic: string | undefined;
    if (!granted) diagnostic = `missing enabled ${word} grant for manifest target${isBroad(target) ? '; broad/arbitrary target' : ''}`;
    else if (!covering && isBroad(target)) {
      diagnostic = `partially covered by enabled ${word} grant; broad manifest target is constrained by narrower grants`;
    } else if (!covering) diagnostic = `partially covered by enabled ${word} grant; only intersecting URLs are allowed`;
    else if (isBroad(covering)) diagnostic = `covered by broad/arbitrary enabled ${word} grant`;
    rows.push(opt({ permission: `host_api.${api} target ${targetLabel(target)}`, requested: true, granted, eligible: granted, keyPath: [api, i] }, diagnostic));
  });
  for (const grant of grants) {
    const matching = targets.find((t) => targetsIntersect(t, grant));
    const idx = matching ? targets.indexOf(matching) : -1;
    if (matching) {
      const diagnostic = isBroad(grant)
        ? `broad/arbitrary enabled ${word} grant is constrained by manifest declarations`
        : !targetCovers(matching, grant)
          ? `enabled ${word} grant is only usable where it intersects manifest declarations`
          : undefined;
      rows.push(opt({ permission: `host_api.${api} grant ${targetLabel(grant)}`, requested: true, granted: true, eligible: true, keyPath: [api, idx] }, diagnostic));
    } else {
      rows.push({
        permission: `host_api.${api} grant-only ${targetLabel(grant)}`,
        requested: false,
        granted: true,
        eligible: false,
        diagnostic: `enabled ${word} grant has no matching manifest declaration${isBroad(grant) ? '; broad/arbitrary target' : ''}`,
        keyPath: [api],
      });
    }
  }
}
