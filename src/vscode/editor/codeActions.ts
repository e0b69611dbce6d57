// Quick fixes for doctor diagnostics, where the result is unambiguous and safe. Each is a
// WorkspaceEdit the user can undo; fixes that change an already-written event say so in their
// title, because threads are append-only by convention.
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { QuickFix, threadQuickFix, ticketQuickFix } from '../../core/editor/quickFixes';
import { WorkspaceStores } from '../tickets/workspaceStores';
import { isDoctorSource } from './doctorMessages';
import { locateTicketDocument, ThreadDocumentCache } from './ticketDocuments';

const THREAD_FIXES = new Set(['thread.unquoted-multiword-value', 'thread.missing-separator', 'thread.missing-final-separator', 'thread.review-result-instead-of-status']);
const TICKET_FIXES = new Set(['ticket.missing-artifacts', 'ticket.closed-without-resolution']);

export class DoctorCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly stores: WorkspaceStores, private readonly threads: ThreadDocumentCache) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    // Writing ticket files is disabled in an untrusted workspace (package.json: limited support).
    if (!vscode.workspace.isTrusted) return [];
    const ours = context.diagnostics.filter((d) => isDoctorSource(d.source) && typeof d.code === 'string' && (THREAD_FIXES.has(d.code) || TICKET_FIXES.has(d.code)));
    if (!ours.length) return [];
    const t = locateTicketDocument(this.stores, doc.uri);
    if (!t || t.which !== 'main') return [];
    const out: vscode.CodeAction[] = [];
    for (const d of ours) {
      const code = d.code as string;
      let fix: QuickFix | undefined;
      if (THREAD_FIXES.has(code) && t.kind === 'thread') {
        fix = threadQuickFix(code, d.range.start.line + 1, doc.getText(), doc.uri.fsPath, this.threads.get(doc));
      } else if (TICKET_FIXES.has(code) && t.kind === 'item') {
        const paths = t.store.paths(t.id);
        fix = ticketQuickFix(code, paths, this.threadText(paths.thread));
      }
      if (fix) out.push(this.toAction(fix, d));
    }
    return out;
  }

  /** The thread as the user sees it: an open (maybe unsaved) document wins over the disk file. */
  private threadText(file: string): string | undefined {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
    if (open) return open.getText();
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  }

  private toAction(fix: QuickFix, diagnostic: vscode.Diagnostic): vscode.CodeAction {
    const action = new vscode.CodeAction(fixTitle(fix), vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    action.isPreferred = !fix.editsWrittenEvent;
    const edit = new vscode.WorkspaceEdit();
    const meta: vscode.WorkspaceEditEntryMetadata = { label: action.title, needsConfirmation: false };
    if (fix.textEdits) {
      const uri = vscode.Uri.file(fix.textEdits.file);
      for (const e of fix.textEdits.edits) edit.replace(uri, new vscode.Range(e.line - 1, e.column - 1, e.endLine - 1, e.endColumn - 1), e.newText, meta);
    }
    if (fix.createFile) {
      // Text goes in as an edit of the new file rather than `contents`: file contents do not
      // survive the round trip of code actions through the API (executeCodeActionProvider).
      const uri = vscode.Uri.file(fix.createFile.file);
      if (fix.createFile.contents === '') {
        edit.createFile(uri, { ignoreIfExists: true }, meta);
      } else {
        // Fails (nothing is written) if the file appeared meanwhile, instead of prepending to it.
        edit.createFile(uri, { overwrite: false, ignoreIfExists: false }, meta);
        edit.insert(uri, new vscode.Position(0, 0), fix.createFile.contents, meta);
      }
    }
    action.edit = edit;
    return action;
  }
}

export function fixTitle(fix: QuickFix): string {
  switch (fix.kind) {
    case 'quote-value': return vscode.l10n.t('Quote {0} as "{1}" (edits a written event)', fix.params.key, fix.params.value);
    case 'add-separator': return vscode.l10n.t('Add the missing `---` separator (edits a written event)');
    case 'rename-result-to-status': return vscode.l10n.t('Rename `result:` to `status:` (edits a written event)');
    case 'create-artifacts': return vscode.l10n.t('Create artifacts/.gitkeep');
    case 'create-resolution': return vscode.l10n.t('Create resolution.md from the close event');
  }
}
