// Generated headings and bodies, exactly as yoi writes them (§4.2, §5.5). Only create, close and
// item_edit headings are localized; bodies of create, queue, close state change and the default
// planning-ready body follow the record language. Everything else stays English.
import { RecordLanguage } from './ports';

export const HEADINGS = {
  create: { en: 'Created', ja: '作成' },
  close: { en: 'Closed', ja: '完了' },
  item_edit: { en: 'Item updated', ja: '項目更新' },
} as const;

export const FIXED_HEADINGS: Record<string, string> = {
  state_changed: 'State changed',
  intake_summary: 'Intake summary',
  comment: 'Comment',
  plan: 'Plan',
  decision: 'Decision',
  implementation_report: 'Implementation report',
  status_changed: 'Status changed',
};

export const REVIEW_HEADINGS = { approve: 'Review: approve', request_changes: 'Review: request changes' } as const;

export function createEventBody(lang: RecordLanguage): string {
  return lang === 'ja' ? 'LocalTicketBackend によって作成されました。' : 'Created by LocalTicketBackend create.';
}

/** Default item.md body when create is given none. */
export function defaultItemBody(lang: RecordLanguage): string {
  return lang === 'ja'
    ? '## 背景\n\nLocalTicketBackend によって作成されました。\n\n## 受け入れ条件\n\n- 未定\n'
    : '## Background\n\nCreated by LocalTicketBackend.\n\n## Acceptance criteria\n\n- TBD\n';
}

export function queuedBody(lang: RecordLanguage, queuedBy: string): string {
  return lang === 'ja' ? `Ticket を \`${queuedBy}\` が queued にしました。\n` : 'Ticket queued for Orchestrator routing.\n';
}

export function closedStateBody(lang: RecordLanguage): string {
  return lang === 'ja' ? 'Ticket を closed にしました。\n' : 'Ticket closed.\n';
}

/** Default state_changed body of planning -> ready (TicketIntakeReady without a body). */
export function planningReadyBody(lang: RecordLanguage): string {
  return lang === 'ja' ? 'Ticket planning が完了しました。state planning -> ready。' : 'Ticket planning complete; state planning -> ready.';
}

/** Body of item_edit: which parts changed, e.g. `Ticket item updated: title, body.` */
export function itemEditBody(changed: ReadonlyArray<'title' | 'body'>): string {
  return `Ticket item updated: ${changed.join(', ')}.`;
}
