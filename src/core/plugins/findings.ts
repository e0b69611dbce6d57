// Findings: everything the inspector has to say is data with a stable `id`, English `message`
// and `params` (so an adapter can localize), a yoi diagnostic kind/phase where yoi has one, and
// an optional location (package file + TOML key path + line/column range) for editor squiggles.

import { MAX_MESSAGE_CHARS } from './limits';

/** Same union as `src/core/problems.ts`. */
export type Severity = 'error' | 'warning' | 'info';

/** yoi's `PluginDiagnosticKind` (snake_case) plus the two extra kinds yoi's `check` prints. */
export type DiagnosticKind =
  | 'missing'
  | 'duplicate'
  | 'ambiguous'
  | 'version'
  | 'digest'
  | 'api'
  | 'surface'
  | 'grant'
  | 'malformed'
  | 'traversal'
  | 'bounds'
  | 'io'
  | 'placeholder'
  | 'binary';

export type DiagnosticPhase = 'discovery' | 'manifest' | 'resolution' | 'runtime' | 'binary';

/**
 * Who says so:
 * - `yoi`: yoi's own `plugin check` (manifest/archive/static inspection) reports it;
 * - `runtime`: yoi's check passes it, but the wasmtime runtime would reject the artifact;
 * - `legacy-abi`: the retired raw core-wasm ABI (informational, yoi no longer runs it);
 * - `inspector`: advice beyond both (likely problems, unverified limits, unused permissions).
 */
export type FindingOrigin = 'yoi' | 'runtime' | 'legacy-abi' | 'inspector';

/** 1-based line and column (UTF-16 code units), like `src/core/problems.ts`. */
export interface TextPosition {
  line: number;
  column: number;
}

export interface FindingLocation {
  /** Package-relative path (`plugin.toml`, `plugin.component.wasm`, …). */
  file: string;
  /** Key path inside plugin.toml, e.g. `['tools', 0, 'input_schema', 'properties']`. */
  keyPath?: (string | number)[];
  /** Text range in the file (end exclusive). */
  start?: TextPosition;
  end?: TextPosition;
  /** UTF-8 byte range [start, end) in the file (text files: what yoi's "byte span" means). */
  byteStart?: number;
  byteEnd?: number;
}

export type FindingParams = Record<string, string | number | boolean>;

export interface Finding {
  /** Stable identifier, e.g. `manifest.schema-version`, `zip.traversal`, `binary.missing-export`. */
  id: string;
  severity: Severity;
  origin: FindingOrigin;
  kind: DiagnosticKind;
  phase: DiagnosticPhase;
  /** English, for logs/CLI/JSON. */
  message: string;
  params?: FindingParams;
  location?: FindingLocation;
  /**
   * True when yoi's `plugin check` prints this exact diagnostic (yoi stops at the first manifest
   * failure; the inspector keeps going and marks which one yoi would have shown).
   */
  reportedByYoi?: boolean;
}

export function finding(
  id: string,
  origin: FindingOrigin,
  severity: Severity,
  kind: DiagnosticKind,
  phase: DiagnosticPhase,
  message: string,
  params?: FindingParams,
  location?: FindingLocation,
): Finding {
  const f: Finding = { id, severity, origin, kind, phase, message };
  if (params && Object.keys(params).length) f.params = params;
  if (location) f.location = location;
  return f;
}

/** yoi's CLI bound: newlines become spaces, at most 240 characters plus `…`. */
export function boundMessage(message: string, max = MAX_MESSAGE_CHARS): string {
  const flat = message.replace(/[\r\n]+/g, ' ');
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  return chars.slice(0, max).join('') + '…';
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function worstSeverity(findings: readonly Finding[]): Severity | undefined {
  let worst: Severity | undefined;
  for (const f of findings) if (worst === undefined || SEVERITY_RANK[f.severity] < SEVERITY_RANK[worst]) worst = f.severity;
  return worst;
}
