// Localized doctor messages. The core gives every finding a stable code and params; this table
// holds the same English templates as src/core/doctor/catalog.ts (a unit test keeps them equal)
// as vscode.l10n.t literals, so the bundles carry a translation per code.
import * as vscode from 'vscode';
import type { DoctorCode } from '../../core/doctor/catalog';
import type { Finding } from '../../core/doctor/finding';

type Params = Record<string, string | number>;

const MESSAGES: Record<DoctorCode, (p: Params) => string> = {
  'store.unreadable-root': (p) => vscode.l10n.t('Cannot read the tickets root: {detail}', p),
  'store.legacy-bucket': (p) => vscode.l10n.t('Legacy status bucket folder `{name}/`: tickets must live directly under the tickets root', p),
  'store.duplicate-id': (p) => vscode.l10n.t('Ticket ID {id} exists more than once: {where}', p),
  'store.todo-mentions-tickets': (p) => vscode.l10n.t('Legacy `TODO.md` next to the tickets root mentions ticket Markdown files (`tickets/` and `.md`)', p),
  'store.markdown-in-tickets-dir': (p) => vscode.l10n.t('Markdown file `{name}` lies directly in `tickets/` (tickets are folders with an item.md)', p),
  'ticket.invalid-id': (p) => vscode.l10n.t('Folder name `{id}` is not a valid ticket ID: {reason}', p),
  'ticket.missing-thread': (p) => vscode.l10n.t('thread.md is missing', p),
  'ticket.missing-artifacts': (p) => vscode.l10n.t('artifacts/ folder is missing', p),
  'ticket.closed-without-resolution': (p) => vscode.l10n.t('Closed ticket has no resolution.md', p),
  'ticket.artifact-path-dotdot': (p) => vscode.l10n.t('Artifact path `{path}` contains `..`', p),
  'item.unreadable': (p) => vscode.l10n.t('Cannot read item.md: {detail}', p),
  'item.no-front-matter': (p) => vscode.l10n.t('item.md must start with a `---` line', p),
  'item.unterminated-front-matter': (p) => vscode.l10n.t('Front matter has no closing `---` line', p),
  'item.invalid-yaml': (p) => vscode.l10n.t('Front matter is not valid YAML: {detail}', p),
  'item.not-a-mapping': (p) => vscode.l10n.t('Front matter must be a YAML mapping', p),
  'item.nested-mapping': (p) => vscode.l10n.t('`{key}` is a nested mapping; front-matter values must be scalars or lists of strings', p),
  'item.invalid-field-type': (p) => vscode.l10n.t('`{key}` has the wrong type (expected {expected})', p),
  'item.missing-field': (p) => vscode.l10n.t('Required field `{key}` is missing or empty', p),
  'item.obsolete-field': (p) => vscode.l10n.t('Obsolete field `{key}` (yoi doctor rejects it)', p),
  'item.invalid-state': (p) => vscode.l10n.t('Unknown state `{state}` (expected planning, ready, queued, inprogress, done or closed)', p),
  'thread.unterminated-marker': (p) => vscode.l10n.t('Event marker line has no closing `-->`; yoi ignores it', p),
  'thread.missing-at': (p) => vscode.l10n.t('Event marker has no `at`', p),
  'thread.state-changed-incomplete': (p) => vscode.l10n.t('state_changed event lacks {missing}', p),
  'thread.intake-summary-incomplete': (p) => vscode.l10n.t('intake_summary event needs an author and a non-empty body', p),
  'thread.review-without-status': (p) => vscode.l10n.t('Review event has no `status` (approve or request_changes)', p),
  'thread.review-invalid-status': (p) => vscode.l10n.t('Review status `{status}` is not approve or request_changes', p),
  'thread.review-result-instead-of-status': (p) => vscode.l10n.t('Review has `result: {result}` instead of `status:`; yoi reads it as a review without status', p),
  'relations.unreadable': (p) => vscode.l10n.t('Cannot read relations.json: {detail}', p),
  'relations.invalid-json': (p) => vscode.l10n.t('relations.json is not valid JSON', p),
  'relations.invalid-shape': (p) => vscode.l10n.t('relations.json must be an object with `version` and a `relations` array of objects', p),
  'relations.unknown-key': (p) => vscode.l10n.t('Unknown key `{key}` in relations.json', p),
  'relations.unsupported-version': (p) => vscode.l10n.t('relations.json version must be 1 (got {version})', p),
  'relations.missing-field': (p) => vscode.l10n.t('Relation field `{key}` must be a non-empty string', p),
  'relations.invalid-field': (p) => vscode.l10n.t('Relation field `{key}` is too long or spans several lines', p),
  'relations.wrong-ticket': (p) => vscode.l10n.t('Relation ticket_id {ticketId} does not match the folder {expected}', p),
  'relations.invalid-kind': (p) => vscode.l10n.t('Unknown relation kind `{kind}`', p),
  'relations.invalid-target': (p) => vscode.l10n.t('Relation target `{target}` is not a valid ticket ID', p),
  'relations.self': (p) => vscode.l10n.t('Ticket relates to itself ({kind})', p),
  'relations.duplicate': (p) => vscode.l10n.t('Duplicate {kind} relation to {target}', p),
  'relations.dangling-target': (p) => vscode.l10n.t('{kind} target {target} does not exist', p),
  'relations.cycle': (p) => vscode.l10n.t('{kind} relation to {target} is part of a dependency cycle: {cycle}', p),
  'plan.invalid-json': (p) => vscode.l10n.t('Plan record line is not valid JSON', p),
  'plan.invalid-shape': (p) => vscode.l10n.t('Plan record must be a JSON object', p),
  'plan.unknown-key': (p) => vscode.l10n.t('Unknown key `{key}` in plan record', p),
  'plan.missing-field': (p) => vscode.l10n.t('Plan record field `{key}` is missing or empty', p),
  'plan.invalid-field': (p) => vscode.l10n.t('Plan record field `{key}` is invalid (wrong type, too long or several lines)', p),
  'plan.invalid-kind': (p) => vscode.l10n.t('Unknown plan record kind `{kind}`', p),
  'plan.wrong-ticket': (p) => vscode.l10n.t('Plan record ticket_id {ticketId} does not match the folder {expected}', p),
  'plan.unexpected-accepted-plan': (p) => vscode.l10n.t('Only accepted_plan records may carry `accepted_plan` (this one is {kind})', p),
  'store.folder-without-item': (p) => vscode.l10n.t('Folder `{name}` in the tickets root has no item.md, so it is not a ticket', p),
  'item.invalid-timestamp': (p) => vscode.l10n.t('`{key}` is not a YYYY-MM-DDTHH:MM:SSZ timestamp', p),
  'thread.extra-separator': (p) => vscode.l10n.t('Extra `---` after the event\'s separator (line {separatorLine}): yoi drops the {dropped} line(s) of text up to the next marker', p),
  'thread.dropped-text': (p) => vscode.l10n.t('Text after the event\'s `---` is dropped by yoi ({dropped} line(s))', p),
  'thread.missing-separator': (p) => vscode.l10n.t('Event does not end with a `---` separator before the next marker (line {nextLine})', p),
  'thread.missing-final-separator': (p) => vscode.l10n.t('The last event does not end with a `---` separator', p),
  'thread.nested-marker': (p) => vscode.l10n.t('Event marker looks nested inside the event at line {previousLine} (older time, no separator before it); yoi reads it as a separate event', p),
  'thread.out-of-order': (p) => vscode.l10n.t('Event time {at} is earlier than the event at line {previousLine} ({previousAt})', p),
  'thread.missing-heading': (p) => vscode.l10n.t('Event marker is not followed by a `## ` heading', p),
  'thread.unquoted-multiword-value': (p) => vscode.l10n.t('Unquoted multi-word `{key}`: yoi reads only `{value}` and drops `{dropped}`', p),
  'thread.legacy-kind': (p) => vscode.l10n.t('Legacy event kind `{kind}`', p),
  'thread.unknown-kind': (p) => vscode.l10n.t('Unknown event kind `{kind}`', p),
  'thread.marker-without-event': (p) => vscode.l10n.t('HTML comment line is read by yoi as an event marker without `event:`', p),
  'thread.text-before-first-event': (p) => vscode.l10n.t('Text before the first event marker is ignored by yoi', p),
  'thread.invalid-at': (p) => vscode.l10n.t('`at` is not a YYYY-MM-DDTHH:MM:SSZ timestamp: {at}', p),
  'thread.create-at-mismatch': (p) => vscode.l10n.t('create event time {at} differs from created_at {createdAt}', p),
  'thread.multiple-close': (p) => vscode.l10n.t('The ticket was already closed by the close event at line {firstLine} (no reopen in between)', p),
};

/** The finding's message in the display language (English core text for codes this build does not know). */
export function doctorMessage(f: Finding): string {
  const m = (MESSAGES as Record<string, ((p: Params) => string) | undefined>)[f.code];
  return m ? m(f.params) : f.message;
}

export function familyLabel(f: Finding): string {
  return f.family === 'yoi' ? vscode.l10n.t('yoi doctor') : vscode.l10n.t('yoi extension check');
}

/** Whether a diagnostic's source is one of the doctor's (code actions get copies of diagnostics). */
export function isDoctorSource(source: string | undefined): boolean {
  return source !== undefined && (source === vscode.l10n.t('yoi doctor') || source === vscode.l10n.t('yoi extension check'));
}
