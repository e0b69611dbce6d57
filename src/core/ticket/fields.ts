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

const TIMESTAMP_FIELDS = ['created_at', 'updated_at', 'queued_at'] as const;
const hasOwn = Object.prototype.hasOwnProperty;

/** Shared empty list (frozen): most tickets have no problems. */
export const NO_PROBLEMS: Problem[] = Object.freeze([]) as unknown as Problem[];

const digit = (v: string, i: number) => (v.charCodeAt(i) - 48) >>> 0 <= 9;

/** `YYYY-MM-DDTHH:MM:SSZ`, checked by char codes, unrolled (three per ticket per cold build). */
export function isTimestamp(v: string): boolean {
  return v.length === 20 &&
    v.charCodeAt(4) === 45 && v.charCodeAt(7) === 45 && v.charCodeAt(10) === 84 && v.charCodeAt(13) === 58 && v.charCodeAt(16) === 58 && v.charCodeAt(19) === 90 &&
    digit(v, 0) && digit(v, 1) && digit(v, 2) && digit(v, 3) && digit(v, 5) && digit(v, 6) && digit(v, 8) && digit(v, 9) &&
    digit(v, 11) && digit(v, 12) && digit(v, 14) && digit(v, 15) && digit(v, 17) && digit(v, 18);
}

function legacyState(key: 'workflow_state' | 'status', v: string): TicketState | undefined {
  if (key === 'status') return v === 'closed' ? 'closed' : 'planning';
  if (v === 'intake') return 'planning'; // renamed on 2026-06-08
  return isTicketState(v) ? v : undefined;
}

/** Extracts typed fields; problems are located using `keyLines` (file lines of each key).
 * Written as plain loops without closures, destructuring or per-call arrays: it runs once per
 * ticket on every cold index build. */
export function ticketFields(data: FrontMatterData, keyLines: Record<string, number>, file: string): { fields: TicketFields; problems: Problem[] } {
  let problems: Problem[] | undefined;
  const fields: TicketFields = { stateSource: 'default', riskFlags: [] };

  // Shape check: nested mappings and non-string list items.
  for (const k in data) {
    const v = data[k];
    if (v === null || typeof v !== 'object') continue;
    if (!Array.isArray(v)) {
      (problems ??= []).push(problem(file, keyLines[k] ?? 1, 'error', 'item.nested-mapping', `\`${k}\` is a nested mapping; front-matter values must be scalars or lists of strings`, { key: k }));
    } else {
      for (const x of v) {
        if (x !== null && typeof x !== 'string') {
          (problems ??= []).push(problem(file, keyLines[k] ?? 1, 'error', 'item.invalid-field-type', `\`${k}\` must be a list of strings`, { key: k, expected: 'string[]' }));
          break;
        }
      }
    }
  }

  // String fields (own keys only; values are never `undefined`).
  type Str = string | null | undefined;
  let title: Str, state: Str, createdAt: Str, updatedAt: Str, assignee: Str, readiness: Str, queuedBy: Str, queuedAt: Str, priority: Str;
  for (let i = 0; i < STRING_FIELDS.length; i++) {
    const k = STRING_FIELDS[i];
    const v = hasOwn.call(data, k) ? data[k] : undefined;
    let sv: string | null | undefined;
    if (v === undefined || v === null || typeof v === 'string') {
      sv = v as string | null | undefined;
    } else if (typeof v === 'number' || typeof v === 'boolean') {
      (problems ??= []).push(problem(file, keyLines[k] ?? 1, 'error', 'item.invalid-field-type', `\`${k}\` must be a string (quote it)`, { key: k, expected: 'string' }));
      sv = String(v);
    } else {
      (problems ??= []).push(problem(file, keyLines[k] ?? 1, 'error', 'item.invalid-field-type', `\`${k}\` must be a string or null`, { key: k, expected: 'string' }));
    }
    switch (i) {
      case 0: title = sv; break;
      case 1: state = sv; break;
      case 2: createdAt = sv; break;
      case 3: updatedAt = sv; break;
      case 4: assignee = sv; break;
      case 5: readiness = sv; break;
      case 6: queuedBy = sv; break;
      case 7: queuedAt = sv; break;
      default: priority = sv;
    }
  }
  if (typeof title === 'string') fields.title = title;
  if (typeof createdAt === 'string') fields.createdAt = createdAt;
  if (typeof updatedAt === 'string') fields.updatedAt = updatedAt;
  if (assignee !== undefined) fields.assignee = assignee;
  if (typeof readiness === 'string') fields.readiness = readiness;
  if (typeof queuedBy === 'string') fields.queuedBy = queuedBy;
  if (typeof queuedAt === 'string') fields.queuedAt = queuedAt;
  if (typeof priority === 'string') fields.priority = priority;

  const rf = Object.prototype.hasOwnProperty.call(data, 'risk_flags') ? data.risk_flags : undefined;
  if (Array.isArray(rf)) {
    const flags: string[] = [];
    for (const x of rf) if (typeof x === 'string') flags.push(x);
    fields.riskFlags = flags;
  } else if (rf !== undefined && rf !== null) {
    (problems ??= []).push(problem(file, keyLines.risk_flags ?? 1, 'error', 'item.invalid-field-type', '`risk_flags` must be a list of strings', { key: 'risk_flags', expected: 'string[]' }));
  }

  // State resolution: state → workflow_state → status → planning.
  if (typeof state === 'string') {
    fields.stateSource = 'state';
    if (isTicketState(state)) fields.state = state;
    else (problems ??= []).push(problem(file, keyLines.state ?? 1, 'error', 'item.invalid-state', `Unknown state \`${state}\` (expected planning, ready, queued, inprogress, done or closed)`, { state }));
  } else {
    const ws = data.workflow_state;
    const st = data.status;
    if (typeof ws === 'string' && Object.prototype.hasOwnProperty.call(data, 'workflow_state')) {
      fields.stateSource = 'workflow_state';
      fields.state = legacyState('workflow_state', ws);
      if (!fields.state) (problems ??= []).push(problem(file, keyLines.workflow_state ?? 1, 'error', 'item.invalid-state', `Unknown workflow_state \`${ws}\``, { state: ws }));
    } else if (typeof st === 'string' && Object.prototype.hasOwnProperty.call(data, 'status')) {
      fields.stateSource = 'status';
      fields.state = legacyState('status', st);
    } else {
      fields.state = 'planning';
    }
  }

  for (let i = 0; i < REQUIRED_FIELDS.length; i++) {
    const k = REQUIRED_FIELDS[i];
    const present = Object.prototype.hasOwnProperty.call(data, k);
    const v = present ? data[k] : undefined;
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      (problems ??= []).push(problem(file, present ? (keyLines[k] ?? 1) : 1, 'error', 'item.missing-field', `Required field \`${k}\` is missing or empty`, { key: k }));
    }
  }
  for (let i = 0; i < TIMESTAMP_FIELDS.length; i++) {
    const k = TIMESTAMP_FIELDS[i];
    const v = data[k];
    if (typeof v === 'string' && v !== '' && !isTimestamp(v)) {
      (problems ??= []).push(problem(file, keyLines[k] ?? 1, 'warning', 'item.invalid-timestamp', `\`${k}\` is not a YYYY-MM-DDTHH:MM:SSZ timestamp`, { key: k, value: v }));
    }
  }
  for (let i = 0; i < OBSOLETE_FIELDS.length; i++) {
    const k = OBSOLETE_FIELDS[i];
    if (hasOwn.call(data, k)) (problems ??= []).push(problem(file, keyLines[k] ?? 1, 'error', 'item.obsolete-field', `Obsolete field \`${k}\` (yoi doctor rejects it)`, { key: k }));
  }
  return { fields, problems: problems ?? NO_PROBLEMS };
}
