// artifacts/orchestration-plan.jsonl (§7.2): Orchestrator runtime notes, one JSON object per line.
import { Problem, problem } from '../problems';
import { jsonErrorPosition } from './jsonLocate';

export const PLAN_KINDS = ['before', 'after', 'blocked_by', 'blocks', 'conflicts_with', 'do_not_parallelize', 'waiting_capacity_note', 'accepted_plan'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
const NEEDS_RELATED = new Set<string>(['before', 'after', 'blocked_by', 'blocks', 'conflicts_with', 'do_not_parallelize']);
const TOP_KEYS = ['id', 'ticket_id', 'kind', 'related_ticket', 'note', 'accepted_plan', 'author', 'at'];
const PLAN_KEYS = ['summary', 'branch', 'worktree', 'role_plan'];
const TEXT_MAX = 16 * 1024;
const FIELD_MAX = 1024;

export interface AcceptedPlan {
  summary: string;
  branch?: string;
  worktree?: string;
  rolePlan?: string;
}

export interface PlanRecord {
  id: string;
  ticketId: string;
  kind: string;
  relatedTicket?: string;
  note?: string;
  acceptedPlan?: AcceptedPlan;
  author: string;
  at: string;
  /** 1-based line in the file. */
  line: number;
  /** The record as stored (all keys). */
  raw: Record<string, unknown>;
}

export interface PlanFile {
  records: PlanRecord[];
  problems: Problem[];
}

/** Parses orchestration-plan.jsonl; a bad line is reported and skipped, the others are kept. */
export function parsePlanRecords(text: string, file: string, dirId: string): PlanFile {
  const records: PlanRecord[] = [];
  const problems: Problem[] = [];
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n');
  lines.forEach((rawLine, i) => {
    const lineNo = i + 1;
    const line = rawLine.replace(/\r$/, '');
    if (line.trim() === '') return;
    const bad = (code: string, message: string, params?: Record<string, string | number>, column?: number) =>
      problems.push(problem(file, lineNo, 'error', code, message, params, column));
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      const pos = jsonErrorPosition(line, e);
      return bad('plan.invalid-json', `Line ${lineNo} is not valid JSON: ${(e as Error).message}`, undefined, pos.column);
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad('plan.invalid-shape', `Line ${lineNo} must be a JSON object`);
    const r = v as Record<string, unknown>;
    for (const k of Object.keys(r)) if (!TOP_KEYS.includes(k)) bad('plan.unknown-key', `Unknown key \`${k}\``, { key: k });
    let ok = true;
    for (const k of ['id', 'ticket_id', 'kind', 'author', 'at']) {
      const s = r[k];
      if (typeof s !== 'string' || s === '') {
        bad('plan.missing-field', `\`${k}\` must be a non-empty string`, { key: k });
        ok = false;
      } else if (/[\r\n]/.test(s) || Buffer.byteLength(s) > FIELD_MAX) bad('plan.invalid-field', `\`${k}\` must be a single line of at most 1 KiB`, { key: k });
    }
    if (!ok) return;
    const kind = r.kind as string;
    if (!(PLAN_KINDS as readonly string[]).includes(kind)) bad('plan.invalid-kind', `Unknown plan record kind \`${kind}\``, { kind });
    if (r.ticket_id !== dirId) bad('plan.wrong-ticket', `ticket_id ${r.ticket_id} does not match the folder ${dirId}`, { ticketId: String(r.ticket_id), expected: dirId });
    if (r.related_ticket !== undefined && (typeof r.related_ticket !== 'string' || /[\r\n]/.test(r.related_ticket))) bad('plan.invalid-field', '`related_ticket` must be a single-line string', { key: 'related_ticket' });
    if (NEEDS_RELATED.has(kind) && (typeof r.related_ticket !== 'string' || r.related_ticket === '')) bad('plan.missing-field', `\`${kind}\` requires related_ticket`, { key: 'related_ticket', kind });
    if (r.note !== undefined && (typeof r.note !== 'string' || Buffer.byteLength(r.note) > TEXT_MAX)) bad('plan.invalid-field', '`note` must be a string of at most 16 KiB', { key: 'note' });
    if (kind === 'waiting_capacity_note' && (typeof r.note !== 'string' || r.note.trim() === '')) bad('plan.missing-field', '`waiting_capacity_note` requires note', { key: 'note', kind });
    let acceptedPlan: AcceptedPlan | undefined;
    if (r.accepted_plan !== undefined) {
      const ap = r.accepted_plan;
      if (kind !== 'accepted_plan') bad('plan.unexpected-accepted-plan', `only accepted_plan records may carry accepted_plan`, { kind });
      if (typeof ap !== 'object' || ap === null || Array.isArray(ap)) bad('plan.invalid-field', '`accepted_plan` must be an object', { key: 'accepted_plan' });
      else {
        const a = ap as Record<string, unknown>;
        for (const k of Object.keys(a)) if (!PLAN_KEYS.includes(k)) bad('plan.unknown-key', `Unknown key \`accepted_plan.${k}\``, { key: `accepted_plan.${k}` });
        if (typeof a.summary === 'string' && a.summary.trim() !== '') {
          acceptedPlan = { summary: a.summary };
          if (typeof a.branch === 'string') acceptedPlan.branch = a.branch;
          if (typeof a.worktree === 'string') acceptedPlan.worktree = a.worktree;
          if (typeof a.role_plan === 'string') acceptedPlan.rolePlan = a.role_plan;
        }
      }
    }
    if (kind === 'accepted_plan' && !acceptedPlan) bad('plan.missing-field', '`accepted_plan` requires accepted_plan.summary', { key: 'accepted_plan.summary', kind });
    const rec: PlanRecord = { id: r.id as string, ticketId: r.ticket_id as string, kind, author: r.author as string, at: r.at as string, line: lineNo, raw: r };
    if (typeof r.related_ticket === 'string') rec.relatedTicket = r.related_ticket;
    if (typeof r.note === 'string') rec.note = r.note;
    if (acceptedPlan) rec.acceptedPlan = acceptedPlan;
    records.push(rec);
  });
  return { records, problems };
}
