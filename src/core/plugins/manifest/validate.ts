// Manifest validation, spec §6.1, in yoi's order with yoi's kinds and phases. yoi stops at the
// first failure; the inspector evaluates every rule it can (rules 5–11 are independent checks on
// a parsed manifest) and marks the first failure `reportedByYoi`, which also decides yoi's status.

import { DEFAULT_LIMITS, INSTANCE_WORLD, LEGACY_ABI, PLUGIN_SCHEMA_VERSION, PluginDiscoveryLimits, RUNTIME_COMPONENT_KIND, RUNTIME_LEGACY_KIND, SUPPORTED_WORLDS } from '../limits';
import { DiagnosticKind, Finding, FindingLocation, FindingParams, finding } from '../findings';
import { isSafeId, normalizeArchivePath } from '../names';
import { KeyPath, TomlIndex } from './tomlIndex';
import { parseManifest, SchemaError } from './schema';
import { PluginManifest } from './types';

export const MANIFEST_FILE = 'plugin.toml';

export interface ManifestCheck {
  /** Parsed manifest when rules 1–4 pass (even if later rules fail). */
  manifest?: PluginManifest;
  /** Raw TOML table when the text parsed (used for best-effort binary inspection after schema errors). */
  raw?: Record<string, unknown>;
  index?: TomlIndex;
  text?: string;
  /** Every manifest finding, in rule order. */
  findings: Finding[];
  /** The first failure (what yoi reports), if any. */
  failure?: Finding;
}

function at(index: TomlIndex | undefined, path: KeyPath, on: 'key' | 'value' = 'value'): FindingLocation {
  return index ? index.locate(MANIFEST_FILE, path, on) : { file: MANIFEST_FILE, keyPath: path };
}

function manifestFinding(
  id: string,
  kind: DiagnosticKind,
  message: string,
  location: FindingLocation,
  params?: FindingParams,
): Finding {
  return finding(`manifest.${id}`, 'yoi', 'error', kind, 'manifest', message, params, location);
}

/** Rules 1–11 over a materialised file map. */
export function checkManifest(files: ReadonlyMap<string, Uint8Array>, limits: PluginDiscoveryLimits = DEFAULT_LIMITS): ManifestCheck {
  const out: ManifestCheck = { findings: [] };
  const done = (): ManifestCheck => {
    out.failure = out.findings.find((f) => f.severity === 'error');
    if (out.failure) out.failure.reportedByYoi = true;
    return out;
  };

  // 1. root plugin.toml exists
  const bytes = files.get(MANIFEST_FILE);
  if (!bytes) {
    out.findings.push(manifestFinding('missing', 'missing', 'plugin package is missing root plugin.toml', { file: MANIFEST_FILE }));
    return done();
  }
  // 2. size
  if (bytes.length > limits.maxManifestSizeBytes) {
    out.findings.push(
      manifestFinding('too-large', 'bounds', 'plugin.toml exceeds the configured manifest size bound', { file: MANIFEST_FILE }, {
        size: bytes.length,
        limit: limits.maxManifestSizeBytes,
      }),
    );
    return done();
  }
  // 3. UTF-8
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    out.findings.push(manifestFinding('not-utf8', 'malformed', 'plugin.toml is not valid UTF-8', { file: MANIFEST_FILE }));
    return done();
  }
  out.text = text;
  // 4. TOML + strict schema
  const parsed = parseManifest(text);
  out.index = parsed.index;
  if (!parsed.ok) {
    const errors: SchemaError[] = parsed.syntax ? [parsed.error] : parsed.errors;
    if (!parsed.syntax) out.raw = parsed.raw;
    for (const e of errors) {
      const location = parsed.index.rangeLocation(MANIFEST_FILE, e.path.length ? e.path : undefined, e.start, e.end);
      const span = `${location.byteStart}..${location.byteEnd}`;
      out.findings.push(
        manifestFinding(parsed.syntax ? 'toml-syntax' : 'schema', 'malformed', `plugin.toml could not be parsed near byte span ${span}: ${e.reason}`, location, {
          reason: e.reason,
          span,
        }),
      );
    }
    return done();
  }
  const m = parsed.manifest;
  out.manifest = m;
  out.raw = parsed.raw;
  const idx = parsed.index;
  const add = (id: string, kind: DiagnosticKind, message: string, path: KeyPath, params?: FindingParams, on: 'key' | 'value' = 'value') =>
    out.findings.push(manifestFinding(id, kind, message, at(idx, path, on), params));

  // 5. schema_version
  if (m.schema_version !== PLUGIN_SCHEMA_VERSION) {
    add('schema-version', 'api', 'plugin schema/API version is unsupported', ['schema_version'], { found: m.schema_version, supported: PLUGIN_SCHEMA_VERSION });
  }
  // 6. safe id
  if (!isSafeId(m.id)) add('unsafe-id', 'malformed', 'plugin manifest id is not a safe local id', ['id'], { id: m.id });
  // 7. name and version non-blank
  if (m.name.trim() === '' || m.version.trim() === '') {
    add('name-version-required', 'malformed', 'plugin manifest name and version are required', [m.name.trim() === '' ? 'name' : 'version']);
  }
  // 8. runtime
  const rt = m.runtime;
  if (rt) {
    if (rt.kind === RUNTIME_LEGACY_KIND) {
      add(
        'legacy-runtime',
        'api',
        `legacy raw wasm plugin runtime (abi \`${rt.abi ?? '<missing-abi>'}\`) is retired; use \`${RUNTIME_COMPONENT_KIND}\``,
        ['runtime', 'kind'],
        { abi: rt.abi ?? '', expectedAbi: LEGACY_ABI },
      );
    } else if (rt.kind === RUNTIME_COMPONENT_KIND) {
      if (rt.abi !== undefined || rt.entry !== undefined) {
        add('component-raw-fields', 'malformed', 'plugin component runtime must not carry raw wasm abi or entry fields', ['runtime', rt.abi !== undefined ? 'abi' : 'entry'], {}, 'key');
      }
      if (rt.world === undefined || !SUPPORTED_WORLDS.includes(rt.world)) {
        add('component-world', 'api', 'plugin component world is unsupported', rt.world === undefined ? ['runtime'] : ['runtime', 'world'], {
          world: rt.world ?? '',
          supported: SUPPORTED_WORLDS.join(', '),
        });
      }
      if (rt.component === undefined) {
        add('component-missing', 'missing', 'plugin component runtime artifact is required', ['runtime']);
      } else {
        checkPath(rt.component, ['runtime', 'component']);
      }
    } else {
      add('runtime-kind', 'api', 'plugin runtime kind is unsupported', ['runtime', 'kind'], { kind: rt.kind });
    }
  }
  // 9. services / ingresses need the instance world
  const instance = rt?.kind === RUNTIME_COMPONENT_KIND && rt.world === INSTANCE_WORLD;
  if ((m.services.length || m.ingresses.length) && !instance) {
    add('surface-needs-instance', 'surface', 'plugin services and ingresses require the instance-capable component world', [m.services.length ? 'services' : 'ingresses'], {
      world: INSTANCE_WORLD,
    });
  }
  // 10. service / ingress names are safe ids
  m.services.forEach((s, i) => {
    if (!isSafeId(s.name)) add('unsafe-service-name', 'malformed', 'plugin service name is not safe', ['services', i, 'name'], { name: s.name });
  });
  m.ingresses.forEach((g, i) => {
    if (!isSafeId(g.name)) add('unsafe-ingress-name', 'malformed', 'plugin ingress name is not safe', ['ingresses', i, 'name'], { name: g.name });
  });
  // 11. hooks
  m.hooks.forEach((h, i) => {
    if (!isSafeId(h.id)) add('unsafe-hook-id', 'malformed', 'plugin hook id is not safe', ['hooks', i, 'id'], { id: h.id });
    checkPath(h.file, ['hooks', i, 'file']);
  });
  return done();

  function checkPath(value: string, path: KeyPath): void {
    const normalized = normalizeArchivePath(value);
    if (normalized === undefined) {
      add('path-traversal', 'traversal', 'plugin manifest references a path outside the package root', path, { path: value });
    } else if (!files.has(normalized)) {
      add('path-missing', 'missing', 'plugin manifest references a path not present in the package', path, { path: value });
    }
  }
}
