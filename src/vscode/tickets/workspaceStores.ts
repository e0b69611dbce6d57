// Owns one ticket store (plus its orchestration copy) per workspace folder that has `.yoi/`,
// loads them in yielding batches after activation, and keeps them live: file events are
// coalesced and applied per changed path, never as a full rescan.
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { discoverStores, DiscoveredStores } from '../../core/store/discover';
import { ChangeSet, TicketStore } from '../../core/store/ticketStore';
import type { IndexWorkers } from '../../core/store/indexWorkers';
import { indexCacheFile, probeNewRelations, restoreIndex, saveIndexCache, saveIndexCacheSync } from '../../core/store/cache';
import { resolveWorkspace } from '../../core/workspace/discover';

export interface FolderStores extends DiscoveredStores {
  folder: vscode.WorkspaceFolder;
  /** Stable key for tree ids. */
  key: string;
  loaded: boolean;
  /** performance.now() when the initial load finished (the benchmark's first-paint figure). */
  loadedAt?: number;
}

export interface StoreChange {
  folder: FolderStores;
  main: ChangeSet;
  /** Tickets whose orchestration overlay may have changed. */
  orchestration?: ChangeSet;
}

/** Debounce for file events: git checkouts and agents write many files at once. */
const COALESCE_MS = 60;
/** The persisted index is rewritten this long after the last change (and on shutdown). */
const CACHE_SAVE_MS = 3000;

export interface WorkspaceStoresOptions {
  /** Folder for the persisted index cache (the extension's storage); no cache when absent. */
  storageDir?: string;
  /** Invalidates caches written by other versions (the extension version). */
  cacheSalt?: string;
  /** Worker threads that share the reading (cold) or stat'ing (warm) of large stores. */
  workers?: IndexWorkers;
}

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
  /** Stores whose index changed since the cache was last written. */
  private readonly unsaved = new Set<TicketStore>();
  private saveTimer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private readonly racyRetries = new Map<TicketStore, number>();
  private disposed = false;
  /** performance.now() at construction, i.e. at the start of activation. */
  readonly createdAt = performance.now();

  constructor(private readonly options: WorkspaceStoresOptions = {}) {
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rescanFolders()),
      this.onDidChangeEmitter,
      this.onDidChangeFoldersEmitter,
    );
    // A `.yoi/` folder created later (e.g. `yoi ticket init`) makes the store appear.
    const yoiWatcher = vscode.workspace.createFileSystemWatcher('**/.yoi/{workspace.toml,ticket.config.toml,tickets}', false, true, true);
    yoiWatcher.onDidCreate(() => this.rescanFolders());
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

  private rescanFolders(): void {
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
    // With a persisted index, unchanged tickets are only stat'ed, not read.
    const unprobed = new Map<TicketStore, string[]>();
    for (const store of [f.main, f.orchestration]) {
      if (!store) continue;
      const file = this.cacheFileOf(store);
      const workers = this.options.workers;
      if (!file) { await store.load({ batchSize: 250, workers }); continue; }
      const r = await restoreIndex(store, file, { batchSize: 250, salt: this.options.cacheSalt, workers });
      unprobed.set(store, r.unprobed);
      if (!r.used || r.reread > 0 || r.dropped > 0) this.markUnsaved(store);
    }
    f.loaded = true;
    f.loadedAt = performance.now();
    this.onDidChangeFoldersEmitter.fire();
    // Off the critical path: relations.json files that appeared beside cached tickets.
    for (const [store, ids] of unprobed) {
      if (!ids.length || this.disposed) continue;
      const cs = await probeNewRelations(store, ids);
      if (!cs.added.length && !cs.changed.length && !cs.removed.length) continue;
      this.markUnsaved(store);
      if (store === f.main) this.onDidChangeEmitter.fire({ folder: f, main: cs });
      else this.onDidChangeEmitter.fire({ folder: f, main: emptyChangeSet(), orchestration: cs });
    }
  }

  /** The persisted index file of a store (undefined without a storage folder). */
  cacheFileOf(store: TicketStore): string | undefined {
    return this.options.storageDir ? indexCacheFile(this.options.storageDir, store.root) : undefined;
  }

  private markUnsaved(store: TicketStore): void {
    if (!this.options.storageDir || this.disposed) return;
    this.unsaved.add(store);
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.saving = this.saving.then(() => this.saveUnsaved());
    }, CACHE_SAVE_MS);
  }

  private async saveUnsaved(): Promise<void> {
    for (const store of [...this.unsaved]) {
      if (this.disposed) return;
      const file = this.cacheFileOf(store);
      if (!file || !store.isLoaded) continue;
      this.unsaved.delete(store);
      const r = await saveIndexCache(store, file, { salt: this.options.cacheSalt, batchSize: 500 });
      // Tickets changed too recently to trust their stamps: try again later (a file whose mtime
      // lies in the future stays racy, hence the cap).
      const retries = this.racyRetries.get(store) ?? 0;
      if (r.racy > 0 && retries < 3) { this.racyRetries.set(store, retries + 1); this.markUnsaved(store); }
      else this.racyRetries.delete(store);
    }
  }

  private watch(f: FolderStores): void {
    const ds: vscode.Disposable[] = [];
    const emit = (store: TicketStore, cs: ChangeSet) => {
      if (cs.added.length || cs.changed.length || cs.removed.length) this.markUnsaved(store);
      if (store === f.main) this.onDidChangeEmitter.fire({ folder: f, main: cs });
      else this.onDidChangeEmitter.fire({ folder: f, main: emptyChangeSet(), orchestration: cs });
    };
    const watchStore = (store: TicketStore) => {
      const pending = new Set<string>();
      let timer: NodeJS.Timeout | undefined;
      const flush = () => {
        timer = undefined;
        if (!f.loaded || appearing.has(store)) { timer = setTimeout(flush, COALESCE_MS); return; }
        const paths = [...pending];
        pending.clear();
        if (store.exists) emit(store, store.applyChanges(paths));
        else void appear(store);
      };
      const onEvent = (uri: vscode.Uri) => {
        pending.add(uri.fsPath);
        if (!timer) timer = setTimeout(flush, COALESCE_MS);
      };
      const w = vscode.workspace.createFileSystemWatcher(watchPattern(f.folder, store.root));
      ds.push(w, w.onDidCreate(onEvent), w.onDidChange(onEvent), w.onDidDelete(onEvent), { dispose: () => timer && clearTimeout(timer) });
    };
    /** A store whose root did not exist when it was loaded: load it now (in yielding batches, with
     * the index workers: a worktree checked out later can hold thousands of tickets, into a fresh
     * index taken over in one step); every ticket is new. File events meanwhile wait for it. */
    const appearing = new Set<TicketStore>();
    const appear = async (store: TicketStore): Promise<void> => {
      if (appearing.has(store)) return;
      appearing.add(store);
      try {
        const fresh = await new TicketStore(store.root).load({ batchSize: 250, workers: this.options.workers });
        if (this.disposed) return;
        store.adoptIndexOf(fresh);
      } finally {
        appearing.delete(store);
      }
      const cs = emptyChangeSet();
      cs.added = [...store.ids()];
      cs.states = ['planning', 'ready', 'queued', 'inprogress', 'done', 'closed'];
      emit(store, cs);
    };
    watchStore(f.main);
    if (f.orchestration) {
      const orch = f.orchestration;
      watchStore(orch);
      // Events for a tree created in one go (git worktree add) are not always complete, so a
      // missing orchestration copy is also checked for every 10 s (one stat).
      const interval = setInterval(() => {
        if (f.loaded && !orch.exists && existsSync(orch.root)) void appear(orch);
      }, 10_000);
      ds.push({ dispose: () => clearInterval(interval) });
    }
    this.folderDisposables.set(f.key, ds);
  }

  private disposeFolder(key: string): void {
    for (const d of this.folderDisposables.get(key) ?? []) d.dispose();
    this.folderDisposables.delete(key);
  }

  dispose(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    // Shutdown: write what is still unsaved (stat + serialise; unchanged records are copied as is).
    for (const store of this.unsaved) {
      const file = this.cacheFileOf(store);
      if (file && store.isLoaded) saveIndexCacheSync(store, file, { salt: this.options.cacheSalt });
    }
    this.unsaved.clear();
    this.disposed = true;
    for (const key of this.folderDisposables.keys()) this.disposeFolder(key);
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * A watcher pattern for a store root. Inside the workspace folder the pattern is based on the
 * folder, so the workspace's recursive watcher serves it even when the root does not exist yet
 * (an orchestration worktree created later); a pattern based on a missing folder never fires.
 */
function watchPattern(folder: vscode.WorkspaceFolder, root: string): vscode.RelativePattern {
  const rel = relative(folder.uri.fsPath, root);
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) {
    return new vscode.RelativePattern(folder, `${rel.split(sep).join('/')}/**`);
  }
  return new vscode.RelativePattern(vscode.Uri.file(root), '**');
}

export function emptyChangeSet(): ChangeSet {
  return { added: [], changed: [], removed: [], touched: [], blockersChanged: [], states: [] };
}
