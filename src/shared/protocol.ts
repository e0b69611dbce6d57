// Webview message protocol, shared by the extension host and the page bundles. Every message is
// a discriminated union member (`type`), so both sides switch exhaustively and a page can never
// ask the host for something it does not understand. The host validates every PageToHost
// message at runtime too (`isTicketViewPageMessage`): the page renders untrusted text.
import type { TicketViewSnapshot } from '../core/ticketView/model';
import type { TicketViewStrings } from '../core/ticketView/strings';

// ---- Ticket view ---------------------------------------------------------------------------------

/** Page state kept by `vscode.setState` (restored after reload / when the panel becomes visible). */
export interface TicketViewPageState {
  ticketId: string;
  storeRoot: string;
  /** Topmost visible element and its offset, for a scroll restore that survives re-rendering. */
  anchor?: { id: string; offset: number };
  scrollY: number;
  /** Expanded collapsibles (`body`, `ev-12`, `packets-earlier`, `sec-plans:collapsed`, …). */
  expanded: string[];
  /** Elements showing their raw source. */
  raw: string[];
  /** Timeline kind filter ('' = all). */
  filter: string;
}

/** Workflow actions the page may request; the host answers with `actionResult`. */
export type TicketViewAction = 'markReady' | 'queue' | 'accept' | 'spawn' | 'markDone' | 'returnToPlanning' | 'close' | 'comment';

export type TicketViewHostMessage =
  /** A full snapshot (never a delta): the page re-renders and restores its state. */
  | { type: 'snapshot'; snapshot: TicketViewSnapshot; strings: TicketViewStrings; locale: string; focusEvent?: number }
  /** Scroll to and highlight one timeline event. */
  | { type: 'focusEvent'; index: number }
  | { type: 'actionResult'; action: TicketViewAction; ok: boolean; message: string }
  /** Acknowledges CSP violation reports (the page shows a notice; tests look for it). */
  | { type: 'cspReported'; count: number; message: string }
  /** The ticket disappeared (deleted, folder closed). */
  | { type: 'unavailable'; id: string; reason: string; strings: TicketViewStrings };

export type TicketViewPageMessage =
  /** Handshake: the page is listening; `state` is what it restored (if any). */
  | { type: 'ready'; state?: TicketViewPageState }
  | { type: 'openTicket'; id: string }
  /** `path` as written in the ticket (relative to the workspace or ticket folder) or absolute. */
  | { type: 'openFile'; path: string; line?: number }
  /** Only http(s)/mailto reach the host; it validates again before opening. */
  | { type: 'openLink'; url: string }
  | { type: 'runAction'; action: TicketViewAction }
  | { type: 'cspViolation'; directive: string; blockedURI: string; sample?: string; sourceFile?: string; line?: number }
  | { type: 'stateChanged'; state: TicketViewPageState }
  /** Page-side rendering failure (reported so it shows up in logs and tests). */
  | { type: 'renderError'; message: string };

const ACTIONS: readonly TicketViewAction[] = ['markReady', 'queue', 'accept', 'spawn', 'markDone', 'returnToPlanning', 'close', 'comment'];

export function isTicketViewAction(a: unknown): a is TicketViewAction {
  return typeof a === 'string' && (ACTIONS as readonly string[]).includes(a);
}
const str = (v: unknown, max = 8192): v is string => typeof v === 'string' && v.length <= max;

/** Runtime check of a message from the page (never trust its shape). */
export function isTicketViewPageMessage(m: unknown): m is TicketViewPageMessage {
  if (typeof m !== 'object' || m === null) return false;
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case 'ready': return o.state === undefined || isPageState(o.state);
    case 'openTicket': return str(o.id, 64);
    case 'openFile': return str(o.path, 4096) && (o.line === undefined || (Number.isInteger(o.line) && (o.line as number) > 0));
    case 'openLink': return str(o.url, 8192);
    case 'runAction': return ACTIONS.includes(o.action as TicketViewAction);
    case 'cspViolation': return str(o.directive, 1024) && str(o.blockedURI, 8192);
    case 'stateChanged': return isPageState(o.state);
    case 'renderError': return str(o.message, 8192);
    default: return false;
  }
}

export function isPageState(s: unknown): s is TicketViewPageState {
  if (typeof s !== 'object' || s === null) return false;
  const o = s as Record<string, unknown>;
  const strings = (a: unknown) => Array.isArray(a) && a.length <= 10000 && a.every((x) => typeof x === 'string');
  return str(o.ticketId, 64) && str(o.storeRoot, 4096) && typeof o.scrollY === 'number' && strings(o.expanded) && strings(o.raw)
    && (o.filter === undefined || str(o.filter, 128));
}

// ---- Plugin inspector ------------------------------------------------------------------------------

/** Localized page texts (sent with every snapshot; the page has no bundle of its own). */
export interface PluginInspectorStrings {
  loading: string;
  inspecting: string;
  copyWit: string;
  copyReport: string;
  reinspect: string;
  sectionVerdict: string;
  sectionFindings: string;
  sectionPackage: string;
  sectionComponent: string;
  sectionWit: string;
  sectionImports: string;
  sectionExports: string;
  sectionModules: string;
  sectionProducers: string;
  yoiCheck: string;
  status_active: string;
  status_partial: string;
  status_rejected: string;
  status_wasm: string;
  statusExplain_active: string;
  statusExplain_partial: string;
  statusExplain_rejected: string;
  statusExplain_wasm: string;
  runtime: string;
  runtimeKind: string;
  runtimeWouldReject: string;
  runtimeNoObjection: string;
  runtimeUnchecked: string;
  counts: string;
  noFindings: string;
  severity_error: string;
  severity_warning: string;
  severity_info: string;
  origin_yoi: string;
  origin_runtime: string;
  origin_legacyAbi: string;
  origin_inspector: string;
  reportedByYoi: string;
  showInManifest: string;
  nextSteps: string;
  digest: string;
  reference: string;
  version: string;
  identifier: string;
  location: string;
  entries: string;
  world: string;
  declaredWorld: string;
  checkedWorld: string;
  surfaces: string;
  tools: string;
  services: string;
  ingresses: string;
  permissions: string;
  externalWrite: string;
  none: string;
  file: string;
  size: string;
  sha256: string;
  artifactKind: string;
  kind_component: string;
  kind_coreModule: string;
  kind_notWasm: string;
  kind_unknownWasm: string;
  kind_unchecked: string;
  inspection: string;
  inspection_done: string;
  inspection_skipped: string;
  inspection_timeout: string;
  inspection_crashed: string;
  inspection_failed: string;
  worldConformance: string;
  conforms: string;
  doesNotConform: string;
  unverified: string;
  legacyAbi: string;
  providedByYoi: string;
  notProvidedByYoi: string;
  needsPermission: string;
  expected: string;
  mismatch: string;
  noImports: string;
  noExports: string;
  noWit: string;
  noModules: string;
  noProducers: string;
  coreModule: string;
  bytes: string;
  valid: string;
  invalid: string;
  instantiations: string;
  memories: string;
  memoryPages: string;
  tables: string;
  imports: string;
  exports: string;
  placeholder: string;
  engine: string;
  inspectedAt: string;
  safety: string;
  unavailable: string;
}

// The page renders a view model built by the host (src/vscode/plugins/pageModel.ts) from the core's
// PluginInspectionReport. The shapes below repeat the report's where they overlap (the compiler
// checks the copy), so the page bundle and its type check never reach Node-only core modules.

/** yoi's status plus the runtime verdict, kept apart (what a Plugins view row shows). */
export interface PluginPackageStatus {
  /** yoi's `plugin check` status; `wasm` for a standalone binary. */
  yoi: 'active' | 'partial' | 'rejected' | 'wasm';
  /** wasmtime would refuse the artifact at enable/call time (yoi's check does not look). */
  runtimeWouldReject: boolean;
  /** Icon choice: the worse of the two. */
  icon: 'active' | 'partial' | 'rejected' | 'runtime-reject' | 'warnings' | 'wasm-ok';
  errors: number;
  warnings: number;
}

/** Manifest facts (empty lists when the manifest did not parse). */
export interface PluginPackageFacts {
  name?: string;
  id?: string;
  version?: string;
  description?: string;
  runtimeKind?: string;
  world?: string;
  component?: string;
  surfaces: string[];
  tools: { name: string; description: string; externalWrite: boolean }[];
  services: { name: string; description: string }[];
  ingresses: { name: string; description: string }[];
  permissions: string[];
}

// The inspector page's view of a report. These mirror src/core/plugins/report.ts on purpose: the
// page is type-checked for the browser (webview/tsconfig.json, no Node types), and the report's
// modules use Buffer and node:crypto, so even a type-only import would pull them in.
export interface InspectorFindingView {
  /** Index in the report's findings (what `revealFinding` names). */
  index: number;
  id: string;
  severity: 'error' | 'warning' | 'info';
  origin: 'yoi' | 'runtime' | 'legacy-abi' | 'inspector';
  kind: string;
  phase: string;
  /** In the display language. */
  message: string;
  /** `plugin.toml:18:3`, or the package file the finding is about. */
  where?: string;
  /** It has a place in an editable plugin.toml. */
  revealable: boolean;
  reportedByYoi: boolean;
}

export interface InspectorImportView {
  name: string;
  kind: string;
  allowed: boolean;
  permission?: string;
  functions: { name: string; signature: string; expected?: string; ok: boolean }[];
}

export interface InspectorExportView {
  name: string;
  kind: string;
  type?: string;
  shape?: string;
  expected?: string;
  ok?: boolean;
}

export interface InspectorProducerView {
  field: string;
  values: { name: string; version: string }[];
}

export interface InspectorModuleView {
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
  producers: InspectorProducerView[];
}

export interface InspectorArtifactView {
  path: string;
  role: string;
  size: number;
  sha256?: string;
  kind: string;
  placeholder?: string;
  preamble?: { version: number; layer: number };
  declaredWorld?: string;
  checkedWorld?: string;
  worlds: { world: string; conforms?: boolean; problems: string[] }[];
  legacyAbi?: { conforms: boolean; problems: string[] };
  wit?: string;
  imports: InspectorImportView[];
  exports: InspectorExportView[];
  modules: InspectorModuleView[];
  producers: InspectorProducerView[];
  inspection: string;
  inspectionError?: string;
  engine?: { node: string; v8: string };
}

export interface PluginInspectorSnapshot {
  /** Absolute path of what was inspected (package folder, `.yoi-plugin` or `.wasm`). */
  path: string;
  /** The path as shown (workspace-relative when inside the workspace). */
  display: string;
  title: string;
  inputKind: 'directory' | 'package' | 'wasm';
  status: PluginPackageStatus;
  /** The report's verdict summary (`ok`, `warnings`, `rejected`, `runtime-would-reject`, …). */
  summary: string;
  /** Messages (display language) of everything wasmtime would reject. */
  runtimeRejections: string[];
  /** Display order: errors first. */
  findings: InspectorFindingView[];
  /** yoi's own next steps (English, as yoi prints them). */
  nextSteps: string[];
  package?: { digest?: string; reference?: string; entries: { path: string; size: number }[]; facts: PluginPackageFacts };
  artifact?: InspectorArtifactView;
  inspectedAt: string;
  durationMs: number;
}

/** Page state kept by `vscode.setState` (restores the panel after a reload). */
export interface PluginInspectorPageState {
  path: string;
  scrollY: number;
  /** Sections the user collapsed (sections are open by default). */
  collapsed: string[];
}

export type PluginInspectorHostMessage =
  /** A full snapshot (never a delta). */
  | { type: 'snapshot'; snapshot: PluginInspectorSnapshot; strings: PluginInspectorStrings; locale: string }
  /** A new inspection started (the page keeps showing the last snapshot, marked busy). */
  | { type: 'inspecting'; strings: PluginInspectorStrings }
  /** Result of a page request (copied, file missing, …). */
  | { type: 'notice'; message: string; ok: boolean }
  | { type: 'focusFinding'; index: number }
  | { type: 'cspReported'; count: number; message: string }
  /** The input disappeared or could not be inspected at all. */
  | { type: 'unavailable'; reason: string; strings: PluginInspectorStrings };

export type PluginInspectorPageMessage =
  | { type: 'ready'; state?: PluginInspectorPageState }
  | { type: 'copyWit' }
  | { type: 'copyReport' }
  | { type: 'reinspect' }
  /** Show finding `index` of the current snapshot in plugin.toml. */
  | { type: 'revealFinding'; index: number }
  /** A package entry (package-relative path, as listed in the snapshot). */
  | { type: 'openFile'; path: string }
  | { type: 'stateChanged'; state: PluginInspectorPageState }
  | { type: 'cspViolation'; directive: string; blockedURI: string; sample?: string; sourceFile?: string; line?: number }
  | { type: 'renderError'; message: string };

/** Runtime check of a message from the inspector page (never trust its shape). */
export function isPluginInspectorPageMessage(m: unknown): m is PluginInspectorPageMessage {
  if (typeof m !== 'object' || m === null) return false;
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case 'ready': return o.state === undefined || isPluginInspectorPageState(o.state);
    case 'copyWit':
    case 'copyReport':
    case 'reinspect': return true;
    case 'revealFinding': return Number.isInteger(o.index) && (o.index as number) >= 0 && (o.index as number) < 100_000;
    case 'openFile': return str(o.path, 4096);
    case 'stateChanged': return isPluginInspectorPageState(o.state);
    case 'cspViolation': return str(o.directive, 1024) && str(o.blockedURI, 8192);
    case 'renderError': return str(o.message, 8192);
    default: return false;
  }
}

export function isPluginInspectorPageState(s: unknown): s is PluginInspectorPageState {
  if (typeof s !== 'object' || s === null) return false;
  const o = s as Record<string, unknown>;
  return str(o.path, 4096) && typeof o.scrollY === 'number' && Array.isArray(o.collapsed) && o.collapsed.length <= 1000 && o.collapsed.every((x) => str(x, 256));
}
