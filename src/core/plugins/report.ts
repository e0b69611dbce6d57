// The inspection report: one JSON-serialisable object per input (a plugin folder, a .yoi-plugin
// archive or a standalone .wasm) that the CLI prints and the VS Code Plugins view renders.

import type { CheckReport, YoiStatus } from './checkReport';
import type { Finding } from './findings';
import type { PackageEntry } from './package/readPackage';
import type { HostApi, PluginManifest } from './manifest/types';
import type { StaticInspection } from './staticInspection';
import type { ArtifactKind } from './wasm/analyze';
import type { ArtifactRole, WorldConformance } from './wasm/evaluate';
import type { ProducerField } from './wasm/producers';
import type { PlaceholderKind } from './wasm/placeholders';

export const REPORT_SCHEMA = 'yoi-vscode/plugin-inspection@1';

export type InputKind = 'directory' | 'package' | 'wasm';

export type VerdictSummary =
  /** yoi's check rejects the package. */
  | 'rejected'
  /** yoi's check passes (or there is no manifest), but the runtime would reject the artifact. */
  | 'runtime-would-reject'
  /** yoi's check says partial (placeholder component). */
  | 'partial'
  /** A standalone core module for the retired raw ABI. */
  | 'retired-abi'
  /** No blocking problem, but warnings. */
  | 'warnings'
  | 'ok';

export interface Verdict {
  /** yoi's own `plugin check` status; null for a standalone .wasm. */
  yoiStatus: YoiStatus | null;
  /** Messages of everything wasmtime would reject at enable/call time (yoi's check does not look). */
  runtimeWouldReject: string[];
  summary: VerdictSummary;
  errors: number;
  warnings: number;
}

export interface ImportNode {
  name: string;
  /** `interface` (instance import), `func`, or another sort. */
  kind: string;
  /** yoi links it (one of the three host interfaces). */
  allowed: boolean;
  /** The host API permission it needs. */
  permission?: string;
  functions: { name: string; signature: string; expected?: string; ok: boolean }[];
}

export interface ExportNode {
  name: string;
  kind: string;
  /** WIT type text. */
  type?: string;
  shape?: string;
  /** Expected shape in the checked world, when the world defines this export. */
  expected?: string;
  ok?: boolean;
}

export interface ModuleNode {
  index: number;
  depth: number;
  start: number;
  end: number;
  size: number;
  instantiations: number;
  valid: boolean;
  validationError?: string;
  memories: { minPages: number; maxPages?: number; shared?: boolean }[];
  tables: { element: string; min: number; max?: number }[];
  imports: string[];
  exports: string[];
  producers: ProducerField[];
}

export interface ArtifactReport {
  /** Package-relative path (or the file name for a standalone .wasm). */
  path: string;
  role: ArtifactRole;
  size: number;
  sha256?: string;
  kind: ArtifactKind | 'unchecked';
  preamble?: { version: number; layer: number };
  placeholder?: PlaceholderKind;
  declaredWorld?: string;
  checkedWorld?: string;
  worlds: WorldConformance[];
  /** Retired raw-ABI (`yoi-plugin-wasm-1`) checks, for core modules. */
  legacyAbi?: { conforms: boolean; problems: string[] };
  wit?: string;
  imports: ImportNode[];
  exports: ExportNode[];
  modules: ModuleNode[];
  producers: ProducerField[];
  hostImports: HostApi[];
  /** `done`, or why binary inspection did not run / did not finish. */
  inspection: 'done' | 'skipped' | 'timeout' | 'crashed' | 'failed';
  inspectionError?: string;
  engine?: { node: string; v8: string };
}

export interface PackageSummary {
  label: string;
  path: string;
  entries: PackageEntry[];
  /** `project:<id>` as `check` reads packages. */
  reference?: string;
  manifest: PluginManifest | null;
}

export interface PluginInspectionReport {
  schema: typeof REPORT_SCHEMA;
  input: { path: string; absolutePath: string; kind: InputKind };
  verdict: Verdict;
  /** yoi's deterministic package digest (also when the manifest is invalid). */
  digest: string | null;
  package: PackageSummary | null;
  staticInspection: StaticInspection | null;
  artifact: ArtifactReport | null;
  findings: Finding[];
  /** yoi's `plugin check --json` for this input; null for a standalone .wasm. */
  check: CheckReport | null;
}
