// Typed view of item.md front matter: state resolution (state → workflow_state → status →
// planning), typed-field validation and required/obsolete keys, all as located problems.
import { Problem, problem } from '../problems';
import { isTicketState, TicketState } from '../states';
import { FrontMatterData, FrontMatterValue } from './frontMatter';

export const REQUIRED_FIELDS = ['title', 'state', 'created_at', 'updated_at'] as const;
export const STRING_FIELDS = ['title', 'state', 'created_at', 'updated_at', 'assignee', 'readiness', 'queued_by', 'queued_at', 'priority'] as const;
/** Keys that make yoi's doctor fail if present. */
export const OBSOLETE_FIELDS = ['id', 'slug', 'status', 'workflow_state', 'kind', 'labels', 'action_required', 'attention_required'] as const;
/** Keys `yoi ticket show` hides. */
export const HIDDEN_FIELDS = ['legacy_ticket', 'needs_preflight'] as const;
export const READINESS_VOCABULARY = ['implementation_ready', 'requirements_sync_needed', 'spike_needed', 'blocked', 'unspecified'] as const;

export type StateSource = 'state' | 'workflow_state' | 'status' | 'default';

export interface TicketFields {
  title?: string;
  /** Resolved state; undefined when the value is unknown (a parse error). */
  state?: TicketState;
  stateSource: StateSource;
  createdAt?: string;
  updatedAt?: string;
  assignee?: string | null;
  readiness?: string;
  riskFlags: string[];
  queuedBy?: string;
  queuedAt?: string;
  priority?: string;
}

const TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function legacyState(key: 'workflow_state' | 'status', v: string): TicketState | undefined {
  if (key === 'status') return v === 'closed' ? 'closed' : 'planning';
  if (v === 'intake') return 'planning'; // renamed on 2026-06-08
  return isTicketState(v) ? v : undefined;
}

/** Extracts typed fields; problems are located using `keyLines` (file lines of each key). */
export function ticketFields(data: FrontMatterData, keyLines: Record<string, number>, file: string): { fields: TicketFields; problems: Problem[] } {
  const problems: Problem[] = [];
  const has = (k: string) => Object.prototype.hasOwnProperty.call(data, k);
  const lineOf = (k: string) => keyLines[k] ?? 1;
  const fields: TicketFields = { stateSource: 'default', riskFlags: [] };

  const asString = (k: string): string | null | undefined => {
    if (!has(k)) return undefined;
    const v: FrontMatterValue = data[k];
    if (v === null) return null;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') {
      problems.push(problem(file, lineOf(k), 'error', 'item.invalid-field-type', `\`${k}\` must be a string (quote it)`, { key: k, expected: 'string' }));
      return String(v);
    }
    problems.push(problem(file, lineOf(k), 'error', 'item.invalid-field-type', `\`${k}\` must be a string or null`, { key: k, expected: 'string' }));
    return undefined;
  };

  for (const [k, v] of Object.entries(data)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      problems.push(problem(file, lineOf(k), 'error', 'item.nested-mapping', `\`${k}\` is a nested mapping; front-matter values must be scalars or lists of strings`, { key: k }));
    } else if (Array.isArray(v) && v.some((x) => x !== null && typeof x !== 'string')) {
      problems.push(problem(file, lineOf(k), 'error', 'item.invalid-field-type', `\`${k}\` must be a list of strings`, { key: k, expected: 'string[]' }));
    }
  }

  const title = asString('title');
  if (typeof title === 'string') fields.title = title;
  const createdAt = asString('created_at');
  if (typeof createdAt === 'string') fields.createdAt = createdAt;
  const updatedAt = asString('updated_at');
  if (typeof updatedAt === 'string') fields.updatedAt = updatedAt;
  const assignee = asString('assignee');
  if (assignee !== undefined) fields.assignee = assignee;
  const readiness = asString('readiness');
  if (typeof readiness === 'string') fields.readiness = readiness;
  const queuedBy = asString('queued_by');
  if (typeof queuedBy === 'string') fields.queuedBy = queuedBy;
  const queuedAt = asString('queued_at');
  if (typeof queuedAt === 'string') fields.queuedAt = queuedAt;
  const priority = asString('priority');
  if (typeof priority === 'string') fields.priority = priority;

  if (has('risk_flags')) {
    const rf = data.risk_flags;
    if (Array.isArray(rf)) fields.riskFlags = rf.filter((x): x is string => typeof x === 'string');
    else if (rf !== null) problems.push(problem(file, lineOf('risk_flags'), 'error', 'item.invalid-field-type', '`risk_flags` must be a list of strings', { key: 'risk_flags', expected: 'string[]' }));
  }

  // State resolution.
  const state = asString('state');
  if (typeof state === 'string') {
    fields.stateSource = 'state';
    if (isTicketState(state)) fields.state = state;
    else problems.push(problem(file, lineOf('state'), 'error', 'item.invalid-state', `Unknown state \`${state}\` (expected planning, ready, queued, inprogress, done or closed)`, { state }));
  } else {
    const ws = asString('workflow_state');
    const st = asString('status');
    if (typeof ws === 'string') {
      fields.stateSource = 'workflow_state';
      fields.state = legacyState('workflow_state', ws);
      if (!fields.state) problems.push(problem(file, lineOf('workflow_state'), 'error', 'item.invalid-state', `Unknown workflow_state \`${ws}\``, { state: ws }));
    } else if (typeof st === 'string') {
      fields.stateSource = 'status';
      fields.state = legacyState('status', st);
    } else {
      fields.state = 'planning';
    }
  }

  for (const k of REQUIRED_FIELDS) {
    const v = data[k];
    if (!has(k) || v === null || (typeof v === 'string' && v.trim() === '')) {
      problems.push(problem(file, has(k) ? lineOf(k) : 1, 'error', 'item.missing-field', `Required field \`${k}\` is missing or empty`, { key: k }));
    }
  }
  for (const k of ['created_at', 'updated_at', 'queued_at'] as const) {
    const v = data[k];
    if (typeof v === 'string' && v !== '' && !TIMESTAMP_RE.test(v)) {
      problems.push(problem(file, lineOf(k), 'warning', 'item.invalid-timestamp', `\`${k}\` is not a YYYY-MM-DDTHH:MM:SSZ timestamp`, { key: k, value: v }));
    }
  }
  for (const k of OBSOLETE_FIELDS) {
    if (has(k)) problems.push(problem(file, lineOf(k), 'error', 'item.obsolete-field', `Obsolete field \`${k}\` (yoi doctor rejects it)`, { key: k }));
  }
  return { fields, problems };
}
