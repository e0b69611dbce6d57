// Mutations as pure plans (§4.2): given the Ticket as it is on disk now, compute the exact bytes
// yoi would write — events appended to thread.md, the patched item.md, extra files — or refuse
// with a guard error. Executing a plan (lock, re-read, conflict checks, durable writes) is
// executor.ts's job; keeping this side pure lets tests replay yoi's history byte by byte.
import { encodeId, isId } from '../ids';
import { RelationKind } from '../relations/relations';
import { PlanKind } from '../relations/plan';
import { TicketState } from '../states';
import { WorkflowError } from './errors';
import { EventAttributes, formatEvent, SanitizeChange, sanitizeBody } from './events';
import { FrontMatterUpdate, formatFrontMatterLine, patchFrontMatter, replaceBody } from './frontMatterPatch';
import { TicketSnapshot } from './freshReads';
import { formatPlanRecord, NewAcceptedPlan, planAppendBytes } from './planRecordWriter';
import { Clock, formatTimestamp, RecordLanguage } from './ports';
import { addRelationToFile } from './relationsWriter';
import { BlockerLike, checkStateAction, StateAction, TRANSITIONS } from './stateMachine';
import {
  closedStateBody, createEventBody, defaultItemBody, FIXED_HEADINGS, HEADINGS, itemEditBody, planningReadyBody, queuedBody, REVIEW_HEADINGS,
} from './texts';

export interface MutationEnv {
  clock: Clock;
  language: RecordLanguage;
}

export type MutationAction = StateAction | 'comment' | 'plan' | 'decision' | 'implementationReport' | 'review' | 'editItem' | 'addRelation' | 'recordPlan';

export interface PlannedEvent {
  attributes: EventAttributes;
  heading: string;
  /** Body as written (after sanitising). */
  body: string;
}

export interface SanitizeReport extends SanitizeChange {
  /** Index into `events`. */
  event: number;
}

export interface MutationPlan {
  ticketId: string;
  action: MutationAction;
  from?: TicketState;
  to?: TicketState;
  events: PlannedEvent[];
  /** Exact bytes appended to thread.md ('' when none). */
  threadAppend: string;
  /** New item.md content; undefined = unchanged. */
  item?: string;
  /** Files written atomically, relative to the Ticket folder (e.g. `resolution.md`). */
  files: Array<{ relPath: string; content: string }>;
  /** Bytes appended to artifacts/orchestration-plan.jsonl. */
  planAppend?: string;
  /** Body lines changed so they cannot break the thread. */
  sanitized: SanitizeReport[];
}

export const BODY_MAX = 16 * 1024;
export const REASON_MAX = 1024;

function requireReadable(s: TicketSnapshot): TicketState {
  if (!s.readable || s.state === undefined) {
    throw new WorkflowError('unreadable', `item.md of ${s.id} cannot be read, so it is not modified`, 'item.unreadable', { id: s.id });
  }
  return s.state;
}

function checkAuthor(author: string): void {
  if (!author || /[\r\n]/.test(author) || author.includes('-->')) {
    throw new WorkflowError('invalid-input', 'author must be a non-empty single line', 'input.author');
  }
}

function checkText(name: string, v: string, max: number, opts: { singleLine?: boolean; required?: boolean } = {}): void {
  if (opts.required && v.trim() === '') throw new WorkflowError('invalid-input', `${name} must not be empty`, 'input.empty', { field: name });
  if (opts.singleLine && /[\r\n]/.test(v)) throw new WorkflowError('invalid-input', `${name} must be a single line`, 'input.multiline', { field: name });
  if (Buffer.byteLength(v) > max) throw new WorkflowError('invalid-input', `${name} must be at most ${max / 1024} KiB`, 'input.too-long', { field: name, max });
}

/** Accumulates events and front-matter updates in yoi's order. */
class PlanBuilder {
  readonly events: PlannedEvent[] = [];
  readonly sanitized: SanitizeReport[] = [];
  readonly updates: FrontMatterUpdate[] = [];
  private thread = '';

  constructor(private readonly env: MutationEnv, private readonly first = false) {}

  now(): string {
    return formatTimestamp(this.env.clock.now());
  }

  /** Appends an event (reading the clock unless `at` is given) and sets updated_at to its `at`. */
  event(a: Omit<EventAttributes, 'at'> & { at?: string }, heading: string, body: string): string {
    checkAuthor(a.author);
    const at = a.at ?? this.now();
    const attributes: EventAttributes = { ...a, at };
    const clean = sanitizeBody(body);
    for (const c of clean.changes) this.sanitized.push({ ...c, event: this.events.length });
    const ev = { attributes, heading, body: clean.body };
    this.thread += formatEvent(ev, this.first && this.events.length === 0);
    this.events.push(ev);
    this.updates.push(['updated_at', at]);
    return at;
  }

  get threadBytes(): string {
    return this.thread;
  }

  set(key: string, value: string | null | readonly string[]): void {
    this.updates.push([key, value]);
  }

  build(s: TicketSnapshot, action: MutationAction, extra: Partial<MutationPlan> = {}): MutationPlan {
    const plan: MutationPlan = {
      ticketId: s.id,
      action,
      events: this.events,
      threadAppend: this.thread,
      files: [],
      sanitized: this.sanitized,
      ...extra,
    };
    if (this.updates.length && plan.item === undefined) plan.item = patchFrontMatter(s.itemText, this.updates);
    return plan;
  }
}

function guard(action: StateAction, state: TicketState, blockers: readonly BlockerLike[] = []): void {
  const reason = checkStateAction(action, state, blockers);
  if (reason) throw new WorkflowError('guard', reason.message, reason.code, reason.params);
}

// ---- state changes ------------------------------------------------------------------------------

export interface MarkReadyInput {
  /** Author of the intake_summary (and of the state change unless stateAuthor is set). */
  author: string;
  /** Intake summary body (required, ≤16 KiB). */
  summary: string;
  /** yoi's CLI writes the state change as `yoi ticket` while the summary is `$USER`. */
  stateAuthor?: string;
  reason?: string;
  /** state_changed body; default: yoi's localized "planning complete" text. */
  body?: string;
}

/** planning → ready: intake_summary, then state_changed, then `state: 'ready'`. */
export function planMarkReady(s: TicketSnapshot, input: MarkReadyInput, env: MutationEnv): MutationPlan {
  const state = requireReadable(s);
  guard('markReady', state);
  checkText('intake summary', input.summary, BODY_MAX, { required: true });
  const reason = input.reason ?? 'planning_ready';
  checkText('reason', reason, REASON_MAX, { singleLine: true, required: true });
  const body = input.body ?? planningReadyBody(env.language);
  checkText('body', body, BODY_MAX);
  const b = new PlanBuilder(env);
  b.event({ kind: 'intake_summary', author: input.author }, FIXED_HEADINGS.intake_summary, input.summary);
  b.event({ kind: 'state_changed', author: input.stateAuthor ?? input.author, from: 'planning', to: 'ready', reason, field: 'state' }, FIXED_HEADINGS.state_changed, body);
  b.set('state', 'ready');
  return b.build(s, 'markReady', { from: 'planning', to: 'ready' });
}

export interface QueueInput {
  /** `queued_by` and the event author (Panel: `workspace-panel`, CLI: `yoi ticket`). */
  queuedBy: string;
}

/** ready → queued (§4.2 "queue a ticket"). `blockers` = fresh blockers of the Ticket. */
export function planQueue(s: TicketSnapshot, input: QueueInput, blockers: readonly BlockerLike[], env: MutationEnv): MutationPlan {
  const state = requireReadable(s);
  guard('queue', state, blockers);
  const b = new PlanBuilder(env);
  const at = b.event({ kind: 'state_changed', author: input.queuedBy, from: 'ready', to: 'queued', reason: 'queued', field: 'state' }, FIXED_HEADINGS.state_changed, queuedBody(env.language, input.queuedBy));
  b.set('state', 'queued');
  b.set('queued_by', input.queuedBy);
  b.set('queued_at', at);
  return b.build(s, 'queue', { from: 'ready', to: 'queued' });
}

export interface StateChangeInput {
  author: string;
  /** Free snake_case reason (single line, ≤1 KiB). */
  reason?: string;
  /** Markdown body (≤16 KiB). */
  body?: string;
}

const DEFAULT_REASONS: Partial<Record<StateAction, string>> = {
  accept: 'orchestrator_acceptance',
  markDone: 'merged_and_validated',
};

/** queued → inprogress (accept), inprogress → done (markDone), ready|queued → planning (returnToPlanning). */
export function planStateChange(
  s: TicketSnapshot,
  action: 'accept' | 'markDone' | 'returnToPlanning',
  input: StateChangeInput,
  blockers: readonly BlockerLike[],
  env: MutationEnv,
): MutationPlan {
  const from = requireReadable(s);
  guard(action, from, blockers);
  const to = TRANSITIONS[action].to;
  const reason = input.reason ?? DEFAULT_REASONS[action];
  if (reason === undefined) {
    throw new WorkflowError('invalid-input', 'returning to planning needs a concrete reason', 'input.reason-required', { field: 'reason' });
  }
  checkText('reason', reason, REASON_MAX, { singleLine: true, required: true });
  const body = input.body ?? `State changed to \`${to}\`.\n`;
  checkText('body', body, BODY_MAX);
  const b = new PlanBuilder(env);
  b.event({ kind: 'state_changed', author: input.author, from, to, reason, field: 'state' }, FIXED_HEADINGS.state_changed, body);
  b.set('state', to);
  return b.build(s, action, { from, to });
}

export interface CloseInput {
  author: string;
  /** Written verbatim to resolution.md and (sanitised) as the close event body. */
  resolution: string;
  /** yoi would close a closed Ticket again (new close event, resolution.md overwritten); we refuse unless asked. */
  allowReclose?: boolean;
}

/** any → closed: state_changed (unless closed), `state: 'closed'`, resolution.md, close event. */
export function planClose(s: TicketSnapshot, input: CloseInput, env: MutationEnv): MutationPlan {
  const from = requireReadable(s);
  if (!(from === 'closed' && input.allowReclose)) guard('close', from);
  checkText('resolution', input.resolution, BODY_MAX * 4, { required: true });
  const b = new PlanBuilder(env);
  if (from !== 'closed') {
    b.event({ kind: 'state_changed', author: input.author, from, to: 'closed', reason: 'closed', field: 'state' }, FIXED_HEADINGS.state_changed, closedStateBody(env.language));
    b.set('state', 'closed');
  }
  b.event({ kind: 'close', author: input.author, status: 'closed' }, HEADINGS.close[env.language], input.resolution);
  return b.build(s, 'close', { from, to: 'closed', files: [{ relPath: 'resolution.md', content: input.resolution }] });
}

// ---- records ------------------------------------------------------------------------------------

export type RecordEventKind = 'comment' | 'plan' | 'decision' | 'implementation_report';
const RECORD_ACTION: Record<RecordEventKind, MutationAction> = { comment: 'comment', plan: 'plan', decision: 'decision', implementation_report: 'implementationReport' };

export interface RecordEventInput {
  author: string;
  body: string;
}

/** comment / plan / decision / implementation_report event. */
export function planRecordEvent(s: TicketSnapshot, kind: RecordEventKind, input: RecordEventInput, env: MutationEnv): MutationPlan {
  if (!(kind in RECORD_ACTION)) throw new WorkflowError('invalid-input', `unknown event kind \`${kind}\``, 'input.event-kind', { kind });
  if (!s.readable) requireReadable(s);
  checkText('body', input.body, Number.MAX_SAFE_INTEGER, { required: true });
  const b = new PlanBuilder(env);
  b.event({ kind, author: input.author }, FIXED_HEADINGS[kind], input.body);
  return b.build(s, RECORD_ACTION[kind]);
}

export interface ReviewInput {
  author: string;
  status: 'approve' | 'request_changes';
  body: string;
}

export function planReview(s: TicketSnapshot, input: ReviewInput, env: MutationEnv): MutationPlan {
  if (input.status !== 'approve' && input.status !== 'request_changes') {
    throw new WorkflowError('invalid-input', 'review status must be approve or request_changes', 'input.review-status');
  }
  if (!s.readable) requireReadable(s);
  checkText('body', input.body, Number.MAX_SAFE_INTEGER, { required: true });
  const b = new PlanBuilder(env);
  b.event({ kind: 'review', author: input.author, status: input.status }, REVIEW_HEADINGS[input.status], input.body);
  return b.build(s, 'review');
}

export interface EditItemInput {
  author: string;
  title?: string;
  /** New body, written verbatim right after the closing `---`. */
  body?: string;
}

/** Replaces title and/or body, then appends item_edit. */
export function planEditItem(s: TicketSnapshot, input: EditItemInput, env: MutationEnv): MutationPlan {
  requireReadable(s);
  const changed: Array<'title' | 'body'> = [];
  if (input.title !== undefined) {
    checkText('title', input.title, REASON_MAX, { singleLine: true, required: true });
    changed.push('title');
  }
  if (input.body !== undefined) changed.push('body');
  if (!changed.length) throw new WorkflowError('invalid-input', 'nothing to edit: give a title or a body', 'input.nothing-to-edit');
  const b = new PlanBuilder(env);
  if (input.title !== undefined) b.set('title', input.title);
  b.event({ kind: 'item_edit', author: input.author }, HEADINGS.item_edit[env.language], itemEditBody(changed));
  const item = input.body !== undefined ? replaceBody(s.itemText, input.body, b.updates) : patchFrontMatter(s.itemText, b.updates);
  return b.build(s, 'editItem', { item });
}

export interface AddRelationInput {
  kind: RelationKind;
  target: string;
  note?: string;
  author: string;
}

/** Adds a relation to relations.json and bumps updated_at (no thread event). */
export function planAddRelation(s: TicketSnapshot, input: AddRelationInput, targetExists: boolean, env: MutationEnv): MutationPlan {
  requireReadable(s);
  checkAuthor(input.author);
  const b = new PlanBuilder(env);
  const at = b.now();
  const content = addRelationToFile(s.relationsText, s.paths.relations, s.id, { ...input, at }, targetExists);
  b.set('updated_at', at);
  return b.build(s, 'addRelation', { files: [{ relPath: 'artifacts/relations.json', content }] });
}

export interface RecordPlanInput {
  kind: PlanKind;
  relatedTicket?: string;
  note?: string;
  acceptedPlan?: NewAcceptedPlan;
  author: string;
}

/** Appends an orchestration plan record and bumps updated_at (no thread event). */
export function planRecordPlan(s: TicketSnapshot, input: RecordPlanInput, env: MutationEnv): MutationPlan {
  requireReadable(s);
  checkAuthor(input.author);
  const b = new PlanBuilder(env);
  const at = b.now();
  const line = formatPlanRecord(s.id, { ...input, at }, s.planText);
  b.set('updated_at', at);
  return b.build(s, 'recordPlan', { planAppend: planAppendBytes(line, s.planText) });
}

// ---- create -------------------------------------------------------------------------------------

export interface CreateInput {
  title: string;
  /** item.md body; default: yoi's localized default body. */
  body?: string;
  /** Initial state: planning (default) or ready (created directly ready, as 39 snapshot Tickets were). */
  state?: 'planning' | 'ready';
  readiness?: string;
  riskFlags?: readonly string[];
  author: string;
}

export interface CreatePlan {
  id: string;
  createdAt: string;
  item: string;
  thread: string;
  event: PlannedEvent;
  sanitized: SanitizeReport[];
}

/** Mints the ID (§2: first free millisecond from now, at most 1000 tries) and the new files. */
export function planCreate(input: CreateInput, taken: (id: string) => boolean, env: MutationEnv): CreatePlan {
  checkText('title', input.title, REASON_MAX, { singleLine: true, required: true });
  checkAuthor(input.author);
  const state = input.state ?? 'planning';
  if (state !== 'planning' && state !== 'ready') throw new WorkflowError('invalid-input', 'new tickets start in planning or ready', 'input.initial-state', { state });
  const now = env.clock.now();
  let id: string | undefined;
  for (let offset = 0; offset < 1000; offset++) {
    const candidate = encodeId(now.getTime() + offset);
    if (!taken(candidate)) {
      id = candidate;
      break;
    }
  }
  if (!id || !isId(id)) throw new WorkflowError('io', 'could not allocate a ticket ID (1000 collisions)', 'create.id-exhausted');
  const at = formatTimestamp(now);
  const lines = [
    formatFrontMatterLine('title', input.title),
    formatFrontMatterLine('state', state),
    formatFrontMatterLine('created_at', at),
    formatFrontMatterLine('updated_at', at),
    formatFrontMatterLine('assignee', null),
  ];
  if (input.readiness !== undefined) lines.push(formatFrontMatterLine('readiness', input.readiness));
  if (input.riskFlags !== undefined) lines.push(formatFrontMatterLine('risk_flags', input.riskFlags));
  let body = input.body ?? defaultItemBody(env.language);
  if (!body.endsWith('\n')) body += '\n';
  const item = `---\n${lines.join('\n')}\n---\n\n${body}`;
  const b = new PlanBuilder(env, true);
  b.event({ kind: 'create', author: input.author, at }, HEADINGS.create[env.language], createEventBody(env.language));
  return { id, createdAt: at, item, thread: b.threadBytes, event: b.events[0], sanitized: b.sanitized };
}
