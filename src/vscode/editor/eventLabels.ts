// Localized names for thread event kinds, review verdicts and state values (lenses, hovers, symbols).
import * as vscode from 'vscode';
import { isTicketState } from '../../core/states';
import { stateLabel } from '../tickets/presentation';

export function eventKindLabel(kind: string): string {
  switch (kind) {
    case 'create': return vscode.l10n.t('Created');
    case 'comment': return vscode.l10n.t('Comment');
    case 'plan': return vscode.l10n.t('Plan');
    case 'decision': return vscode.l10n.t('Decision');
    case 'implementation_report': return vscode.l10n.t('Implementation report');
    case 'review': return vscode.l10n.t('Review');
    case 'close': return vscode.l10n.t('Closed');
    case 'state_changed': return vscode.l10n.t('State changed');
    case 'status_changed': return vscode.l10n.t('Status changed');
    case 'intake_summary': return vscode.l10n.t('Intake summary');
    case 'item_edit': return vscode.l10n.t('Item updated');
    case 'migration': return vscode.l10n.t('Migrated');
    case '': return vscode.l10n.t('(no event kind)');
    default: return kind;
  }
}

export function verdictLabel(v: string): string {
  switch (v) {
    case 'approve': return vscode.l10n.t('approved');
    case 'request_changes': return vscode.l10n.t('changes requested');
    default: return v;
  }
}

/** A state value from a thread (may be legacy, e.g. `intake`). */
export function stateValueLabel(v: string | undefined): string {
  if (v === undefined || v === '') return '?';
  return isTicketState(v) ? stateLabel(v) : v;
}
