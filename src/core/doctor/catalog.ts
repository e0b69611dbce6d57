// The doctor's finding codes. Two families are kept apart:
// - `yoi`: the checks yoi's own `yoi ticket doctor` performs (spec §8.4, §5.2), with yoi's
//   severities — an error here makes yoi's doctor fail too.
// - `extension`: extra anomaly checks of this extension (spec §5.6: separators, nesting,
//   quoting, ordering, headings …). yoi tolerates them, so they are always Information.
// Each code has one English template with `{name}` placeholders filled from the finding's params;
// adapters localize by code (src/vscode/editor/doctorMessages.ts holds the same templates).
import { Severity } from '../problems';

export type DoctorFamily = 'yoi' | 'extension';

export interface CodeInfo {
  family: DoctorFamily;
  severity: Severity;
  template: string;
}

const yoi = (severity: Severity, template: string): CodeInfo => ({ family: 'yoi', severity, template });
const ext = (template: string): CodeInfo => ({ family: 'extension', severity: 'info', template });

export const DOCTOR_CODES = {
  // ---- yoi's family: tickets root --------------------------------------------------------------
  'store.unreadable-root': yoi('error', 'Cannot read the tickets root: {detail}'),
  'store.legacy-bucket': yoi('error', 'Legacy status bucket folder `{name}/`: tickets must live directly under the tickets root'),
  'store.duplicate-id': yoi('error', 'Ticket ID {id} exists more than once: {where}'),
  'store.todo-mentions-tickets': yoi('error', 'Legacy `TODO.md` next to the tickets root mentions ticket Markdown files (`tickets/` and `.md`)'),
  'store.markdown-in-tickets-dir': yoi('error', 'Markdown file `{name}` lies directly in `tickets/` (tickets are folders with an item.md)'),
  // ---- yoi's family: one ticket ----------------------------------------------------------------
  'ticket.invalid-id': yoi('error', 'Folder name `{id}` is not a valid ticket ID: {reason}'),
  'ticket.missing-thread': yoi('error', 'thread.md is missing'),
  'ticket.missing-artifacts': yoi('error', 'artifacts/ folder is missing'),
  'ticket.closed-without-resolution': yoi('warning', 'Closed ticket has no resolution.md'),
  'ticket.artifact-path-dotdot': yoi('error', 'Artifact path `{path}` contains `..`'),
  'item.unreadable': yoi('error', 'Cannot read item.md: {detail}'),
  'item.no-front-matter': yoi('error', 'item.md must start with a `---` line'),
  'item.unterminated-front-matter': yoi('error', 'Front matter has no closing `---` line'),
  'item.invalid-yaml': yoi('error', 'Front matter is not valid YAML: {detail}'),
  'item.not-a-mapping': yoi('error', 'Front matter must be a YAML mapping'),
  'item.nested-mapping': yoi('error', '`{key}` is a nested mapping; front-matter values must be scalars or lists of strings'),
  'item.invalid-field-type': yoi('error', '`{key}` has the wrong type (expected {expected})'),
  'item.missing-field': yoi('error', 'Required field `{key}` is missing or empty'),
  'item.obsolete-field': yoi('error', 'Obsolete field `{key}` (yoi doctor rejects it)'),
  'item.invalid-state': yoi('error', 'Unknown state `{state}` (expected planning, ready, queued, inprogress, done or closed)'),
  'thread.unterminated-marker': yoi('error', 'Event marker line has no closing `-->`; yoi ignores it'),
  'thread.missing-at': yoi('error', 'Event marker has no `at`'),
  'thread.state-changed-incomplete': yoi('error', 'state_changed event lacks {missing}'),
  'thread.intake-summary-incomplete': yoi('error', 'intake_summary event needs an author and a non-empty body'),
  'thread.review-without-status': yoi('warning', 'Review event has no `status` (approve or request_changes)'),
  'thread.review-invalid-status': yoi('warning', 'Review status `{status}` is not approve or request_changes'),
  'thread.review-result-instead-of-status': yoi('warning', 'Review has `result: {result}` instead of `status:`; yoi reads it as a review without status'),
  'relations.unreadable': yoi('error', 'Cannot read relations.json: {detail}'),
  'relations.invalid-json': yoi('error', 'relations.json is not valid JSON'),
  'relations.invalid-shape': yoi('error', 'relations.json must be an object with `version` and a `relations` array of objects'),
  'relations.unknown-key': yoi('error', 'Unknown key `{key}` in relations.json'),
  'relations.unsupported-version': yoi('error', 'relations.json version must be 1 (got {version})'),
  'relations.missing-field': yoi('error', 'Relation field `{key}` must be a non-empty string'),
  'relations.invalid-field': yoi('error', 'Relation field `{key}` is too long or spans several lines'),
  'relations.wrong-ticket': yoi('error', 'Relation ticket_id {ticketId} does not match the folder {expected}'),
  'relations.invalid-kind': yoi('error', 'Unknown relation kind `{kind}`'),
  'relations.invalid-target': yoi('error', 'Relation target `{target}` is not a valid ticket ID'),
  'relations.self': yoi('error', 'Ticket relates to itself ({kind})'),
  'relations.duplicate': yoi('error', 'Duplicate {kind} relation to {target}'),
  'relations.dangling-target': yoi('error', '{kind} target {target} does not exist'),
  'relations.cycle': yoi('error', '{kind} relation to {target} is part of a dependency cycle: {cycle}'),
  'plan.invalid-json': yoi('error', 'Plan record line is not valid JSON'),
  'plan.invalid-shape': yoi('error', 'Plan record must be a JSON object'),
  'plan.unknown-key': yoi('error', 'Unknown key `{key}` in plan record'),
  'plan.missing-field': yoi('error', 'Plan record field `{key}` is missing or empty'),
  'plan.invalid-field': yoi('error', 'Plan record field `{key}` is invalid (wrong type, too long or several lines)'),
  'plan.invalid-kind': yoi('error', 'Unknown plan record kind `{kind}`'),
  'plan.wrong-ticket': yoi('error', 'Plan record ticket_id {ticketId} does not match the folder {expected}'),
  'plan.unexpected-accepted-plan': yoi('error', 'Only accepted_plan records may carry `accepted_plan` (this one is {kind})'),
  // ---- the extension's family (Information) ----------------------------------------------------
  'store.folder-without-item': ext('Folder `{name}` in the tickets root has no item.md, so it is not a ticket'),
  'item.invalid-timestamp': ext('`{key}` is not a YYYY-MM-DDTHH:MM:SSZ timestamp'),
  'thread.extra-separator': ext('Extra `---` after the event\'s separator (line {separatorLine}): yoi drops the {dropped} line(s) of text up to the next marker'),
  'thread.dropped-text': ext('Text after the event\'s `---` is dropped by yoi ({dropped} line(s))'),
  'thread.missing-separator': ext('Event does not end with a `---` separator before the next marker (line {nextLine})'),
  'thread.missing-final-separator': ext('The last event does not end with a `---` separator'),
  'thread.nested-marker': ext('Event marker looks nested inside the event at line {previousLine} (older time, no separator before it); yoi reads it as a separate event'),
  'thread.out-of-order': ext('Event time {at} is earlier than the event at line {previousLine} ({previousAt})'),
  'thread.missing-heading': ext('Event marker is not followed by a `## ` heading'),
  'thread.unquoted-multiword-value': ext('Unquoted multi-word `{key}`: yoi reads only `{value}` and drops `{dropped}`'),
  'thread.legacy-kind': ext('Legacy event kind `{kind}`'),
  'thread.unknown-kind': ext('Unknown event kind `{kind}`'),
  'thread.marker-without-event': ext('HTML comment line is read by yoi as an event marker without `event:`'),
  'thread.text-before-first-event': ext('Text before the first event marker is ignored by yoi'),
  'thread.invalid-at': ext('`at` is not a YYYY-MM-DDTHH:MM:SSZ timestamp: {at}'),
  'thread.create-at-mismatch': ext('create event time {at} differs from created_at {createdAt}'),
  'thread.multiple-close': ext('The ticket was already closed by the close event at line {firstLine} (no reopen in between)'),
} satisfies Record<string, CodeInfo>;

export type DoctorCode = keyof typeof DOCTOR_CODES;

export function isDoctorCode(code: string): code is DoctorCode {
  return Object.prototype.hasOwnProperty.call(DOCTOR_CODES, code);
}

/** Fills `{name}` placeholders (unknown names are left as written). */
export function formatTemplate(template: string, params: Record<string, string | number> | undefined): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (params && params[k] !== undefined ? String(params[k]) : m));
}
