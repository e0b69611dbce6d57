// Ticket IDs as links and hovers (Markdown anywhere in the workspace, relations.json,
// orchestration-plan.jsonl, terminal output), ID completion in `.yoi` Markdown, and one symbol
// per event in thread.md. Only valid IDs of tickets that exist in a store become links.
import * as vscode from 'vscode';
import { findTicketIds, ticketIdAt } from '../../core/editor/ticketRefs';
import { compareByUpdatedDesc } from '../../core/query/ticketQuery';
import { FolderStores, WorkspaceStores } from '../tickets/workspaceStores';
import { absoluteTimeLabel, relativeTimeLabel, stateLabel, overlayLabel } from '../tickets/presentation';
import { OPEN_TICKET_COMMAND } from './codeLens';
import { eventKindLabel, stateValueLabel, verdictLabel } from './eventLabels';
import { locateTicketDocument, ThreadDocumentCache } from './ticketDocuments';

/** Larger documents are not scanned (a log pasted into Markdown should not cost a second). */
const MAX_SCAN_CHARS = 4 * 1024 * 1024;

/** The store holding an ID, preferring the document's own workspace folder. */
function storeFor(stores: WorkspaceStores, id: string, uri?: vscode.Uri): FolderStores | undefined {
  const folder = uri ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
  return (folder && stores.find(id, folder.uri.fsPath)) || stores.find(id);
}

export function openTicketUri(id: string, folderPath: string): vscode.Uri {
  return vscode.Uri.parse(`command:${OPEN_TICKET_COMMAND}?${encodeURIComponent(JSON.stringify([id, folderPath]))}`);
}

export class TicketLinks implements vscode.DocumentLinkProvider<vscode.DocumentLink> {
  constructor(private readonly stores: WorkspaceStores) {}

  provideDocumentLinks(doc: vscode.TextDocument): vscode.DocumentLink[] {
    if (!this.stores.hasStore) return [];
    const text = doc.getText();
    if (text.length > MAX_SCAN_CHARS) return [];
    const out: vscode.DocumentLink[] = [];
    for (const r of findTicketIds(text)) {
      const f = storeFor(this.stores, r.id, doc.uri);
      if (!f) continue;
      const link = new vscode.DocumentLink(new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end)), openTicketUri(r.id, f.folder.uri.fsPath));
      const title = f.main.summary(r.id)?.title;
      link.tooltip = title ? vscode.l10n.t('Open ticket {0}: {1}', r.id, title.replace(/\s+/g, ' ').slice(0, 120)) : vscode.l10n.t('Open ticket {0}', r.id);
      out.push(link);
    }
    return out;
  }
}

interface TicketTerminalLink extends vscode.TerminalLink {
  id: string;
  folderPath: string;
}

export class TicketTerminalLinks implements vscode.TerminalLinkProvider<TicketTerminalLink> {
  constructor(private readonly stores: WorkspaceStores) {}

  provideTerminalLinks(context: vscode.TerminalLinkContext): TicketTerminalLink[] {
    if (!this.stores.hasStore) return [];
    const out: TicketTerminalLink[] = [];
    for (const r of findTicketIds(context.line)) {
      const f = this.stores.find(r.id);
      if (!f) continue;
      out.push({ startIndex: r.start, length: r.end - r.start, tooltip: vscode.l10n.t('Open ticket {0}', r.id), id: r.id, folderPath: f.folder.uri.fsPath });
    }
    return out;
  }

  handleTerminalLink(link: TicketTerminalLink): void {
    void vscode.commands.executeCommand(OPEN_TICKET_COMMAND, link.id, link.folderPath);
  }
}

export class TicketHovers implements vscode.HoverProvider {
  constructor(private readonly stores: WorkspaceStores) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const line = doc.lineAt(pos.line).text;
    const r = ticketIdAt(line, pos.character);
    if (!r) return undefined;
    const f = storeFor(this.stores, r.id, doc.uri);
    const s = f?.overlay.summary(r.id);
    if (!f || !s) return undefined;
    const folderPath = f.folder.uri.fsPath;
    // Ticket text is untrusted: appendText escapes Markdown and icons; only our own command link is trusted.
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: [OPEN_TICKET_COMMAND] };
    md.supportHtml = false;
    md.appendMarkdown('**');
    md.appendText(s.title || r.id);
    md.appendMarkdown('**\n\n');
    const row = (label: string, value: string) => {
      md.appendMarkdown(`${label}: `);
      md.appendText(value);
      md.appendMarkdown('  \n');
    };
    row(vscode.l10n.t('ID'), r.id);
    row(vscode.l10n.t('State'), s.state ? overlayLabel(s) ?? stateLabel(s.state) : vscode.l10n.t('Unreadable'));
    if (s.readiness) row(vscode.l10n.t('Readiness'), s.readiness);
    if (s.updatedAt) row(vscode.l10n.t('Updated'), `${absoluteTimeLabel(s.updatedAt)} (${relativeTimeLabel(s.updatedAt)})`);
    row(vscode.l10n.t('Blockers'), s.blockers.length
      ? s.blockers.map((b) => `${b.id} (${b.missing ? vscode.l10n.t('missing') : stateLabel(b.state)}, ${b.via})`).join(', ')
      : vscode.l10n.t('none'));
    const thread = f.main.thread(r.id);
    const last = thread?.events[thread.events.length - 1];
    if (last) {
      const parts = [eventKindLabel(last.kind)];
      if (last.author) parts.push(last.author);
      if (last.at) parts.push(relativeTimeLabel(last.at) || last.at);
      if (last.kind === 'state_changed') parts.push(`${stateValueLabel(last.from)} → ${stateValueLabel(last.to)}`);
      if (last.kind === 'review' && last.status) parts.push(verdictLabel(last.status));
      row(vscode.l10n.t('Last event'), parts.join(' · '));
    }
    md.appendMarkdown(`\n[${vscode.l10n.t('Open Ticket View')}](${openTicketUri(r.id, folderPath).toString(true)})`);
    return new vscode.Hover(md, new vscode.Range(pos.line, r.start, pos.line, r.end));
  }
}

export class TicketIdCompletions implements vscode.CompletionItemProvider {
  constructor(private readonly stores: WorkspaceStores) {}

  provideCompletionItems(doc: vscode.TextDocument, pos: vscode.Position): vscode.CompletionItem[] {
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    const targets = this.stores.all().filter((f) => !folder || f.folder.uri.fsPath === folder.uri.fsPath);
    const range = doc.getWordRangeAtPosition(pos, /[0-9A-Za-z_-]+/) ?? new vscode.Range(pos, pos);
    const out: vscode.CompletionItem[] = [];
    for (const f of targets) {
      f.main.summaries().sort(compareByUpdatedDesc).forEach((s, i) => {
        const item = new vscode.CompletionItem({ label: s.id, description: s.title.replace(/\s+/g, ' ').slice(0, 80) }, vscode.CompletionItemKind.Reference);
        item.detail = s.state ? stateLabel(s.state) : vscode.l10n.t('Unreadable');
        // Typing words of the title finds the ticket too.
        item.filterText = `${s.id} ${s.title}`;
        item.insertText = s.id;
        item.range = range;
        item.sortText = String(i).padStart(6, '0');
        const md = new vscode.MarkdownString();
        md.appendText(s.title || s.id);
        item.documentation = md;
        out.push(item);
      });
    }
    return out;
  }
}

export class ThreadSymbols implements vscode.DocumentSymbolProvider {
  constructor(private readonly stores: WorkspaceStores, private readonly threads: ThreadDocumentCache) {}

  provideDocumentSymbols(doc: vscode.TextDocument): vscode.DocumentSymbol[] {
    const t = locateTicketDocument(this.stores, doc.uri);
    if (!t || t.kind !== 'thread') return [];
    const last = Math.max(0, doc.lineCount - 1);
    return this.threads.get(doc).events.map((e) => {
      const name = e.heading ? `${eventKindLabel(e.kind)}: ${e.heading}` : eventKindLabel(e.kind);
      const detail = [e.author, e.at].filter(Boolean).join(' · ');
      const end = Math.min(e.endLine - 1, last);
      const range = new vscode.Range(e.markerLine - 1, 0, end, doc.lineAt(end).text.length);
      const sel = doc.lineAt(e.markerLine - 1).range;
      return new vscode.DocumentSymbol(name.replace(/\s+/g, ' ') || '?', detail, vscode.SymbolKind.Event, range, sel);
    });
  }
}
