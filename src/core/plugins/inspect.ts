// Top-level inspection of a plugin folder, a `.yoi-plugin` archive or a standalone `.wasm`:
// yoi's own `check` verdict (archive rules, manifest rules §6.1, static inspection §6.2,
// placeholder), then binary inspection in the worker, judged against the manifest. Nothing here
// runs plugin code.

import { open, readFile, stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { buildCheckReport, CheckReport, packageReport, placeholderFinding, staticInspectionFindings } from './checkReport';
import { Finding, finding } from './findings';
import { DEFAULT_LIMITS, MAX_ARTIFACT_BYTES, PluginDiscoveryLimits, RUNTIME_COMPONENT_KIND, RUNTIME_LEGACY_KIND } from './limits';
import { checkManifest } from './manifest/validate';
import { HostApi, PluginManifest } from './manifest/types';
import { normalizeArchivePath } from './names';
import { packageDigest, sha256Hex } from './package/digest';
import { readPluginDirectory, readPluginPackageFile, safeIoError } from './package/readPackage';
import { InspectorError, PluginInspector } from './pluginInspector';
import { ArtifactReport, ExportNode, ImportNode, ModuleNode, PluginInspectionReport, REPORT_SCHEMA, Verdict, VerdictSummary } from './report';
import { inspectStatic, StaticInspection } from './staticInspection';
import { WasmFacts } from './wasm/analyze';
import { ArtifactExpectation, evaluateArtifact, runtimeRejections } from './wasm/evaluate';
import { isYoiToolPlaceholder } from './wasm/placeholders';
import { HOST_INTERFACES, LEGACY_IMPORTS, WORLD_EXPORTS } from './wasm/worlds';

export interface InspectOptions {
  /** Runs binary inspection; without it the report says `inspection: skipped`. */
  inspector?: PluginInspector;
  /** Standalone .wasm: the world to check against (default: inferred from the exports). */
  world?: string;
  timeoutMs?: number;
  limits?: PluginDiscoveryLimits;
}

const WASM_MAGIC = Buffer.from([0x00, 0x61, 0x73, 0x6d]);

async function looksLikeStandaloneWasm(path: string): Promise<boolean> {
  if (extname(path).toLowerCase() === '.wasm') return true;
  try {
    const fh = await open(path, 'r');
    try {
      const head = Buffer.alloc(4);
      const { bytesRead } = await fh.read(head, 0, 4, 0);
      return bytesRead === 4 && head.equals(WASM_MAGIC);
    } finally {
      await fh.close();
    }
  } catch {
    return false;
  }
}

/** Inspects a plugin folder, a .yoi-plugin file or a .wasm file. Never throws for bad input. */
export async function inspectPluginPath(inputPath: string, options: InspectOptions = {}): Promise<PluginInspectionReport> {
  const absolutePath = resolve(inputPath);
  let isDir = false;
  try {
    isDir = (await stat(absolutePath)).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir && (await looksLikeStandaloneWasm(absolutePath))) return inspectWasmFile(inputPath, options);
  return inspectPackage(inputPath, isDir, options);
}

async function inspectPackage(inputPath: string, isDir: boolean, options: InspectOptions): Promise<PluginInspectionReport> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const absolutePath = resolve(inputPath);
  const label = basename(absolutePath) || '<plugin-package>';
  const inputKind = isDir ? 'directory' : 'package';
  const read = isDir ? await readPluginDirectory(absolutePath, label, limits) : await readPluginPackageFile(absolutePath, label, limits);
  const base = { schema: REPORT_SCHEMA, input: { path: inputPath, absolutePath, kind: inputKind } } as const;

  if (!read.ok) {
    read.failure.reportedByYoi = true;
    const check = buildCheckReport({ inputPath, inputKind, failure: read.failure });
    const findings = [read.failure];
    return { ...base, verdict: verdict(check, findings), digest: null, package: null, staticInspection: null, artifact: null, findings, check };
  }

  const { contents } = read;
  const findings: Finding[] = [...contents.notes];
  const digest = packageDigest(contents.files);
  const manifestCheck = checkManifest(contents.files, limits);
  findings.push(...manifestCheck.findings);
  const manifest = manifestCheck.manifest ?? null;

  let check: CheckReport;
  let staticInspection: StaticInspection | null = null;
  const entries = [...contents.files.keys()];
  if (manifestCheck.failure || !manifest) {
    check = buildCheckReport({ inputPath, inputKind, failure: manifestCheck.failure });
  } else {
    const reference = `project:${manifest.id}`;
    staticInspection = inspectStatic({
      identity: reference,
      digest,
      version: manifest.version,
      manifest,
      enabledSurfaces: [...manifest.surfaces],
      // `check` grants exactly what the manifest requests, bound to the package, with no targets.
      grants: { id: reference, version: manifest.version, digest, permissions: [...manifest.permissions], request: [], websocket: [], fs: [] },
    });
    const staticFindings = staticInspectionFindings(staticInspection, manifestCheck.index);
    findings.push(...staticFindings);
    const componentPath = manifest.runtime?.component;
    const componentBytes = componentPath !== undefined ? contents.files.get(normalizeArchivePath(componentPath) ?? '') : undefined;
    const placeholder = componentPath !== undefined && componentBytes && isYoiToolPlaceholder(componentBytes) ? placeholderFinding(componentPath) : undefined;
    if (placeholder) findings.push(placeholder);
    check = buildCheckReport({
      inputPath,
      inputKind,
      package: packageReport(manifest, digest, absolutePath, entries),
      staticFindings,
      placeholder,
    });
  }

  // Binary inspection of the runtime artifact (also after schema errors, best effort).
  const target = artifactTarget(manifest, manifestCheck.raw);
  let artifact: ArtifactReport | null = null;
  if (target) {
    const normalized = normalizeArchivePath(target.path);
    const bytes = normalized !== undefined ? contents.files.get(normalized) : undefined;
    if (bytes) {
      const exp: ArtifactExpectation = {
        role: target.role,
        path: normalized!,
        world: target.world,
        requestedHostApis: manifest ? manifest.permissions.flatMap((p) => (p.kind === 'host_api' ? [p.api as HostApi] : [])) : undefined,
      };
      const result = await analyzeArtifact(bytes, exp, options);
      artifact = result.artifact;
      findings.push(...result.findings);
    }
  }

  return {
    ...base,
    verdict: verdict(check, findings),
    digest,
    package: { label, path: absolutePath, entries: contents.entries, reference: manifest ? `project:${manifest.id}` : undefined, manifest },
    staticInspection,
    artifact,
    findings,
    check,
  };
}

function artifactTarget(
  manifest: PluginManifest | null,
  raw: Record<string, unknown> | undefined,
): { path: string; role: 'component' | 'legacy-entry'; world?: string } | undefined {
  const rt = manifest?.runtime ?? (raw && typeof raw.runtime === 'object' && raw.runtime !== null ? (raw.runtime as Record<string, unknown>) : undefined);
  if (!rt) return undefined;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const kind = str(rt.kind);
  if (kind === RUNTIME_COMPONENT_KIND && str(rt.component)) return { path: str(rt.component)!, role: 'component', world: str(rt.world) };
  if (kind === RUNTIME_LEGACY_KIND && str(rt.entry)) return { path: str(rt.entry)!, role: 'legacy-entry' };
  return undefined;
}

async function inspectWasmFile(inputPath: string, options: InspectOptions): Promise<PluginInspectionReport> {
  const absolutePath = resolve(inputPath);
  const name = basename(absolutePath);
  const base = { schema: REPORT_SCHEMA, input: { path: inputPath, absolutePath, kind: 'wasm' } } as const;
  const findings: Finding[] = [];
  let artifact: ArtifactReport | null = null;
  try {
    const st = await stat(absolutePath);
    if (st.size > MAX_ARTIFACT_BYTES) {
      findings.push(
        finding('binary.too-large', 'runtime', 'error', 'binary', 'binary', `\`${name}\` is ${st.size} bytes, over yoi's 8 MiB artifact limit; it was not inspected`, {
          size: st.size,
          limit: MAX_ARTIFACT_BYTES,
        }, { file: name }),
      );
      artifact = emptyArtifact(name, 'standalone', st.size, 'skipped', 'larger than the 8 MiB artifact limit');
    } else {
      const bytes = await readFile(absolutePath);
      const result = await analyzeArtifact(bytes, { role: 'standalone', path: name, world: options.world }, options);
      artifact = result.artifact;
      findings.push(...result.findings);
    }
  } catch (e) {
    const reason = safeIoError(e);
    findings.push(finding('binary.io', 'inspector', 'error', 'io', 'binary', `\`${name}\` could not be read: ${reason}`, { reason }, { file: name }));
  }
  return { ...base, verdict: verdict(null, findings), digest: null, package: null, staticInspection: null, artifact, findings, check: null };
}

function emptyArtifact(path: string, role: ArtifactReport['role'], size: number, inspection: ArtifactReport['inspection'], error?: string): ArtifactReport {
  const a: ArtifactReport = { path, role, size, kind: 'unchecked', worlds: [], imports: [], exports: [], modules: [], producers: [], hostImports: [], inspection };
  if (error) a.inspectionError = error;
  return a;
}

/** Binary inspection of one artifact through the worker, judged against `exp`. */
export async function analyzeArtifact(
  bytes: Uint8Array,
  exp: ArtifactExpectation,
  options: InspectOptions,
): Promise<{ artifact: ArtifactReport; findings: Finding[] }> {
  const findings: Finding[] = [];
  if (bytes.length > MAX_ARTIFACT_BYTES) {
    findings.push(
      finding('binary.too-large', 'runtime', 'error', 'binary', 'binary', `\`${exp.path}\` is ${bytes.length} bytes, over yoi's 8 MiB artifact limit`, {
        size: bytes.length,
        limit: MAX_ARTIFACT_BYTES,
      }, { file: exp.path }),
    );
    return { artifact: { ...emptyArtifact(exp.path, exp.role, bytes.length, 'skipped', 'larger than the 8 MiB artifact limit'), sha256: sha256Hex(bytes) }, findings };
  }
  if (!options.inspector) {
    return { artifact: { ...emptyArtifact(exp.path, exp.role, bytes.length, 'skipped', 'binary inspection was not requested'), sha256: sha256Hex(bytes) }, findings };
  }
  let facts: WasmFacts;
  try {
    facts = await options.inspector.analyze(bytes, { timeoutMs: options.timeoutMs });
  } catch (e) {
    const reason = e instanceof InspectorError ? e.reason : 'failed';
    const message = e instanceof Error ? e.message : String(e);
    const state: ArtifactReport['inspection'] = reason === 'timeout' ? 'timeout' : reason === 'crashed' ? 'crashed' : 'failed';
    findings.push(
      finding(`binary.inspection-${state}`, 'inspector', 'warning', 'binary', 'binary', `binary inspection of \`${exp.path}\` ${state === 'timeout' ? 'timed out' : 'failed'}: ${message}`, {
        reason: state,
      }, { file: exp.path }),
    );
    return { artifact: { ...emptyArtifact(exp.path, exp.role, bytes.length, state, message), sha256: sha256Hex(bytes) }, findings };
  }
  const evaluation = evaluateArtifact(facts, exp);
  findings.push(...evaluation.findings);
  const checked = evaluation.checkedWorld;
  const expectedExports = checked ? WORLD_EXPORTS[checked] : undefined;
  const exports: ExportNode[] = facts.world
    ? facts.world.exports.map((e) => {
        const node: ExportNode = { name: e.name, kind: e.kind };
        if (e.type) node.type = e.type;
        if (e.shape) node.shape = e.shape;
        const want = expectedExports?.[e.name];
        if (want) {
          node.expected = want;
          node.ok = e.shape === want;
        }
        return node;
      })
    : (facts.component?.exports ?? []).map((e) => ({ name: e.name, kind: e.sort }));
  const importNames = facts.component?.imports.length ? facts.component.imports : (facts.world?.imports ?? []).map((i) => ({ name: i.name, sort: i.kind }));
  const imports: ImportNode[] = importNames.map((i) => {
    const host = HOST_INTERFACES[i.name];
    const decoded = facts.component?.imports.find((x) => x.name === i.name);
    const node: ImportNode = {
      name: i.name,
      kind: i.sort === 'instance' ? 'interface' : String(i.sort),
      allowed: !!host,
      functions: (decoded?.functions ?? []).map((f) => {
        const expected = host?.functions[f.name];
        return expected ? { ...f, expected, ok: expected === f.signature } : { ...f, ok: false };
      }),
    };
    if (host) node.permission = `host_api.${host.api}`;
    return node;
  });
  if (facts.kind === 'core-module' && facts.modules[0]) {
    for (const imp of facts.modules[0].imports) {
      // Core modules only ever ran under the retired raw ABI: judge imports by its table.
      const expected = LEGACY_IMPORTS[imp.module]?.[imp.name];
      imports.push({
        name: `${imp.module}.${imp.name}`,
        kind: `core ${imp.kind}`,
        allowed: expected !== undefined && expected === imp.signature,
        functions: imp.signature ? [{ name: imp.name, signature: imp.signature, ...(expected ? { expected } : {}), ok: expected === imp.signature }] : [],
      });
    }
    for (const e of facts.modules[0].exports) exports.push({ name: e.name, kind: e.kind, ...(e.signature ? { shape: e.signature } : {}) });
  }
  const modules: ModuleNode[] = facts.modules.map((m) => {
    const node: ModuleNode = {
      index: m.index,
      depth: m.depth,
      start: m.start,
      end: m.end,
      size: m.size,
      instantiations: m.instantiations,
      valid: m.valid,
      memories: m.memories.map((l) => ({ minPages: l.min, ...(l.max !== undefined ? { maxPages: l.max } : {}), ...(l.shared ? { shared: true } : {}) })),
      tables: m.tables.map((t) => ({ element: t.element, min: t.limits.min, ...(t.limits.max !== undefined ? { max: t.limits.max } : {}) })),
      imports: m.imports.map((i) => `${i.module}.${i.name}${i.signature ? ` ${i.signature}` : ` (${i.kind})`}`),
      exports: m.exports.map((e) => `${e.name}${e.signature ? ` ${e.signature}` : ` (${e.kind})`}`),
      producers: m.producers,
    };
    if (m.validationError) node.validationError = m.validationError;
    return node;
  });
  const artifact: ArtifactReport = {
    path: exp.path,
    role: exp.role,
    size: facts.size,
    sha256: facts.sha256,
    kind: facts.kind,
    worlds: evaluation.worlds,
    imports,
    exports,
    modules,
    producers: facts.producers,
    hostImports: evaluation.hostImports,
    inspection: 'done',
    engine: facts.engine,
  };
  if (facts.preamble) artifact.preamble = facts.preamble;
  if (facts.placeholder) artifact.placeholder = facts.placeholder;
  if (exp.world) artifact.declaredWorld = exp.world;
  if (checked) artifact.checkedWorld = checked;
  if (facts.wit) artifact.wit = facts.wit;
  if (evaluation.legacyCheck) artifact.legacyAbi = evaluation.legacyCheck;
  return { artifact, findings };
}

function verdict(check: CheckReport | null, findings: readonly Finding[]): Verdict {
  const runtimeWouldReject = runtimeRejections(findings);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const yoiStatus = check?.status ?? null;
  let summary: VerdictSummary;
  if (yoiStatus === 'rejected') summary = 'rejected';
  else if (runtimeWouldReject.length) summary = 'runtime-would-reject';
  else if (yoiStatus === 'partial') summary = 'partial';
  else if (findings.some((f) => f.id === 'legacy.retired')) summary = 'retired-abi';
  else if (errors || warnings) summary = 'warnings';
  else summary = 'ok';
  return { yoiStatus, runtimeWouldReject, summary, errors, warnings };
}

