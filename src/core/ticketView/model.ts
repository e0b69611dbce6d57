// The Ticket view model: a JSON-serialisable snapshot of one ticket, built by the pure core and
// rendered unchanged by the webview page and by `show ID --json` (field `view`). Everything the
// page shows comes from here, so the page never reads files and the CLI shows exactly the same.
// Text fields hold the ticket's own (untrusted) Markdown source; rendering escapes it.

import type { SectionId } from '../ticket/outline';

export const TICKET_VIEW_SCHEMA = 1 as const;

export interface TicketViewSnapshot {
  schema: typeof TICKET_VIEW_SCHEMA;
  /** When the snapshot was built (ISO); relative times are computed against it. */
  generatedAt: string;
  ticket: TicketLocation;
  header: HeaderView;
  body: BodyView;
  timeline: TimelineView;
  intent: IntentView;
  relations: RelationsView;
  plans: PlanRecordView[];
  artifacts: ArtifactView[];
  resolution?: ResolutionView;
  /** Every problem of the ticket's files, located; timeline entries repeat theirs. */
  problems: ProblemView[];
  /** Other tickets mentioned anywhere in the ticket's text (for link titles and state chips). */
  refs: Record<string, TicketRefView>;
}

export interface TicketLocation {
  id: string;
  /** Absolute ticket directory. */
  dir: string;
  /** Absolute tickets root (the store). */
  storeRoot: string;
  /** Absolute workspace root the store belongs to, when known. */
  workspaceRoot?: string;
  files: { item: string; thread?: string; resolution?: string; artifacts?: string };
}

export interface HeaderView {
  id: string;
  title?: string;
  state?: string;
  /** planning 0 … closed 5; undefined for an unreadable state. */
  stateRank?: number;
  stateSource: string;
  /** Instant encoded in the ID (ISO, ms precision). */
  idTime?: string;
  createdAt?: string;
  updatedAt?: string;
  readiness?: string;
  /** False when `readiness` is outside the intake vocabulary (shown verbatim, flagged). */
  readinessKnown: boolean;
  riskFlags: string[];
  queuedBy?: string;
  queuedAt?: string;
  priority?: string;
  assignee?: string | null;
  /** Front-matter keys the view has no dedicated place for, shown raw. */
  extraFields: { key: string; value: string }[];
  /** State of the same ticket in the orchestration worktree copy, when it differs. */
  overlay?: OverlayView;
  /** Record language of the store (affects nothing but the `lang` attribute). */
  language?: 'ja' | 'en';
}

export interface OverlayView {
  state: string;
  updatedAt?: string;
  /** True when the orchestration copy has progressed further than the root copy. */
  ahead: boolean;
  storeRoot: string;
}

export interface BodyView {
  file: string;
  /** Verbatim Markdown body of item.md. */
  markdown: string;
  /** 1-based file line where the body starts (for source links). */
  startLine: number;
  bytes: number;
  outline: OutlineSection[];
}

export interface OutlineSection {
  /** Heading text as written. */
  title: string;
  /** Canonical section (EN/JA synonyms share one id, e.g. `Background` / `背景`). */
  kind?: SectionId;
  /** 0-based line within the body Markdown (matches the rendered heading's `data-line`). */
  bodyLine: number;
  /** 1-based file line. */
  line: number;
}

export interface TimelineView {
  file?: string;
  bytes: number;
  events: TimelineEntry[];
  countsByKind: Record<string, number>;
}

export interface TimelineEntry {
  index: number;
  /** Normalised kind (`closed` → `close`, empty when the marker had no `event:`). */
  kind: string;
  rawKind: string;
  heading?: string;
  author?: string;
  at?: string;
  /** `at` relative to `generatedAt`, in English (the page re-computes it in the UI language). */
  ago?: string;
  /** 1-based file line of the event marker. */
  line: number;
  /** All marker attributes as parsed. */
  attrs: Record<string, string>;
  /** Body Markdown (without the heading). */
  body: string;
  bodyLine?: number;
  stateChange?: StateChangeView;
  review?: ReviewView;
  routing?: RoutingView;
  /** Index into `intent.packets` when this event carries an IntentPacket. */
  packet?: number;
  /** True when the event was appended after the ticket's (first) close. */
  afterClose?: boolean;
  problems: ProblemView[];
}

export interface StateChangeView {
  field: string;
  from?: string;
  to?: string;
  reason?: string;
}

export type ReviewVerdict = 'approve' | 'request_changes' | 'unknown';
export interface ReviewView {
  verdict: ReviewVerdict;
  /** Where the verdict came from: `status:` (current), legacy `result:`, the heading, or nowhere. */
  source: 'status' | 'result' | 'heading' | 'missing';
  raw?: string;
}

/** Canonical routing classes of the orchestrator routing workflow (§6), plus `unknown`. */
export type RoutingClass =
  | 'implementation_ready' | 'blocked' | 'return_to_planning' | 'requirements_sync_needed' | 'spike_needed'
  | 'review_needed' | 'close_ready' | 'closed_or_noop' | 'unknown';

export interface RoutingView {
  /** Value as written, backticks removed. */
  value: string;
  classification: RoutingClass;
  /** Written as `Routing decision update: …`. */
  update?: true;
  /** The label stood alone and `value` is the sentence that followed it. */
  prose?: true;
}

export interface IntentView {
  packets: IntentPacketCard[];
  /** Index of the current packet (the latest one from the thread, else the latest artifact). */
  current?: number;
  /** The latest routing decision in the thread. */
  routing?: RoutingView & { eventIndex: number; at?: string };
}

export type PacketSectionKey =
  | 'intent' | 'bindingDecisions' | 'requirements' | 'implementationLatitude' | 'escalateIf' | 'validation'
  | 'codeMap' | 'reviewerFocus' | 'nextAction' | 'reason' | 'evidenceChecked' | 'missingInformation'
  | 'contextChecked' | 'whyLatitudeInsufficient' | 'nextPlanningQuestion' | 'worktree';

/** How a label was written: `Label:` line, `### Label` heading, `- Label: …` bullet, `**Label**`. */
export type LabelStyle = 'line' | 'heading' | 'bullet' | 'bold';

export interface PacketSection {
  key: PacketSectionKey;
  /** Label as written (e.g. `Reviewer focus`, `Current code map / likely touch points`). */
  label: string;
  style: LabelStyle;
  markdown: string;
  /** 1-based file line of the label. */
  line: number;
}

export interface IntentPacketCard {
  source: 'thread' | 'artifact';
  file: string;
  line: number;
  eventIndex?: number;
  eventKind?: string;
  author?: string;
  at?: string;
  current: boolean;
  routing?: RoutingView;
  /** Canonical order (Reason, Evidence checked, …, Intent … Next action). */
  sections: PacketSection[];
  /** The whole source Markdown (fallback when the labels are unusual). */
  raw: string;
}

export interface RelationsView {
  outgoing: RelationView[];
  incoming: RelationView[];
  /** Relation blockers (§7.1): outgoing depends_on / incoming blocks whose ticket is not done/closed. */
  blockers: BlockerView[];
}

export interface RelationView {
  direction: 'outgoing' | 'incoming';
  /** Stored kind (`depends_on`, `blocks`, `related`, `supersedes`, `duplicate_of`). */
  kind: string;
  /** Kind as seen from this ticket (incoming `depends_on` → `dependency_of`, …). */
  label: string;
  other: string;
  otherTitle?: string;
  otherState?: string;
  otherExists: boolean;
  /** True when this relation currently blocks this ticket. */
  blocking: boolean;
  note?: string;
  author?: string;
  at?: string;
}

export interface BlockerView {
  ticket: string;
  title?: string;
  state?: string;
  via: string;
  /** Blocker is queued/inprogress: Queue still allowed ("Orchestrator will preserve order"). */
  active: boolean;
}

export interface PlanRecordView {
  id?: string;
  kind: string;
  relatedTicket?: string;
  relatedTitle?: string;
  note?: string;
  acceptedPlan?: { summary?: string; branch?: string; worktree?: string; rolePlan?: string };
  author?: string;
  at?: string;
  line: number;
}

export type ArtifactKind = 'relations' | 'plan' | 'delegationIntent' | 'report' | 'review' | 'decision' | 'other';

export interface ArtifactView {
  /** Path relative to `artifacts/` (always `/`-separated). */
  path: string;
  file: string;
  bytes: number;
  kind: ArtifactKind;
}

export interface ResolutionView {
  file: string;
  markdown: string;
  bytes: number;
  /** Migrated resolutions start with a copy of a legacy front matter (kept as text). */
  legacyFrontMatter: boolean;
}

export type ProblemArea = 'item' | 'thread' | 'relations' | 'plans' | 'artifacts' | 'resolution' | 'store';

export interface ProblemView {
  area: ProblemArea;
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  params?: Record<string, string | number>;
  file: string;
  line: number;
  column?: number;
  eventIndex?: number;
  /** Source lines around the problem (for "show raw"). */
  raw?: { firstLine: number; text: string };
}

export interface TicketRefView {
  title?: string;
  state?: string;
}
