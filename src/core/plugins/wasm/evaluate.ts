// Judges binary facts against what yoi's runtime will do with them (spec §3). yoi's `check` never
// opens the artifact, so these are the inspector's own findings: `runtime` = wasmtime would reject
// it at enable/call time; `inspector` = likely problems and unverified limits; `legacy-abi` = the
// retired raw core ABI. Conformance with both component worlds is always computed.

import { Finding, FindingParams, Severity, finding, FindingOrigin, DiagnosticKind } from '../findings';
import { INSTANCE_WORLD, MAX_ARTIFACT_BYTES, STORE_LIMITS, SUPPORTED_WORLDS, TOOL_WORLD, LEGACY_ABI } from '../limits';
import { HostApi } from '../manifest/types';
import { WasmFacts } from './analyze';
import { Limits } from './coreModule';
import { HOST_INTERFACES, LEGACY_ENTRY_EXPORT, LEGACY_ENTRY_SIGNATURE, LEGACY_IMPORTS, LEGACY_MEMORY_EXPORT, WORLD_EXPORTS } from './worlds';

export type ArtifactRole = 'component' | 'legacy-entry' | 'standalone';

export interface ArtifactExpectation {
  role: ArtifactRole;
  /** Package-relative path (or file name) used in messages and locations. */
  path: string;
  /** Declared world (component role) or the world to check against (standalone). */
  world?: string;
  /** `host_api` permissions the manifest requests (component role). */
  requestedHostApis?: HostApi[];
}

export interface WorldConformance {
  world: string;
  /** Undefined when the exports could not be decoded. */
  conforms?: boolean;
  problems: string[];
}

export interface ArtifactEvaluation {
  findings: Finding[];
  worlds: WorldConformance[];
  /** The world checked against (declared, forced or inferred). */
  checkedWorld?: string;
  /** yoi host APIs the component imports. */
  hostImports: HostApi[];
  /** The artifact uses the retired raw ABI. */
  legacyAbi: boolean;
  /** Result of the retired raw-ABI checks, when they ran. */
  legacyCheck?: { conforms: boolean; problems: string[] };
}

const PAGE = 64 * 1024;

function memoryBytes(l: Limits, which: 'min' | 'max'): number {
  const pages = which === 'min' ? l.min : (l.max ?? 0);
  return pages * (l.pageSizeLog2 !== undefined ? 2 ** l.pageSizeLog2 : PAGE);
}

function mib(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) ? 2 : 0)} MiB`;
}

class Collector {
  readonly findings: Finding[] = [];
  constructor(private readonly path: string) {}

  add(id: string, origin: FindingOrigin, severity: Severity, message: string, params?: FindingParams, kind: DiagnosticKind = 'binary'): void {
    this.findings.push(finding(id, origin, severity, kind, 'binary', message, params, { file: this.path }));
  }
}

/** Which export names/shapes a world needs that the facts lack. */
export function worldConformance(facts: WasmFacts, world: string): WorldConformance {
  const expected = WORLD_EXPORTS[world];
  if (!expected) return { world, problems: [`unknown world ${world}`] };
  if (facts.kind !== 'component') return { world, conforms: false, problems: ['not a component'] };
  if (!facts.world) {
    const names = new Set(facts.component?.exports.map((e) => e.name) ?? []);
    const missing = Object.keys(expected).filter((n) => !names.has(n));
    return missing.length
      ? { world, conforms: false, problems: missing.map((n) => `missing export \`${n}\``) }
      : { world, problems: ['export types could not be decoded'] };
  }
  const problems: string[] = [];
  for (const [name, shape] of Object.entries(expected)) {
    const item = facts.world.exports.find((e) => e.name === name);
    if (!item) problems.push(`missing export \`${name}\``);
    else if (item.kind !== 'func') problems.push(`\`${name}\` is exported as ${item.kind}, expected a function`);
    else if (item.shape !== shape) problems.push(`\`${name}\` is ${item.shape}, expected ${shape}`);
  }
  return { world, conforms: problems.length === 0, problems };
}

/** Best guess of the intended world from the exports (for standalone files). */
export function inferWorld(facts: WasmFacts): string {
  const names = new Set([...(facts.world?.exports.map((e) => e.name) ?? []), ...(facts.component?.exports.map((e) => e.name) ?? [])]);
  // `status`/`stop` alone are too generic to mean the instance world.
  const lifecycle = ['start', 'handle-tool', 'handle-ingress'].some((n) => names.has(n));
  return lifecycle && !names.has('call') ? INSTANCE_WORLD : TOOL_WORLD;
}

/** A core module written for the retired raw ABI (its entry export or its `yoi:*` imports). */
function looksLegacy(facts: WasmFacts): boolean {
  const m = facts.modules[0];
  return !!m && (m.exports.some((e) => e.name === LEGACY_ENTRY_EXPORT) || m.imports.some((i) => i.module in LEGACY_IMPORTS));
}

/** A core module produced for the component model (canonical ABI names), i.e. an unwrapped component. */
function looksCanonical(facts: WasmFacts): boolean {
  const m = facts.modules[0];
  return !!m && m.exports.some((e) => e.name === 'cabi_realloc' || e.name.startsWith('cm32p2') || e.name.startsWith('cabi_post_'));
}

export function evaluateArtifact(facts: WasmFacts, exp: ArtifactExpectation): ArtifactEvaluation {
  const c = new Collector(exp.path);
  const result: ArtifactEvaluation = {
    findings: c.findings,
    worlds: [worldConformance(facts, TOOL_WORLD), worldConformance(facts, INSTANCE_WORLD)],
    hostImports: [],
    legacyAbi: false,
  };
  const p = exp.path;
  const legacyRole = exp.role === 'legacy-entry' || (exp.role === 'standalone' && facts.kind === 'core-module' && looksLegacy(facts));
  const origin: FindingOrigin = legacyRole ? 'legacy-abi' : 'runtime';

  if (facts.size > MAX_ARTIFACT_BYTES) {
    c.add('binary.too-large', origin, 'error', `\`${p}\` is ${facts.size} bytes, over yoi's ${mib(MAX_ARTIFACT_BYTES)} artifact limit`, {
      size: facts.size,
      limit: MAX_ARTIFACT_BYTES,
    });
  }

  // What kind of file is it at all?
  if (facts.kind === 'not-wasm') {
    if (facts.placeholder === 'tool-template' || facts.placeholder === 'instance-template') {
      c.add('binary.placeholder', origin, 'error', `\`${p}\` is the text placeholder from yoi's ${facts.placeholder === 'tool-template' ? 'tool' : 'instance'} template, not a WebAssembly component; build the component and copy it here`, {
        template: facts.placeholder,
      });
    } else if (facts.placeholder === 'text') {
      c.add('binary.not-wasm', origin, 'error', `\`${p}\` is not WebAssembly (bad magic number); it is a text file`, { text: true });
    } else {
      c.add('binary.not-wasm', origin, 'error', `\`${p}\` is not WebAssembly (bad magic number)`);
    }
    return result;
  }
  if (facts.kind === 'unknown-wasm') {
    c.add('binary.unknown-version', origin, 'error', `\`${p}\` has an unsupported WebAssembly version/layer (${facts.preamble?.version}/${facts.preamble?.layer})`, {
      version: facts.preamble?.version ?? -1,
      layer: facts.preamble?.layer ?? -1,
    });
    return result;
  }

  if (legacyRole) {
    result.legacyAbi = facts.kind === 'core-module';
    evaluateLegacy(facts, c, exp);
    result.legacyCheck = legacySummary(c.findings);
    return result;
  }
  if (facts.kind === 'core-module') {
    c.add('binary.core-module', 'runtime', 'error', `\`${p}\` is a core WebAssembly module, but yoi needs a component (wasmtime: "component is incompatible")${looksCanonical(facts) ? '; wrap it with `wasm-tools component new`' : ''}`);
    if (exp.role === 'standalone' && !looksCanonical(facts)) {
      // Neither a component's core module nor clearly raw-ABI: show what the retired ABI would say too.
      evaluateLegacy(facts, c, { ...exp, role: 'legacy-entry' });
      result.legacyCheck = legacySummary(c.findings);
      return result;
    }
    evaluateLimits(facts, c, 'runtime');
    return result;
  }

  // A component.
  if (facts.component?.error) {
    c.add('binary.malformed', 'runtime', 'error', `the component structure is malformed at byte ${facts.component.error.offset}: ${facts.component.error.message}`, {
      offset: facts.component.error.offset,
      reason: facts.component.error.message,
    });
  }
  for (const t of facts.toolErrors) {
    if (t.operation === 'load') {
      c.add('binary.decoder-unavailable', 'inspector', 'warning', `the WIT decoder (jco wasm-tools) could not be loaded, so export and import types are unverified: ${t.message.split('\n')[0]}`, {
        reason: t.message.split('\n')[0],
      });
      continue;
    }
    c.add(
      t.panicked ? 'binary.decoder-crashed' : 'binary.undecodable',
      'runtime',
      'error',
      t.panicked
        ? `wasm-tools crashed while reading the component (${t.operation}); the component is almost certainly malformed`
        : `wasm-tools could not decode the component (${t.operation}): ${t.message.split('\n')[0]}`,
      { operation: t.operation, reason: t.message.split('\n')[0] },
    );
  }
  for (const m of facts.modules) {
    if (!m.valid) {
      c.add('binary.invalid-core-module', 'runtime', 'error', `embedded core module #${m.index} (bytes ${m.start}..${m.end}) is not valid WebAssembly: ${m.validationError ?? 'invalid'}`, {
        module: m.index,
        reason: m.validationError ?? '',
        engine: `V8 ${facts.engine.v8}`,
      });
    }
  }
  if (facts.metadata && facts.metadata.modules !== facts.modules.length) {
    c.add('binary.outline-mismatch', 'inspector', 'info', `wasm-tools reports ${facts.metadata.modules} core modules, the section outline found ${facts.modules.length}`);
  }

  // Exports against the world.
  const declared = exp.world;
  const checkWorld = exp.role === 'standalone' ? (declared && SUPPORTED_WORLDS.includes(declared) ? declared : inferWorld(facts)) : declared;
  if (checkWorld && SUPPORTED_WORLDS.includes(checkWorld)) {
    result.checkedWorld = checkWorld;
    const conf = result.worlds.find((w) => w.world === checkWorld)!;
    const other = result.worlds.find((w) => w.world !== checkWorld)!;
    const hint = other.conforms ? ` (its exports match ${other.world})` : '';
    for (const problem of conf.problems) {
      const missing = /^missing export `(.+)`$/.exec(problem);
      if (missing) {
        c.add('binary.missing-export', 'runtime', 'error', `the component does not export \`${missing[1]}\` required by ${checkWorld}${hint}`, {
          export: missing[1],
          world: checkWorld,
        });
      } else if (problem === 'export types could not be decoded') {
        c.add('binary.exports-unchecked', 'inspector', 'warning', `the export types could not be decoded, so ${checkWorld} conformance is unverified`);
      } else {
        const name = /^`([^`]+)`/.exec(problem)?.[1] ?? '';
        c.add('binary.export-signature', 'runtime', 'error', `${problem} (${checkWorld})`, { export: name, world: checkWorld });
      }
    }
  }

  evaluateImports(facts, c, exp, result);
  evaluateLimits(facts, c, 'runtime');
  return result;
}

function evaluateImports(facts: WasmFacts, c: Collector, exp: ArtifactExpectation, result: ArtifactEvaluation): void {
  const outlineImports = facts.component?.imports;
  const names = outlineImports?.length || !facts.world ? (outlineImports ?? []).map((i) => i.name) : facts.world.imports.map((i) => i.name);
  for (const name of names) {
    const host = HOST_INTERFACES[name];
    const decoded = outlineImports?.find((i) => i.name === name);
    if (!host) {
      const wasi = name.startsWith('wasi:');
      c.add(
        'binary.unsupported-import',
        'runtime',
        'error',
        `the component imports \`${name}\`; yoi links only yoi:host/request@1.0.0, yoi:host/websocket@1.0.0 and yoi:host/fs@1.0.0${wasi ? ' (no WASI: build without the WASI adapter)' : ''}`,
        { import: name },
      );
      continue;
    }
    result.hostImports.push(host.api);
    if (decoded && decoded.sort !== 'instance') {
      c.add('binary.import-signature', 'runtime', 'error', `\`${name}\` is imported as a ${decoded.sort}, but yoi provides an instance`, { import: name });
    }
    for (const fn of decoded?.functions ?? []) {
      const expected = host.functions[fn.name];
      if (!expected) {
        c.add('binary.import-signature', 'runtime', 'error', `\`${name}\` has no function \`${fn.name}\` on the host side`, { import: name, function: fn.name });
      } else if (expected !== fn.signature) {
        c.add('binary.import-signature', 'runtime', 'error', `\`${name}\` function \`${fn.name}\` is imported as ${fn.signature}, the host provides ${expected}`, {
          import: name,
          function: fn.name,
        });
      }
    }
    if (exp.requestedHostApis) {
      if (!exp.requestedHostApis.includes(host.api)) {
        c.add(
          'binary.import-without-permission',
          'inspector',
          'error',
          `the component imports \`${name}\` but the manifest does not request \`host_api.${host.api}\`; every call through it will be denied`,
          { import: name, permission: `host_api.${host.api}` },
        );
      }
    } else {
      c.add('binary.host-import', 'inspector', 'info', `the component imports \`${name}\`; its manifest must request \`host_api.${host.api}\` (plus targets/grants)`, {
        import: name,
        permission: `host_api.${host.api}`,
      });
    }
  }
  for (const api of exp.requestedHostApis ?? []) {
    if (!result.hostImports.includes(api) && (facts.world || outlineImports)) {
      c.add('binary.permission-unused', 'inspector', 'info', `the manifest requests \`host_api.${api}\` but the component does not import yoi:host/${api}@1.0.0`, {
        permission: `host_api.${api}`,
      });
    }
  }
}

function evaluateLimits(facts: WasmFacts, c: Collector, origin: FindingOrigin): void {
  let memories = 0;
  let tables = 0;
  for (const m of facts.modules) {
    const times = Math.max(1, m.instantiations);
    memories += m.memories.length * times;
    tables += m.tables.length * times;
    const where = facts.kind === 'component' ? `core module #${m.index}` : 'the module';
    for (const mem of m.memories) {
      const initial = memoryBytes(mem, 'min');
      if (initial > STORE_LIMITS.memoryBytes) {
        c.add('binary.memory-too-large', origin, 'error', `${where} starts with ${mem.min} memory pages (${mib(initial)}), over yoi's ${mib(STORE_LIMITS.memoryBytes)} (${STORE_LIMITS.memoryPages} pages) per-memory limit`, {
          pages: mem.min,
          limitPages: STORE_LIMITS.memoryPages,
        });
      } else if (mem.max !== undefined && memoryBytes(mem, 'max') > STORE_LIMITS.memoryBytes) {
        c.add('binary.memory-max', 'inspector', 'info', `${where} may grow to ${mem.max} pages, but yoi traps growth beyond ${STORE_LIMITS.memoryPages} pages (${mib(STORE_LIMITS.memoryBytes)})`, {
          pages: mem.max,
          limitPages: STORE_LIMITS.memoryPages,
        });
      }
    }
    for (const t of m.tables) {
      if (t.limits.min > STORE_LIMITS.tableElements) {
        c.add('binary.table-too-large', origin, 'error', `${where} starts with a table of ${t.limits.min} elements, over yoi's ${STORE_LIMITS.tableElements}-element limit`, {
          elements: t.limits.min,
          limit: STORE_LIMITS.tableElements,
        });
      }
    }
  }
  if (memories > STORE_LIMITS.memories) {
    c.add('binary.too-many-memories', 'inspector', 'warning', `the artifact defines ${memories} linear memories; yoi's store allows ${STORE_LIMITS.memories} (likely rejected at instantiation; unverified)`, {
      memories,
      limit: STORE_LIMITS.memories,
    });
  }
  if (tables > STORE_LIMITS.tables) {
    c.add('binary.too-many-tables', 'inspector', 'warning', `the artifact defines ${tables} tables; yoi's store allows ${STORE_LIMITS.tables} (likely rejected at instantiation; unverified)`, {
      tables,
      limit: STORE_LIMITS.tables,
    });
  }
  const instances = facts.kind === 'component' ? (facts.component?.coreInstantiations ?? 0) : 1;
  if (instances > STORE_LIMITS.instances) {
    c.add('binary.too-many-instances', 'inspector', 'warning', `the component instantiates ${instances} core modules; yoi's store allows ${STORE_LIMITS.instances} instance (effect unverified)`, {
      instances,
      limit: STORE_LIMITS.instances,
    });
  }
}

function evaluateLegacy(facts: WasmFacts, c: Collector, exp: ArtifactExpectation): void {
  const p = exp.path;
  if (exp.role === 'standalone') {
    c.add('legacy.retired', 'legacy-abi', 'info', `\`${p}\` uses the retired raw core ABI (${LEGACY_ABI}); current yoi rejects \`runtime.kind = "wasm"\` and needs a component`);
  }
  if (facts.kind !== 'core-module') {
    c.add('legacy.not-core-module', 'legacy-abi', 'error', `\`${p}\` is a component, but the raw ABI entry must be a core module`);
    return;
  }
  const m = facts.modules[0];
  if (!m.valid) c.add('legacy.invalid-module', 'legacy-abi', 'error', `\`${p}\` is not valid WebAssembly: ${m.validationError ?? 'invalid'}`, { reason: m.validationError ?? '' });
  const memory = m.exports.find((e) => e.name === LEGACY_MEMORY_EXPORT);
  if (!memory || memory.kind !== 'memory') c.add('legacy.missing-memory-export', 'legacy-abi', 'error', 'the module does not export its linear memory as `memory`');
  const entry = m.exports.find((e) => e.name === LEGACY_ENTRY_EXPORT);
  if (!entry || entry.kind !== 'func') c.add('legacy.missing-entry-export', 'legacy-abi', 'error', `the module does not export the function \`${LEGACY_ENTRY_EXPORT}\``);
  else if (entry.signature !== LEGACY_ENTRY_SIGNATURE) {
    c.add('legacy.entry-signature', 'legacy-abi', 'error', `\`${LEGACY_ENTRY_EXPORT}\` is ${entry.signature}, expected ${LEGACY_ENTRY_SIGNATURE}`);
  }
  for (const imp of m.imports) {
    const allowed = LEGACY_IMPORTS[imp.module];
    const expected = allowed?.[imp.name];
    if (!expected || imp.kind !== 'func') {
      c.add('legacy.unsupported-import', 'legacy-abi', 'error', `the module imports \`${imp.module}.${imp.name}\`, which the raw ABI never provided${imp.module.startsWith('wasi') ? ' (no WASI)' : ''}`, {
        import: `${imp.module}.${imp.name}`,
      });
    } else if (imp.signature !== expected) {
      c.add('legacy.import-signature', 'legacy-abi', 'error', `\`${imp.module}.${imp.name}\` is imported as ${imp.signature}, the raw ABI provided ${expected}`, {
        import: `${imp.module}.${imp.name}`,
      });
    }
  }
  evaluateLimits(facts, c, 'legacy-abi');
}

function legacySummary(findings: readonly Finding[]): { conforms: boolean; problems: string[] } {
  const problems = findings.filter((f) => f.origin === 'legacy-abi' && f.severity === 'error').map((f) => f.message);
  return { conforms: problems.length === 0, problems };
}

/** Messages of the findings that mean "the runtime would reject this artifact". */
export function runtimeRejections(findings: readonly Finding[]): string[] {
  return findings.filter((f) => f.origin === 'runtime' && f.severity === 'error').map((f) => f.message);
}
