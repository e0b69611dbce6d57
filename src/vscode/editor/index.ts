// Editor features for ticket files: doctor diagnostics + quick fixes, CodeLenses, ticket links
// (documents and terminal), hovers, ID completion and thread symbols. One call from extension.ts.
import * as vscode from 'vscode';
import { WorkspaceStores } from '../tickets/workspaceStores';
import { DoctorCodeActions } from './codeActions';
import { SHOW_EVENT_COMMAND, TicketCodeLenses } from './codeLens';
import { DIAGNOSTICS_NAME, DoctorDiagnostics } from './diagnostics';
import { TicketHovers, TicketIdCompletions, TicketLinks, TicketTerminalLinks, ThreadSymbols } from './references';
import { ThreadDocumentCache, ticketFileSelector } from './ticketDocuments';

export interface EditorFeatures {
  /** Name of the Problems collection (`yoi-doctor`). */
  diagnosticsName: string;
  diagnostics: DoctorDiagnostics;
  codeLenses: TicketCodeLenses;
}

export interface EditorFeatureOptions {
  /** Opens the ticket view, optionally focused on one thread event (its IntentPacket card). */
  openTicket(id: string, folderPath: string | undefined, opts: { eventIndex?: number }): Promise<void>;
}

/** Markdown anywhere, plus the two typed artifact files; never non-file schemes. */
const REFERENCE_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', language: 'markdown' },
  { scheme: 'file', pattern: '**/artifacts/{relations.json,orchestration-plan.jsonl}' },
];

export function registerEditorFeatures(context: vscode.ExtensionContext, stores: WorkspaceStores, opts: EditorFeatureOptions): EditorFeatures {
  const threads = new ThreadDocumentCache();
  const diagnostics = new DoctorDiagnostics(stores);
  const codeLenses = new TicketCodeLenses(stores, threads);
  const actions = new DoctorCodeActions(stores, threads);
  const symbols = new ThreadSymbols(stores, threads);

  // Providers scoped to ticket files are registered for the known tickets roots only (custom
  // roots and orchestration copies included) and re-registered when stores appear or go.
  let scoped: vscode.Disposable[] = [];
  let scopedKey = '';
  const registerScoped = () => {
    const key = stores.all().flatMap((f) => [f.main.root, f.orchestration?.root ?? '']).join('\n');
    if (key === scopedKey) return;
    scopedKey = key;
    for (const d of scoped) d.dispose();
    scoped = [];
    if (!stores.hasStore) return;
    scoped.push(
      vscode.languages.registerCodeLensProvider(ticketFileSelector(stores, '*/{thread,item}.md'), codeLenses),
      vscode.languages.registerCodeActionsProvider(ticketFileSelector(stores, '*/{thread,item}.md'), actions, { providedCodeActionKinds: DoctorCodeActions.kinds }),
      vscode.languages.registerDocumentSymbolProvider(ticketFileSelector(stores, '*/thread.md'), symbols, { label: 'yoi' }),
      // ID completion in the store's Markdown (item.md, thread.md, resolution.md, artifacts) and the rest of `.yoi`.
      vscode.languages.registerCompletionItemProvider(
        [...ticketFileSelector(stores, '**/*.md'), { scheme: 'file', language: 'markdown', pattern: '**/.yoi/**' }],
        new TicketIdCompletions(stores),
      ),
    );
  };
  registerScoped();

  context.subscriptions.push(
    threads, diagnostics, codeLenses,
    { dispose: () => scoped.forEach((d) => d.dispose()) },
    stores.onDidChangeFolders(registerScoped),
    vscode.languages.registerDocumentLinkProvider(REFERENCE_SELECTOR, new TicketLinks(stores)),
    vscode.languages.registerHoverProvider(REFERENCE_SELECTOR, new TicketHovers(stores)),
    vscode.window.registerTerminalLinkProvider(new TicketTerminalLinks(stores)),
    vscode.commands.registerCommand(SHOW_EVENT_COMMAND, (id?: string, folderPath?: string, eventIndex?: number) => {
      if (typeof id !== 'string') return;
      return opts.openTicket(id, typeof folderPath === 'string' ? folderPath : undefined, typeof eventIndex === 'number' ? { eventIndex } : {});
    }),
  );
  return { diagnosticsName: DIAGNOSTICS_NAME, diagnostics, codeLenses };
}
