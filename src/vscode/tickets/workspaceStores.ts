// Owns one ticket store (plus its orchestration copy) per workspace folder that has `.yoi/`,
// loads them in yielding batches after activation, and keeps them live: file events are
// coalesced and applied per changed path, never as a full rescan.
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { discoverStores, DiscoveredStores } from '../../core/store/discover';
import { ChangeSet, TicketStore } from '../../core/store/ticketStore';
import { resolveWorkspace } from '../../core/workspace/discover';

export interface FolderStores extends DiscoveredStores {
  folder: vscode.WorkspaceFolder;
  /** Stable key for tree ids. */
  key: string;
  loaded: boolean;
}

export interface StoreChange {
  folder: FolderStores;
  main: ChangeSet;
  /** Tickets whose orchestration overlay may have changed. */
  orchestration?: ChangeSet;
}

/** Debounce for file events: git checkouts and agents write many files at once. */
const COALESCE_MS = 60;

export class WorkspaceStores implements vscode.Disposable {
  private readonly folders = new Map<string, FolderStores>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly folderDisposables = new Map<string, vscode.Disposable[]>();
  private readonly onDidChangeEmitter = new vscode.EventEmitter<StoreChange>();
  private readonly onDidChangeFoldersEmitter = new vscode.EventEmitter<void>();
  /** Fires after file events were applied to an index (only affected tickets are listed). */
  readonly onDidChange = this.onDidChangeEmitter.event;
  /** Fires when stores appear or disappear (folders added/removed, a `.yoi/` created, loads finished). */
  readonly onDidChangeFolders = this.onDidChangeFoldersEmitter.event;
  private readyPromise: Promise<void> = Promise.resolve();

  constructor() {
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rescanFolders()),
      this.onDidChangeEmitter,
      this.onDidChangeFoldersEmitter,
    );
    // A `.yoi/` folder created later (e.g. `yoi ticket init`) makes the store appear.
    const yoiWatcher = vscode.workspace.createFileSystemWatcher('**/.yoi/{workspace.toml,ticket.config.toml,tickets}', false, true, true);
    yoiWatcher.onDidCreate(() => this.rescanFolders({ reloadNewOrchestrationCopies: true }));
    this.disposables.push(yoiWatcher);
    this.rescanFolders();
  }

  /** Resolves when every current store has finished its initial load. */
  ready(): Promise<void> {
    return this.readyPromise;
  }

  all(): FolderStores[] {
    return [...this.folders.values()].sort((a, b) => a.folder.index - b.folder.index);
  }

  get hasStore(): boolean {
    return this.folders.size > 0;
  }

  /** The store holding a ticket ID (first folder wins when several do). */
  find(id: string, folderPath?: string): FolderStores | undefined {
    for (const f of this.all()) {
      if (folderPath && f.folder.uri.fsPath !== folderPath && f.main.root !== folderPath) continue;
      if (f.main.has(id)) return f;
    }
    return undefined;
  }

  /** Reloads everything (the Refresh command). */
  async reloadAll(): Promise<void> {
    for (const f of this.folders.values()) this.disposeFolder(f.key);
    this.folders.clear();
    this.rescanFolders();
    await this.readyPromise;
  }

  private rescanFolders(opts: { reloadNewOrchestrationCopies?: boolean } = {}): void {
    if (opts.reloadNewOrchestrationCopies) {
      // An orchestration worktree created after activation (the Panel creates it on first queue)
      // needs its own watcher: reload that folder's stores.
      for (const [key, f] of this.folders) {
        if (f.loaded && f.orchestration && !f.orchestration.exists && existsSync(f.orchestration.root)) {
          this.disposeFolder(key);
          this.folders.delete(key);
        }
      }
    }
    const current = new Set<string>();
    const loads: Promise<void>[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const key = folder.uri.toString();
      current.add(key);
      if (this.folders.has(key)) continue;
      const loc = resolveWorkspace(folder.uri.fsPath);
      if (!loc.hasYoiDir && !loc.ticketsRootExists) continue;
      const stores: FolderStores = { ...discoverStores(folder.uri.fsPath), folder, key, loaded: false };
      this.folders.set(key, stores);
      this.watch(stores);
      loads.push(this.load(stores));
    }
    for (const key of [...this.folders.keys()]) {
      if (!current.has(key)) { this.disposeFolder(key); this.folders.delete(key); }
    }
    void vscode.commands.executeCommand('setContext', 'yoi.hasStore', this.folders.size > 0);
    this.onDidChangeFoldersEmitter.fire();
    const prev = this.readyPromise;
    this.readyPromise = Promise.all([prev, ...loads]).then(() => undefined);
  }

  private async load(f: FolderStores): Promise<void> {
    // Batches yield to the event loop so the extension host never blocks on a large store.
    await f.main.load({ batchSize: 250 });
    await f.orchestration?.load({ batchSize: 250 });
    f.loaded = true;
    this.onDidChangeFoldersEmitter.fire();
  }

  private watch(f: FolderStores): void {
    const ds: vscode.Disposable[] = [];
    const watchStore = (store: TicketStore, which: 'main' | 'orchestration') => {
      const pending = new Set<string>();
      let timer: NodeJS.Timeout | undefined;
      const flush = () => {
        timer = undefined;
        if (!f.loaded) { timer = setTimeout(flush, COALESCE_MS); return; }
        const paths = [...pending];
        pending.clear();
        const cs = store.applyChanges(paths);
        if (which === 'main') this.onDidChangeEmitter.fire({ folder: f, main: cs });
        else this.onDidChangeEmitter.fire({ folder: f, main: emptyChangeSet(), orchestration: cs });
      };
      const onEvent = (uri: vscode.Uri) => {
        pending.add(uri.fsPath);
        if (!timer) timer = setTimeout(flush, COALESCE_MS);
      };
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(store.root), '**'));
      ds.push(w, w.onDidCreate(onEvent), w.onDidChange(onEvent), w.onDidDelete(onEvent), { dispose: () => timer && clearTimeout(timer) });
    };
    watchStore(f.main, 'main');
    if (f.orchestration?.exists || (f.orchestration && existsSync(f.orchestration.root))) watchStore(f.orchestration, 'orchestration');
    else if (f.orchestration) {
      // No orchestration copy yet. File events for a freshly created tree are not always complete
      // (inotify watches new folders after they fill), so check for it on any event in the
      // worktree folder and, as a fallback, every 10 s (one stat).
      const orchRoot = f.orchestration.root;
      let timer: NodeJS.Timeout | undefined;
      const check = () => {
        timer = undefined;
        if (existsSync(orchRoot)) this.rescanFolders({ reloadNewOrchestrationCopies: true });
      };
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(f.location.orchestration.worktreePath), '**'), false, true, true);
      const interval = setInterval(check, 10_000);
      ds.push(w, w.onDidCreate(() => { if (!timer) timer = setTimeout(check, 300); }), { dispose: () => { clearInterval(interval); if (timer) clearTimeout(timer); } });
    }
    this.folderDisposables.set(f.key, ds);
  }

  private disposeFolder(key: string): void {
    for (const d of this.folderDisposables.get(key) ?? []) d.dispose();
    this.folderDisposables.delete(key);
  }

  dispose(): void {
    for (const key of this.folderDisposables.keys()) this.disposeFolder(key);
    for (const d of this.disposables) d.dispose();
  }
}

export function emptyChangeSet(): ChangeSet {
  return { added: [], changed: [], removed: [], touched: [], blockersChanged: [], states: [] };
}
