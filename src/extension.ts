// Composition root: builds services and registers them as disposables. Nothing else lives here.
// Activation stays cheap: stores load in yielding batches after activate returns; threads are
// parsed lazily and WebAssembly tooling is only loaded when a plugin is inspected.
import * as vscode from 'vscode';
import { WorkspaceStores } from './vscode/tickets/workspaceStores';
import { IndexWorkers } from './core/store/indexWorkers';
import { TicketTreeProvider, TicketTreeNode } from './vscode/tickets/ticketTree';
import { registerTicketCommands, TicketOpener } from './vscode/tickets/ticketCommands';
import { TicketStatusBar } from './vscode/tickets/statusBar';
import { TicketViewManager } from './vscode/ticketView/ticketViewManager';
import { EditorFeatures, registerEditorFeatures } from './vscode/editor';
import { PluginFeatures, registerPluginFeatures } from './vscode/plugins';
import { registerWorkflow, WorkflowFeatures } from './vscode/workflow';

/** What activate() returns: used by the integration tests and by other extensions. */
export interface YoiApi {
  stores: WorkspaceStores;
  ticketTree: TicketTreeProvider;
  ticketsView: vscode.TreeView<TicketTreeNode>;
  statusBar: TicketStatusBar;
  /** Replaceable ticket opener (the ticket view registers itself here). */
  setTicketOpener(opener: TicketOpener): void;
  /** Ticket view panels (webview); tests read its last snapshots and CSP reports. */
  ticketView: TicketViewManager;
  /** Doctor diagnostics, CodeLenses, links, hovers in ticket files (tests read the diagnostics). */
  editor: EditorFeatures;
  /** Ticket write commands, coder-worktree spawn and the Worktrees view. */
  workflow: WorkflowFeatures;
  /** Plugins view, plugin.toml diagnostics and inspector pages (the worker starts on the first inspection). */
  plugins: PluginFeatures;
  /** The index worker threads shared by all stores (started only for large stores). */
  indexWorkers: IndexWorkers;
  activationMs: number;
}

export function activate(context: vscode.ExtensionContext): YoiApi {
  const t0 = performance.now();
  // Started only for a large store, stopped after a quiet minute (and on deactivation).
  const indexWorkers = new IndexWorkers();
  const stores = new WorkspaceStores({ storageDir: (context.storageUri ?? context.globalStorageUri).fsPath, cacheSalt: String(context.extension.packageJSON.version ?? ''), workers: indexWorkers });
  const ticketTree = new TicketTreeProvider(stores);
  const ticketsView = vscode.window.createTreeView('yoi.tickets', { treeDataProvider: ticketTree, showCollapseAll: true, canSelectMany: true });
  const statusBar = new TicketStatusBar(stores);
  const ticketView = new TicketViewManager(context, stores);
  let opener: TicketOpener = ticketView;
  context.subscriptions.push(
    { dispose: () => indexWorkers.dispose() }, stores, ticketTree, ticketsView, statusBar, ticketView,
    ...registerTicketCommands(stores, ticketTree, ticketsView, () => opener),
  );
  const editor = registerEditorFeatures(context, stores, { openTicket: (id, folderPath, o) => opener.open(id, folderPath, o) });
  const plugins = registerPluginFeatures(context);
  const workflow = registerWorkflow(context, { stores, ticketView, openTicket: (id, folderPath) => opener.open(id, folderPath) });
  return {
    stores, ticketTree, ticketsView, statusBar, ticketView, editor, workflow, plugins, indexWorkers,
    setTicketOpener: (o) => { opener = o; },
    activationMs: performance.now() - t0,
  };
}

export function deactivate(): void {}
