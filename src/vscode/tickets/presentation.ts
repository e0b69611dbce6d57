// How tickets are presented in lists (tree, quick pick, status bar): localized labels, icons,
// relative times and tooltips. Ticket text is untrusted: tooltips escape it.
import * as vscode from 'vscode';
import { TicketState } from '../../core/states';
import { OverlaidSummary } from '../../core/store/overlay';
import { relativeTime } from '../../core/query/ticketQuery';
import { decodeId } from '../../core/ids';

export function stateLabel(s: TicketState): string {
  switch (s) {
    case 'planning': return vscode.l10n.t('Planning');
    case 'ready': return vscode.l10n.t('Ready');
    case 'queued': return vscode.l10n.t('Queued');
    case 'inprogress': return vscode.l10n.t('In progress');
    case 'done': return vscode.l10n.t('Done');
    case 'closed': return vscode.l10n.t('Closed');
  }
}

const ICONS: Record<TicketState, [string, string]> = {
  planning: ['edit', 'charts.purple'],
  ready: ['circle-large-outline', 'charts.blue'],
  queued: ['clock', 'charts.yellow'],
  inprogress: ['sync', 'charts.orange'],
  done: ['pass', 'charts.green'],
  closed: ['archive', 'disabledForeground'],
};

export function stateIcon(s: TicketState): vscode.ThemeIcon {
  const [icon, color] = ICONS[s];
  return new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
}

let rtf: Intl.RelativeTimeFormat | undefined;
export function relativeTimeLabel(iso: string | undefined): string {
  const r = relativeTime(iso);
  if (!r) return '';
  rtf ??= new Intl.RelativeTimeFormat(vscode.env.language || 'en', { numeric: 'auto' });
  return rtf.format(-r.value, r.unit);
}

// One formatter for every label: toLocaleString(locale, options) builds a new Intl.DateTimeFormat
// per call, which made a 10,000-ticket group take seconds to render its tooltips.
let dtf: Intl.DateTimeFormat | undefined;
export function absoluteTimeLabel(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  dtf ??= new Intl.DateTimeFormat(vscode.env.language || 'en', { dateStyle: 'medium', timeStyle: 'short' });
  return dtf.format(d);
}

export function overlayLabel(s: OverlaidSummary): string | undefined {
  if (!s.overlay) return undefined;
  return vscode.l10n.t('{0} → {1} in orchestration', s.state ? stateLabel(s.state) : '?', stateLabel(s.overlay.state));
}

export function problemSummary(s: OverlaidSummary): string {
  const errors = s.problems.filter((p) => p.severity === 'error').length;
  const warnings = s.problems.filter((p) => p.severity === 'warning').length;
  const parts: string[] = [];
  if (errors) parts.push(errors === 1 ? vscode.l10n.t('1 error') : vscode.l10n.t('{0} errors', errors));
  if (warnings) parts.push(warnings === 1 ? vscode.l10n.t('1 warning') : vscode.l10n.t('{0} warnings', warnings));
  return parts.join(', ');
}

export function ticketDescription(s: OverlaidSummary): string {
  // The label falls back to the ID when the title is unreadable; don't repeat it then.
  const parts = [s.title ? s.id : '', relativeTimeLabel(s.updatedAt)];
  if (s.readiness) parts.push(s.readiness);
  if (s.riskFlags.length) parts.push(s.riskFlags.map((f) => `#${f}`).join(' '));
  if (s.activeBlockers.length) parts.push(vscode.l10n.t('blocked by {0}', s.activeBlockers.map((b) => b.id).join(', ')));
  const ov = overlayLabel(s);
  if (ov) parts.push(ov);
  const probs = s.problems.filter((p) => p.severity === 'error');
  if (probs.length) parts.push(`⚠ ${problemSummary(s)}`);
  return parts.filter(Boolean).join(' · ');
}

export function ticketTooltip(s: OverlaidSummary): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown('**');
  md.appendText(s.title || s.id);
  md.appendMarkdown('**\n\n');
  const row = (label: string, value: string) => { md.appendMarkdown(`${label}: `); md.appendText(value); md.appendMarkdown('  \n'); };
  row(vscode.l10n.t('ID'), s.id);
  const created = decodeId(s.id);
  if (created !== undefined) row(vscode.l10n.t('Created'), absoluteTimeLabel(new Date(created).toISOString()));
  row(vscode.l10n.t('State'), s.state ? stateLabel(s.state) : vscode.l10n.t('Unreadable'));
  if (s.updatedAt) row(vscode.l10n.t('Updated'), `${absoluteTimeLabel(s.updatedAt)} (${relativeTimeLabel(s.updatedAt)})`);
  if (s.readiness) row(vscode.l10n.t('Readiness'), s.readiness);
  if (s.riskFlags.length) row(vscode.l10n.t('Risk flags'), s.riskFlags.join(', '));
  if (s.queuedBy) row(vscode.l10n.t('Queued by'), `${s.queuedBy}${s.queuedAt ? ` (${absoluteTimeLabel(s.queuedAt)})` : ''}`);
  if (s.blockers.length) {
    row(vscode.l10n.t('Blocked by'), s.blockers.map((b) => `${b.id} (${b.missing ? vscode.l10n.t('missing') : stateLabel(b.state)}, ${b.via})`).join(', '));
  }
  const ov = overlayLabel(s);
  if (ov) row(vscode.l10n.t('Orchestration'), ov);
  for (const p of s.problems) {
    md.appendMarkdown(`\n$(${p.severity === 'error' ? 'error' : p.severity === 'warning' ? 'warning' : 'info'}) `);
    md.appendText(`${p.message} (${p.code}, line ${p.line})`);
  }
  return md;
}
