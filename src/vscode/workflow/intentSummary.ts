// The ticket's current IntentPacket and blockers as the Accept/Spawn confirmations show them,
// built from the ticket view model (the same packet the ticket view marks "current"). The copy
// the Orchestrator writes to is preferred: its routing decision is the newest.
import * as vscode from 'vscode';
import type { IntentPacketCard, TicketViewSnapshot } from '../../core/ticketView/model';
import { readTicketView } from '../../core/ticketView/viewModel';
import type { FolderStores } from '../tickets/workspaceStores';
import { StoreCopy } from '../../core/workflow';

export interface IntentSummary {
  snapshot?: TicketViewSnapshot;
  packet?: IntentPacketCard;
  /** Plain text for a modal dialog (no Markdown is rendered there). */
  text: string;
  /** The packet's Markdown source, for the coder's prompt. */
  raw?: string;
}

const SECTION_ORDER = ['intent', 'bindingDecisions', 'requirements', 'implementationLatitude', 'escalateIf', 'validation', 'codeMap', 'reviewerFocus', 'nextAction', 'worktree'];
const MAX_SECTION = 400;
const MAX_TEXT = 2400;

const clip = (s: string, n: number) => {
  const t = s.replace(/\r/g, '').replace(/\n{3,}/g, '\n\n').trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
};

export function readIntent(folder: FolderStores, id: string, copy: StoreCopy): IntentSummary {
  const store = copy === 'orchestration' && folder.orchestration?.exists && folder.orchestration.has(id) ? folder.orchestration : folder.main;
  let snapshot: TicketViewSnapshot | undefined;
  try {
    snapshot = readTicketView(store, id, { workspaceRoot: folder.location.workspaceRoot, language: folder.location.japanese ? 'ja' : 'en', ...(store === folder.main && folder.orchestration ? { orchestration: folder.orchestration } : {}) });
  } catch {
    snapshot = undefined;
  }
  const packet = snapshot && snapshot.intent.current !== undefined ? snapshot.intent.packets[snapshot.intent.current] : undefined;
  const lines: string[] = [];
  if (!packet) {
    lines.push(vscode.l10n.t('No IntentPacket has been recorded for this ticket yet (the Orchestrator records one with its routing decision).'));
  } else {
    const by = [packet.author, packet.at].filter(Boolean).join(', ');
    lines.push(by ? vscode.l10n.t('Current IntentPacket ({0}):', by) : vscode.l10n.t('Current IntentPacket:'));
    const routing = packet.routing ?? snapshot?.intent.routing;
    if (routing) lines.push(vscode.l10n.t('Routing decision: {0}', routing.value));
    const sections = [...packet.sections].sort((a, b) => SECTION_ORDER.indexOf(a.key) - SECTION_ORDER.indexOf(b.key));
    for (const s of sections) {
      if (!SECTION_ORDER.includes(s.key)) continue;
      lines.push('', `${s.label}:`, clip(s.markdown, MAX_SECTION));
    }
    if (!sections.length) lines.push('', clip(packet.raw, MAX_SECTION * 2));
  }
  return { snapshot, packet, text: clip(lines.join('\n'), MAX_TEXT), raw: packet?.raw };
}
