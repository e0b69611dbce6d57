// orchestration-plan.jsonl writer (§7.2): one compact JSON object per line, fields in yoi's order,
// `id = orch-plan-<UTC YYYYMMDD-HHMMSS>-<n>` with n = non-empty lines already in the file + 1.
import { PLAN_KINDS, PlanKind } from '../relations/plan';
import { rustTrim } from './events';
import { WorkflowError } from './errors';

const TEXT_MAX = 16 * 1024;
const FIELD_MAX = 1024;
const NEEDS_RELATED: ReadonlySet<string> = new Set(['before', 'after', 'blocked_by', 'blocks', 'conflicts_with', 'do_not_parallelize']);

export interface NewAcceptedPlan {
  summary: string;
  branch?: string;
  worktree?: string;
  rolePlan?: string;
}

export interface NewPlanRecord {
  kind: PlanKind;
  relatedTicket?: string;
  note?: string;
  acceptedPlan?: NewAcceptedPlan;
  author: string;
  /** `YYYY-MM-DDTHH:MM:SSZ`. */
  at: string;
}

/** Number of non-empty lines (yoi ignores blank lines). */
export function countRecords(text: string | undefined): number {
  if (!text) return 0;
  return text.split('\n').filter((l) => rustTrim(l) !== '').length;
}

export function planRecordId(at: string, existingCount: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(at);
  if (!m) throw new WorkflowError('invalid-input', `invalid timestamp \`${at}\``, 'input.timestamp', { at });
  return `orch-plan-${m[1]}${m[2]}${m[3]}-${m[4]}${m[5]}${m[6]}-${existingCount + 1}`;
}

const field = (name: string, v: string | undefined, required: boolean) => {
  if (v === undefined) {
    if (required) throw new WorkflowError('invalid-input', `plan record needs ${name}`, 'input.plan-field', { field: name });
    return;
  }
  if (v === '' || /[\r\n]/.test(v) || Buffer.byteLength(v) > FIELD_MAX) {
    throw new WorkflowError('invalid-input', `plan record ${name} must be a non-empty single line of at most 1 KiB`, 'input.plan-field', { field: name });
  }
};
const text = (name: string, v: string | undefined) => {
  if (v !== undefined && Buffer.byteLength(v) > TEXT_MAX) {
    throw new WorkflowError('invalid-input', `plan record ${name} must be at most 16 KiB`, 'input.plan-text', { field: name });
  }
};

/** The JSON line (without newline) for a new record appended to a file with `existing` text. */
export function formatPlanRecord(ticketId: string, rec: NewPlanRecord, existing: string | undefined): string {
  if (!(PLAN_KINDS as readonly string[]).includes(rec.kind)) {
    throw new WorkflowError('invalid-input', `unknown plan record kind \`${rec.kind}\``, 'input.plan-kind', { kind: String(rec.kind) });
  }
  field('author', rec.author, true);
  field('at', rec.at, true);
  field('related_ticket', rec.relatedTicket, NEEDS_RELATED.has(rec.kind));
  text('note', rec.note);
  if (rec.kind === 'waiting_capacity_note' && (rec.note === undefined || rustTrim(rec.note) === '')) {
    throw new WorkflowError('invalid-input', 'waiting_capacity_note needs a note', 'input.plan-field', { field: 'note' });
  }
  if (rec.acceptedPlan !== undefined && rec.kind !== 'accepted_plan') {
    throw new WorkflowError('invalid-input', 'only accepted_plan records may carry an accepted plan', 'input.plan-accepted-plan');
  }
  if (rec.kind === 'accepted_plan' && (rec.acceptedPlan === undefined || rustTrim(rec.acceptedPlan.summary) === '')) {
    throw new WorkflowError('invalid-input', 'accepted_plan needs a summary', 'input.plan-field', { field: 'accepted_plan.summary' });
  }
  const out: Record<string, unknown> = { id: planRecordId(rec.at, countRecords(existing)), ticket_id: ticketId, kind: rec.kind };
  if (rec.relatedTicket !== undefined) out.related_ticket = rec.relatedTicket;
  if (rec.note !== undefined) out.note = rec.note;
  if (rec.acceptedPlan !== undefined) {
    const a = rec.acceptedPlan;
    text('summary', a.summary);
    text('role_plan', a.rolePlan);
    field('branch', a.branch, false);
    field('worktree', a.worktree, false);
    const ap: Record<string, string> = { summary: a.summary };
    if (a.branch !== undefined) ap.branch = a.branch;
    if (a.worktree !== undefined) ap.worktree = a.worktree;
    if (a.rolePlan !== undefined) ap.role_plan = a.rolePlan;
    out.accepted_plan = ap;
  }
  out.author = rec.author;
  out.at = rec.at;
  return JSON.stringify(out);
}

/** Bytes to append: the line plus `\n` (after a `\n` first if the file lacks a final newline). */
export function planAppendBytes(line: string, existing: string | undefined): string {
  const glue = existing && !existing.endsWith('\n') ? '\n' : '';
  return `${glue}${line}\n`;
}
