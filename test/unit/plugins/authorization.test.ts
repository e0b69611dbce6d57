// Spec §5 authorization and §6.2 static inspection: each rule passes and fails, target matching,
// the rows `check` builds with its self-grants, and the status / JSON / human lines of §7.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifest } from '../../../src/core/plugins/manifest/schema';
import { PluginManifest, RequestTarget, WebSocketTarget } from '../../../src/core/plugins/manifest/types';
import { authorizeHostApi, authorizeIngress, authorizeService, authorizeTool, grantBindingError, PluginGrants, ResolvedRecord } from '../../../src/core/plugins/authorization/authorize';
import { isBroad, isUsableRequestTarget, isUsableWebSocketTarget, targetCovers, targetLabel, targetsIntersect } from '../../../src/core/plugins/authorization/targets';
import { inspectStatic, staticallyEligible } from '../../../src/core/plugins/staticInspection';
import { buildCheckReport, packageReport, renderCheckHuman, staticInspectionFindings, placeholderFinding } from '../../../src/core/plugins/checkReport';
import { toolManifest } from './helpers/pkg';

function manifest(text: string): PluginManifest {
  const r = parseManifest(text);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.manifest;
}

function record(m: PluginManifest, grants: Partial<PluginGrants> = {}): ResolvedRecord {
  const identity = `project:${m.id}`;
  return {
    identity,
    digest: 'sha256:00',
    version: m.version,
    manifest: m,
    enabledSurfaces: [...m.surfaces],
    grants: { id: identity, version: m.version, digest: 'sha256:00', permissions: [...m.permissions], request: [], websocket: [], fs: [], ...grants },
  };
}

const req = (t: Partial<RequestTarget>): RequestTarget => ({ scheme: 'https', host: 'api.example.test', methods: ['GET'], path_prefixes: ['/v1/'], ...t });
const ws = (t: Partial<WebSocketTarget>): WebSocketTarget => ({ scheme: 'wss', host: 'gw.example.test', path_prefixes: ['/ws'], ...t });

test('grant binding: id, digest and version must name this package', () => {
  const r = record(manifest(toolManifest()));
  assert.equal(grantBindingError(r), undefined);
  assert.match(grantBindingError({ ...r, grants: { ...r.grants, id: undefined } })!, /id is missing/);
  assert.match(grantBindingError({ ...r, grants: { ...r.grants, id: 'user:demo.tool' } })!, /id does not match/);
  assert.match(grantBindingError({ ...r, grants: { ...r.grants, digest: 'sha256:11' } })!, /digest does not match/);
  assert.match(grantBindingError({ ...r, grants: { ...r.grants, version: '9' } })!, /version does not match/);
  // Every authorisation checks the binding first.
  assert.match(authorizeTool({ ...r, grants: { ...r.grants, digest: undefined } }, r.manifest.tools[0])!, /digest is missing/);
});

test('tool rule: surfaces.tool and tool.T (or a namespace prefix) requested and granted; external_write', () => {
  const m = manifest(toolManifest());
  const tool = m.tools[0];
  assert.equal(authorizeTool(record(m), tool), undefined);
  const noSurface = { ...m, permissions: m.permissions.filter((p) => p.kind !== 'surface') };
  assert.equal(authorizeTool(record(noSurface), tool), 'requested surfaces.tool permission is missing');
  const r = record(m);
  assert.equal(authorizeTool({ ...r, grants: { ...r.grants, permissions: r.grants.permissions.filter((p) => p.kind !== 'surface') } }, tool), 'granted surfaces.tool permission is missing');
  assert.equal(authorizeTool(record({ ...m, permissions: m.permissions.filter((p) => p.kind !== 'tool') }), tool), 'requested tool permission for `demo_echo` is missing');
  assert.equal(authorizeTool({ ...r, grants: { ...r.grants, permissions: r.grants.permissions.filter((p) => p.kind !== 'tool') } }, tool), 'granted tool permission for `demo_echo` is missing');
  const ns = { ...m, permissions: [m.permissions[0], { kind: 'tool_namespace' as const, namespace: 'demo_' }] };
  assert.equal(authorizeTool(record(ns), tool), undefined);
  const emptyNs = { ...m, permissions: [m.permissions[0], { kind: 'tool_namespace' as const, namespace: '' }] };
  assert.match(authorizeTool(record(emptyNs), tool)!, /requested tool permission/);
  const ext = { ...tool, external_write: true };
  assert.equal(authorizeTool(record(m), ext), 'requested external_write permission is missing');
  const withExt = { ...m, permissions: [...m.permissions, { kind: 'external_write' as const }] };
  assert.equal(authorizeTool(record(withExt), ext), undefined);
  assert.equal(authorizeTool(record(withExt, { permissions: m.permissions }), ext), 'granted external_write permission is missing');
});

test('service and ingress rules', () => {
  const m = manifest(
    toolManifest('\n[[services]]\nname = "svc"\ndescription = "S"\n\n[[ingresses]]\nname = "in"\ndescription = "I"\n')
      .replace('"yoi:plugin/tool@1.0.0"', '"yoi:plugin/instance@1.0.0"')
      .replace('surfaces = ["tool"]', 'surfaces = ["tool", "service", "ingress"]'),
  );
  assert.equal(authorizeService(record(m), 'svc'), 'requested surfaces.service permission is missing');
  const perms = [...m.permissions, { kind: 'surface' as const, surface: 'service' as const }, { kind: 'surface' as const, surface: 'ingress' as const }];
  assert.equal(authorizeService(record({ ...m, permissions: perms }), 'svc'), 'requested service permission for `svc` is missing');
  assert.equal(authorizeIngress(record({ ...m, permissions: perms }), 'in'), 'requested ingress permission for `in` is missing');
  const all = [...perms, { kind: 'service' as const, name: 'svc' }, { kind: 'ingress' as const, name: 'in' }];
  assert.equal(authorizeService(record({ ...m, permissions: all }), 'svc'), undefined);
  assert.equal(authorizeIngress(record({ ...m, permissions: all }, { permissions: perms }), 'in'), 'granted ingress permission for `in` is missing');
});

test('host_api rules: permission both ways, usable manifest targets, usable grants, fs scope', () => {
  const base = manifest(toolManifest());
  const m = { ...base, permissions: [...base.permissions, { kind: 'host_api' as const, api: 'request' as const }, { kind: 'host_api' as const, api: 'fs' as const }] };
  assert.equal(authorizeHostApi(record(base), 'request'), 'requested host_api.request permission is missing');
  assert.equal(authorizeHostApi(record(m, { permissions: base.permissions }), 'request'), 'granted host_api.request permission is missing');
  assert.equal(authorizeHostApi(record(m), 'request'), 'manifest host_api.request target declaration is missing');
  const withTarget = { ...m, request: [req({})] };
  assert.equal(authorizeHostApi(record(withTarget), 'request'), 'enabled host_api.request grants are missing');
  assert.equal(authorizeHostApi(record(withTarget, { request: [req({})] }), 'request'), undefined);
  // Unusable: empty scheme/host, or no runtime method.
  assert.equal(authorizeHostApi(record({ ...m, request: [req({ methods: ['HEAD'] })] }, { request: [req({})] }), 'request'), 'manifest host_api.request target declaration is missing');
  assert.equal(authorizeHostApi(record(m), 'fs'), 'granted host_api.fs scope allowlist is missing');
  assert.equal(authorizeHostApi(record(m, { fs: [{ root: 'relative', operations: ['read'] }] }), 'fs'), 'granted host_api.fs scope allowlist is missing');
  assert.equal(authorizeHostApi(record(m, { fs: [{ root: '/data', operations: [] }] }), 'fs'), 'granted host_api.fs scope allowlist is missing');
  assert.equal(authorizeHostApi(record(m, { fs: [{ root: '/data', operations: ['write'] }] }), 'fs'), undefined);
  const wsm = { ...base, permissions: [...base.permissions, { kind: 'host_api' as const, api: 'websocket' as const }], websocket: [ws({ scheme: 'https' })] };
  assert.equal(authorizeHostApi(record(wsm, { websocket: [ws({})] }), 'websocket'), 'manifest host_api.websocket target declaration is missing');
  assert.equal(authorizeHostApi(record({ ...wsm, websocket: [ws({})] }, { websocket: [ws({})] }), 'websocket'), undefined);
});

test('targets: broadness, usability, labels, covers and intersects', () => {
  assert.ok(isBroad(req({ scheme: '*' })) && isBroad(req({ host: '*' })) && isBroad(req({ path_prefixes: [] })));
  assert.ok(!isBroad(req({})));
  assert.ok(isUsableRequestTarget(req({})) && !isUsableRequestTarget(req({ host: '' })) && !isUsableRequestTarget(req({ methods: [] })));
  assert.ok(isUsableWebSocketTarget(ws({ scheme: '*' })) && !isUsableWebSocketTarget(ws({ scheme: 'http' })));
  assert.equal(targetLabel(req({})), 'https://api.example.test GET /v1/');
  assert.equal(targetLabel(req({ scheme: '*', host: '*', path_prefixes: [] })), '*://* GET * [broad-request]');
  assert.equal(targetLabel(ws({ scheme: '*', host: '*', path_prefixes: [] })), '*://* * [broad-websocket]');
  assert.equal(targetLabel(req({ port: 8443, methods: ['GET', 'POST'], path_prefixes: ['/a', '/b'] })), 'https://api.example.test:8443 GET,POST /a,/b');
  // covers(outer, inner)
  assert.ok(targetCovers(req({ path_prefixes: ['/'] }), req({})));
  assert.ok(targetCovers(req({ host: 'API.Example.Test.' }), req({})), 'hosts compare normalised');
  assert.ok(!targetCovers(req({}), req({ path_prefixes: ['/'] })));
  assert.ok(!targetCovers(req({ methods: ['GET'] }), req({ methods: ['GET', 'POST'] })));
  assert.ok(!targetCovers(req({ port: 1 }), req({})));
  assert.ok(targetCovers(req({ path_prefixes: [] }), req({ path_prefixes: [] })));
  assert.ok(!targetCovers(req({}), req({ path_prefixes: [] })), 'a target with no prefixes is covered only by a grant with none');
  // intersects
  assert.ok(targetsIntersect(req({ path_prefixes: ['/v1/x'] }), req({})));
  assert.ok(!targetsIntersect(req({ host: 'a' }), req({ host: 'b' })));
  assert.ok(targetsIntersect(req({ host: '*' }), req({ host: 'b' })));
  assert.ok(!targetsIntersect(req({ methods: ['POST'] }), req({})));
  assert.ok(!targetsIntersect(req({ port: 1 }), req({ port: 2 })));
  assert.ok(!targetsIntersect(req({ path_prefixes: ['/a'] }), req({ path_prefixes: ['/b'] })));
});

test('static inspection rows: target/grant/grant-only diagnostics', () => {
  const base = manifest(toolManifest());
  const m = { ...base, permissions: [...base.permissions, { kind: 'host_api' as const, api: 'request' as const }], request: [req({}), req({ host: 'other.test' })] };
  const s = inspectStatic(record(m, { request: [req({ path_prefixes: ['/'] }), req({ host: '*', path_prefixes: [] }), req({ host: 'unrelated.test', methods: ['DELETE'] })] }));
  const rows = Object.fromEntries(s.host_apis.map((r) => [r.permission, r]));
  assert.equal(rows['host_api.request'].eligible, true);
  assert.equal(rows['host_api.request target https://api.example.test GET /v1/'].diagnostic, undefined);
  assert.equal(rows['host_api.request target https://other.test GET /v1/'].diagnostic, 'covered by broad/arbitrary enabled request grant');
  assert.equal(rows['host_api.request grant https://* GET * [broad-request]'].diagnostic, 'broad/arbitrary enabled request grant is constrained by manifest declarations');
  assert.equal(rows['host_api.request grant https://api.example.test GET /'].diagnostic, 'enabled request grant is only usable where it intersects manifest declarations');
  assert.equal(rows['host_api.request grant-only https://unrelated.test DELETE /v1/'].eligible, false);
  assert.equal(rows['host_api.request grant-only https://unrelated.test DELETE /v1/'].diagnostic, 'enabled request grant has no matching manifest declaration');
  assert.equal(staticallyEligible(s), false);
  const narrow = inspectStatic(record(m, { request: [req({ path_prefixes: ['/v1/x'] })] }));
  assert.equal(narrow.host_apis.find((r) => r.permission.startsWith('host_api.request target https://api'))!.diagnostic, 'partially covered by enabled request grant; only intersecting URLs are allowed');
  const missing = inspectStatic(record(m));
  assert.equal(missing.host_apis.find((r) => r.permission.includes('target https://api'))!.diagnostic, 'missing enabled request grant for manifest target');
});

test('static inspection: runtime statuses, tool rows only with the tool surface, service rows need the instance world', () => {
  const m = manifest(toolManifest());
  const s = inspectStatic(record(m));
  assert.deepEqual([s.runtime.status, s.runtime.eligible], ['wasm-component/yoi:plugin/tool@1.0.0', true]);
  assert.equal(s.tools.length, 1);
  assert.ok(staticallyEligible(s));
  assert.equal(inspectStatic({ ...record(m), enabledSurfaces: [] }).tools.length, 0);
  assert.deepEqual(inspectStatic(record({ ...m, runtime: undefined })).runtime, { eligible: false, status: 'none', diagnostic: 'plugin runtime is not declared', keyPath: [] });
  assert.equal(inspectStatic(record({ ...m, runtime: { kind: 'wasm', abi: 'yoi-plugin-wasm-1' } })).runtime.status, 'wasm/yoi-plugin-wasm-1');
  assert.equal(inspectStatic(record({ ...m, runtime: { kind: 'wasm-component' } })).runtime.status, 'wasm-component/<missing-world>');
  assert.equal(inspectStatic(record({ ...m, runtime: { kind: 'native' } })).runtime.diagnostic, 'unsupported plugin runtime kind `native`');
  const dup = { ...m, tools: [m.tools[0], { ...m.tools[0], input_schema: { type: 'string' } }] };
  const dupRows = inspectStatic(record(dup)).tools;
  assert.match(dupRows[0].diagnostic!, /has duplicate name within plugin manifest/);
  assert.match(dupRows[1].diagnostic!, /has invalid input_schema: root schema type must be `object`/);
  const svc = { ...m, surfaces: [...m.surfaces, 'service' as const], services: [{ name: 'svc', description: 'S', lifecycle: '', side_effects: [] }] };
  assert.match(inspectStatic(record(svc)).services[0].diagnostic!, /^service requires instance-capable component world; requested surfaces.service permission is missing$/);
});

test('check report: status, JSON fields, yoi mapping of static rows and the placeholder', () => {
  const m = manifest(toolManifest());
  const pkg = packageReport(m, 'sha256:ab', '/p', ['plugin.component.wasm', 'plugin.toml']);
  assert.deepEqual(pkg, {
    reference: 'project:demo.tool',
    package: 'demo.tool',
    source: 'project',
    version: '0.1.0',
    schema_version: 1,
    digest: 'sha256:ab',
    package_path: '/p',
    entries: ['plugin.component.wasm', 'plugin.toml'],
    surfaces: ['tool'],
    tools: ['demo_echo'],
    permissions: ['surfaces.tool', 'tool.demo_echo'],
  });
  const active = buildCheckReport({ inputPath: 'p', inputKind: 'directory', package: pkg, staticFindings: [] });
  assert.deepEqual(Object.keys(active), ['command', 'status', 'input_path', 'input_kind', 'package', 'diagnostics', 'static_inspection', 'safety', 'next_steps']);
  assert.equal(active.status, 'active');
  assert.deepEqual(active.static_inspection, { status: 'active', diagnostics: 0 });
  const partial = buildCheckReport({ inputPath: 'p', inputKind: 'directory', package: pkg, staticFindings: [], placeholder: placeholderFinding('plugin.component.wasm') });
  assert.equal(partial.status, 'partial');
  assert.deepEqual(partial.diagnostics.map((d) => [d.kind, d.phase]), [['placeholder', 'runtime']]);
  // A host API request makes check reject: it grants no targets (spec §6.2 consequence).
  const hm = { ...m, permissions: [...m.permissions, { kind: 'host_api' as const, api: 'websocket' as const }], websocket: [ws({})] };
  const staticFindings = staticInspectionFindings(inspectStatic(record(hm)));
  assert.deepEqual(staticFindings.map((f) => [f.kind, f.phase, f.message]), [
    ['grant', 'resolution', 'enabled host_api.websocket grants are missing'],
    ['grant', 'resolution', 'missing enabled WebSocket grant for manifest target'],
  ]);
  const rejected = buildCheckReport({ inputPath: 'p', inputKind: 'package', package: pkg, staticFindings, placeholder: placeholderFinding('x') });
  assert.equal(rejected.status, 'rejected', 'static diagnostics win over the placeholder');
  assert.equal(rejected.diagnostics.length, 3);
  const human = renderCheckHuman(rejected);
  assert.match(human, /^plugin check: p \[rejected\] input_kind=package\n/);
  assert.match(human, /\npackage: project:demo\.tool version=0\.1\.0 digest=sha256:ab entries=2 source=project surfaces=tool tools=1\n/);
  assert.match(human, /\nenablement guidance: not ready to enable; fix diagnostics first; this command does not mutate config\n/);
  assert.match(human, /\n {2}- kind=grant phase=resolution message=enabled host_api\.websocket grants are missing\n/);
  assert.match(human, /\nsafety: no Plugin execution; no enablement config mutation; no secrets generated\nnext steps:\n {2}- Fix the reported diagnostics/);
  const failed = buildCheckReport({ inputPath: 'p', inputKind: 'package', failure: { id: 'x', origin: 'yoi', severity: 'error', kind: 'malformed', phase: 'discovery', message: 'm'.repeat(300) } });
  assert.equal(failed.package, null);
  assert.equal(failed.static_inspection, null);
  assert.equal(failed.diagnostics[0].message, 'm'.repeat(240) + '…');
  assert.match(renderCheckHuman(failed), /\ndiagnostics:\n {2}- kind=malformed phase=discovery/);
});
