// Which ticket a document belongs to, and the parse of an open thread.md cached per document
// version (CodeLens, symbols and quick fixes parse the editor text, not the disk file).
import * as vscode from 'vscode';
import { ParsedThread, parseThread } from '../../core/thread/thread';
import { TicketStore } from '../../core/store/ticketStore';
import { FolderStores, WorkspaceStores } from '../tickets/workspaceStores';

export interface TicketDocument {
  folder: FolderStores;
  store: TicketStore;
  /** The root store or the orchestration worktree's copy. */
  which: 'main' | 'orchestration';
  id: string;
  kind: 'thread' | 'item' | 'other';
}

/** The ticket of a file inside a known tickets root (undefined anywhere else). */
export function locateTicketDocument(stores: WorkspaceStores, uri: vscode.Uri): TicketDocument | undefined {
  if (uri.scheme !== 'file') return undefined;
  for (const folder of stores.all()) {
    for (const which of ['main', 'orchestration'] as const) {
      const store = which === 'main' ? folder.main : folder.orchestration;
      if (!store) continue;
      const t = store.ticketIdOf(uri.fsPath);
      if (!t || t.id === '' || !store.has(t.id)) continue;
      const kind = t.rest.length === 1 && t.rest[0] === 'thread.md' ? 'thread' : t.rest.length === 1 && t.rest[0] === 'item.md' ? 'item' : 'other';
      return { folder, store, which, id: t.id, kind };
    }
  }
  return undefined;
}

/** Document selector for the ticket files of every known store (custom roots and orchestration copies included). */
export function ticketFileSelector(stores: WorkspaceStores, glob: string): vscode.DocumentFilter[] {
  const out: vscode.DocumentFilter[] = [];
  for (const f of stores.all()) {
    for (const s of [f.main, f.orchestration]) if (s) out.push({ scheme: 'file', pattern: new vscode.RelativePattern(vscode.Uri.file(s.root), glob) });
  }
  return out;
}

/** Parses of open thread.md documents, keyed by URI and version. */
export class ThreadDocumentCache implements vscode.Disposable {
  private readonly entries = new Map<string, { version: number; thread: ParsedThread }>();
  private readonly sub = vscode.workspace.onDidCloseTextDocument((d) => this.entries.delete(d.uri.toString()));

  get(doc: vscode.TextDocument): ParsedThread {
    const key = doc.uri.toString();
    const hit = this.entries.get(key);
    if (hit && hit.version === doc.version) return hit.thread;
    const thread = parseThread(doc.getText(), doc.uri.fsPath);
    this.entries.set(key, { version: doc.version, thread });
    return thread;
  }

  dispose(): void {
    this.sub.dispose();
    this.entries.clear();
  }
}

/** CodeLens titles render `$(icon)` syntax: keep ticket text from producing icons. */
export function plainLensText(s: string, max = 80): string {
  const flat = s.replace(/\s+/g, ' ').trim().replace(/\$\(/g, '$\u200b(');
  const cps = [...flat];
  return cps.length > max ? `${cps.slice(0, max - 1).join('')}…` : flat;
}
