// The plugin packages of the workspace and their inspection reports: discovery (`.yoi/plugins/*`
// of each workspace folder, folders holding a `plugin.toml`, the `yoi.plugins.extraFolders`
// setting), one cached report per inspected path, re-inspection when a package's files change,
// and the PluginInspector (worker thread + jco) — created on the first inspection, never at
// activation. Nothing is started until something asks (the view, an open plugin.toml, a command).
// Inspection is static (nothing runs plugin code), so it is allowed in untrusted workspaces.
import * as vscode from 'vscode';
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { inspectPluginPath, InspectorStats, MANIFEST_FILE, PluginInspectionReport, PluginInspector, SelfCheckResult } from '../../core/plugins';
import { DiscoveredPackage, discovered, isInside, mergeDiscovered, packagesAffectedBy, resolveExtraFolder } from './model';

/** Folders never searched for plugin.toml (build output, dependencies, yoi's worktree copies). */
export const DISCOVERY_EXCLUDE = '**/{node_modules,target,.git,.hg,.svn,.worktree,.vscode-test}/**';
const MAX_FOUND = 256;
const DEBOUNCE_MS = 150;
/** Inspections at a time (each reads a package; binary analysis queues in the one worker anyway). */
const PARALLEL = 2;

export interface InspectionState {
  report?: PluginInspectionReport;
  /** An inspection is running (`report` is the previous one, if any). */
  pending: boolean;
  /** The inspection itself failed (bad input gives findings, not this). */
  error?: string;
  inspectedAt?: number;
  durationMs?: number;
  /** Increments with every inspection started. */
  generation: number;
}

export interface PluginPackage extends DiscoveredPackage {
  state: InspectionState | undefined;
}

export interface PluginPackagesOptions {
  /** The extension's `dist/pluginWorker.js`. */
  workerPath: string;
  log: vscode.LogOutputChannel;
  /** Per-artifact time limit of binary inspection (default 20 s). */
  timeoutMs?: number;
}

export class PluginPackages implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<string[] | undefined>();
  /** Package paths whose state changed; `undefined` when the list of packages changed. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly inspectedEmitter = new vscode.EventEmitter<{ path: string; state: InspectionState }>();
  /** An inspection finished (packages and standalone .wasm files alike). */
  readonly onDidInspect = this.inspectedEmitter.event;

  private list: DiscoveredPackage[] = [];
  private readonly states = new Map<string, InspectionState>();
  private inspectorInstance: PluginInspector | undefined;
  private startedDiscovery: Promise<void> | undefined;
  private discovering: Promise<void> | undefined;
  private discoverAgain = false;
  private discoveryTimer: NodeJS.Timeout | undefined;
  private readonly running = new Map<string, Promise<InspectionState>>();
  private readonly dirty = new Set<string>();
  private readonly invalidated = new Set<string>();
  private invalidateTimer: NodeJS.Timeout | undefined;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private watchers: vscode.Disposable[] = [];
  private extraWatchers: vscode.Disposable[] = [];
  private extraWatched = '';
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  /** Counts for tests and logs. */
  readonly stats = { discoveries: 0, inspections: 0 };

  constructor(private readonly opts: PluginPackagesOptions) {
    this.disposables.push(this.changeEmitter, this.inspectedEmitter);
  }

  // ---- lifecycle --------------------------------------------------------------------------------

  get started(): boolean {
    return this.startedDiscovery !== undefined;
  }

  /** Starts discovery, watchers and the first inspections (idempotent); resolves after discovery. */
  start(): Promise<void> {
    if (!this.startedDiscovery) {
      this.watch();
      this.startedDiscovery = this.discover();
    }
    return this.startedDiscovery;
  }

  /** Resolves when discovery and every queued inspection have settled (tests, the `refresh` command). */
  async ready(): Promise<void> {
    await this.start();
    for (let i = 0; i < 1000; i++) {
      if (this.discovering) await this.discovering.catch(() => undefined);
      const running = [...this.running.values()];
      if (running.length) await Promise.allSettled(running);
      else if (this.discoveryTimer || this.invalidateTimer) await new Promise((r) => setTimeout(r, DEBOUNCE_MS));
      else if (!this.discovering) return;
    }
  }

  /** Rediscovers and re-inspects everything. */
  async refresh(): Promise<void> {
    await this.start();
    await this.discover();
    await Promise.allSettled(this.list.map((p) => this.inspect(p.path, { force: true })));
  }

  // ---- queries ----------------------------------------------------------------------------------

  packages(): PluginPackage[] {
    return this.list.map((p) => ({ ...p, state: this.states.get(p.path) }));
  }

  find(path: string): PluginPackage | undefined {
    const abs = resolve(path);
    const p = this.list.find((x) => x.path === abs);
    return p ? { ...p, state: this.states.get(abs) } : undefined;
  }

  state(path: string): InspectionState | undefined {
    return this.states.get(resolve(path));
  }

  /** Display path: workspace-relative when the path is inside a workspace folder. */
  display(path: string): string {
    const known = this.list.find((p) => p.path === resolve(path));
    if (known) return known.display;
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(path));
    return folder ? vscode.workspace.asRelativePath(path, (vscode.workspace.workspaceFolders?.length ?? 0) > 1) : path;
  }

  /** The worker has been started at least once (tests: never during activation). */
  get inspectorStarted(): boolean {
    return (this.inspectorInstance?.stats.started ?? 0) > 0;
  }

  inspectorStats(): InspectorStats | undefined {
    return this.inspectorInstance?.stats;
  }

  // ---- inspection -------------------------------------------------------------------------------

  /**
   * The report for a package folder, `.yoi-plugin` or `.wasm` (cached until its files change).
   * `force` runs a fresh inspection; one already running for the path is joined and repeated.
   */
  inspect(path: string, options: { force?: boolean } = {}): Promise<InspectionState> {
    const key = resolve(path);
    const running = this.running.get(key);
    if (running) {
      if (options.force) this.dirty.add(key);
      return running;
    }
    const st = this.states.get(key);
    if (!options.force && st?.report && !st.pending) return Promise.resolve(st);
    const p = this.runInspection(key).finally(() => this.running.delete(key));
    this.running.set(key, p);
    return p;
  }

  /**
   * Drops a result nobody shows any more (a closed inspector page). Package folders stay: their
   * plugin.toml carries diagnostics that must keep following saves.
   */
  forget(path: string): void {
    const key = resolve(path);
    const st = this.states.get(key);
    if (st?.report?.input.kind === 'directory' || this.list.some((p) => p.path === key) || this.running.has(key)) return;
    this.states.delete(key);
  }

  /** Loads the WebAssembly runtime in the worker; `panic` also drives it into a known panic (crash path). */
  async selfCheck(options: { panic?: boolean } = {}): Promise<{ result: SelfCheckResult; stats: InspectorStats }> {
    const inspector = this.inspector();
    const result = await inspector.selfCheck({ panic: options.panic ?? false });
    return { result, stats: inspector.stats };
  }

  private inspector(): PluginInspector {
    if (!this.inspectorInstance) {
      this.opts.log.info(`Plugin inspector: starting the worker on first use (${this.opts.workerPath})`);
      this.inspectorInstance = new PluginInspector({ workerPath: this.opts.workerPath, ...(this.opts.timeoutMs ? { timeoutMs: this.opts.timeoutMs } : {}) });
    }
    return this.inspectorInstance;
  }

  private async runInspection(key: string): Promise<InspectionState> {
    let state: InspectionState;
    do {
      this.dirty.delete(key);
      state = await this.inspectOnce(key);
    } while (this.dirty.has(key) && !this.disposed);
    return state;
  }

  private async inspectOnce(key: string): Promise<InspectionState> {
    const prev = this.states.get(key);
    const generation = (prev?.generation ?? 0) + 1;
    this.states.set(key, { ...prev, pending: true, generation });
    this.changeEmitter.fire([key]);
    await this.acquire();
    const t0 = performance.now();
    let next: InspectionState;
    try {
      if (this.disposed) throw new Error('disposed');
      const report = await inspectPluginPath(key, { inspector: this.inspector(), timeoutMs: this.opts.timeoutMs });
      next = { report, pending: false, generation, inspectedAt: Date.now(), durationMs: Math.round(performance.now() - t0) };
      this.stats.inspections++;
      this.opts.log.debug(`Plugin inspector: ${key} → ${report.verdict.summary} in ${next.durationMs} ms`);
    } catch (e) {
      // inspectPluginPath turns bad input into findings; this is the inspector itself failing.
      const message = e instanceof Error ? e.message : String(e);
      this.opts.log.error(`Plugin inspector: inspecting ${key} failed: ${message}`);
      next = { ...(prev?.report ? { report: prev.report } : {}), pending: false, generation, error: message, inspectedAt: Date.now(), durationMs: Math.round(performance.now() - t0) };
    } finally {
      this.release();
    }
    if (this.disposed) return next;
    this.states.set(key, next);
    this.changeEmitter.fire([key]);
    this.inspectedEmitter.fire({ path: key, state: next });
    return next;
  }

  private acquire(): Promise<void> {
    if (this.active < PARALLEL) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((r) => this.waiting.push(() => { this.active++; r(); }));
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }

  // ---- discovery --------------------------------------------------------------------------------

  private discover(): Promise<void> {
    if (this.discovering) {
      this.discoverAgain = true;
      return this.discovering;
    }
    const run = async () => {
      do {
        this.discoverAgain = false;
        await this.discoverOnce();
      } while (this.discoverAgain && !this.disposed);
    };
    this.discovering = run().finally(() => { this.discovering = undefined; });
    return this.discovering;
  }

  private scheduleDiscovery(): void {
    if (!this.started || this.disposed) return;
    clearTimeout(this.discoveryTimer);
    this.discoveryTimer = setTimeout(() => {
      this.discoveryTimer = undefined;
      void this.discover();
    }, DEBOUNCE_MS);
  }

  private async discoverOnce(): Promise<void> {
    const lists: DiscoveredPackage[][] = [];
    const extras: string[] = [];
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    for (const folder of folders) {
      const root = folder.uri.fsPath;
      lists.push(await storePackages(join(root, '.yoi', 'plugins'), root));
      try {
        const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, `**/${MANIFEST_FILE}`), DISCOVERY_EXCLUDE, MAX_FOUND);
        lists.push(found.map((u) => discovered(dirname(u.fsPath), 'directory', 'workspace', root)));
      } catch (e) {
        this.opts.log.warn(`Plugin discovery: searching ${root} failed: ${(e as Error).message}`);
      }
      for (const entry of vscode.workspace.getConfiguration('yoi.plugins', folder.uri).get<string[]>('extraFolders', [])) {
        const dir = typeof entry === 'string' ? resolveExtraFolder(entry, root, homedir()) : undefined;
        if (dir) extras.push(dir);
      }
    }
    if (!folders.length) {
      for (const entry of vscode.workspace.getConfiguration('yoi.plugins').get<string[]>('extraFolders', [])) {
        const dir = typeof entry === 'string' ? resolveExtraFolder(entry, undefined, homedir()) : undefined;
        if (dir) extras.push(dir);
      }
    }
    const extraDirs = [...new Set(extras)];
    for (const dir of extraDirs) lists.push(await extraPackages(dir));
    const next = mergeDiscovered(lists).slice(0, MAX_FOUND);
    this.stats.discoveries++;

    const before = new Set(this.list.map((p) => p.path));
    const after = new Set(next.map((p) => p.path));
    const changed = next.length !== this.list.length || next.some((p, i) => this.list[i]?.path !== p.path || this.list[i]?.display !== p.display);
    for (const p of before) if (!after.has(p) && !this.running.has(p)) this.states.delete(p);
    this.list = next;
    this.watchExtra(extraDirs.filter((d) => !folders.some((f) => isInside(f.uri.fsPath, d))));
    if (changed || this.stats.discoveries === 1) this.changeEmitter.fire(undefined);
    void vscode.commands.executeCommand('setContext', 'yoi.plugins.discovered', true);
    void vscode.commands.executeCommand('setContext', 'yoi.plugins.hasPackages', next.length > 0);
    for (const p of next) if (!this.states.has(p.path)) void this.inspect(p.path);
  }

  // ---- file events ------------------------------------------------------------------------------

  private watch(): void {
    const manifests = vscode.workspace.createFileSystemWatcher(`**/${MANIFEST_FILE}`);
    const binaries = vscode.workspace.createFileSystemWatcher('**/*.{wasm,yoi-plugin}');
    const stores = vscode.workspace.createFileSystemWatcher('**/.yoi/plugins/*');
    // Only deletions: a removed package folder fires one event for the folder, not its files.
    const deletions = vscode.workspace.createFileSystemWatcher('**/*', true, true, false);
    this.watchers.push(
      manifests, binaries, stores, deletions,
      manifests.onDidCreate(() => this.scheduleDiscovery()),
      manifests.onDidDelete(() => this.scheduleDiscovery()),
      manifests.onDidChange((u) => this.invalidate(u.fsPath)),
      binaries.onDidCreate((u) => { this.invalidate(u.fsPath); if (u.fsPath.endsWith('.yoi-plugin')) this.scheduleDiscovery(); }),
      binaries.onDidChange((u) => this.invalidate(u.fsPath)),
      binaries.onDidDelete((u) => { this.invalidate(u.fsPath); if (u.fsPath.endsWith('.yoi-plugin')) this.scheduleDiscovery(); }),
      stores.onDidCreate(() => this.scheduleDiscovery()),
      stores.onDidDelete(() => this.scheduleDiscovery()),
      deletions.onDidDelete((u) => {
        if (this.list.some((p) => isInside(u.fsPath, p.path))) this.scheduleDiscovery();
      }),
      // Saving plugin.toml re-inspects at once (the file watcher may lag behind the editor).
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (d.uri.scheme === 'file' && basename(d.uri.fsPath) === MANIFEST_FILE) this.invalidate(d.uri.fsPath, 0);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.scheduleDiscovery()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('yoi.plugins')) this.scheduleDiscovery();
      }),
    );
  }

  /** Watches configured folders outside the workspace (the workspace watchers do not see them). */
  private watchExtra(dirs: string[]): void {
    // Recreated only when the folders change: a new watcher needs a moment before it reports.
    const key = [...dirs].sort().join('\n');
    if (key === this.extraWatched) return;
    this.extraWatched = key;
    for (const d of this.extraWatchers) d.dispose();
    this.extraWatchers = [];
    for (const dir of dirs) {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dir), '**/*'));
      this.extraWatchers.push(
        w,
        w.onDidCreate(() => this.scheduleDiscovery()),
        w.onDidDelete(() => this.scheduleDiscovery()),
        w.onDidChange((u) => this.invalidate(u.fsPath)),
      );
    }
  }

  /** A file changed: re-inspect what it belongs to (packages, or a standalone .wasm shown somewhere). */
  private invalidate(file: string, delay = DEBOUNCE_MS): void {
    if (this.disposed) return;
    const abs = resolve(file);
    const keys = packagesAffectedBy(abs, this.list).map((p) => p.path);
    if (this.states.has(abs)) keys.push(abs);
    // A plugin.toml inspected outside the discovered packages (opened from elsewhere).
    if (basename(abs) === MANIFEST_FILE && this.states.has(dirname(abs))) keys.push(dirname(abs));
    if (!keys.length) return;
    for (const k of keys) this.invalidated.add(k);
    clearTimeout(this.invalidateTimer);
    this.invalidateTimer = setTimeout(() => {
      this.invalidateTimer = undefined;
      const batch = [...this.invalidated];
      this.invalidated.clear();
      for (const k of batch) void this.inspect(k, { force: true });
    }, delay);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.discoveryTimer);
    clearTimeout(this.invalidateTimer);
    for (const d of [...this.watchers, ...this.extraWatchers, ...this.disposables]) d.dispose();
    void this.inspectorInstance?.dispose();
  }
}

/** `.yoi/plugins/*`: package folders and `.yoi-plugin` archives (a missing store is just empty). */
async function storePackages(store: string, root: string): Promise<DiscoveredPackage[]> {
  let names: import('node:fs').Dirent[];
  try {
    names = await readdir(store, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: DiscoveredPackage[] = [];
  for (const d of names) {
    if (d.name.startsWith('.')) continue;
    const p = join(store, d.name);
    if (d.isDirectory()) out.push(discovered(p, 'directory', 'store', root));
    else if (d.isFile() && d.name.endsWith('.yoi-plugin')) out.push(discovered(p, 'archive', 'store', root));
  }
  return out;
}

/** A configured folder: a package itself, or a folder of packages (folders with plugin.toml, archives). */
async function extraPackages(dir: string): Promise<DiscoveredPackage[]> {
  const isFile = async (p: string) => (await stat(p).catch(() => undefined))?.isFile() ?? false;
  if (await isFile(join(dir, MANIFEST_FILE))) return [discovered(dir, 'directory', 'extra', dirname(dir))];
  let names: import('node:fs').Dirent[];
  try {
    names = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: DiscoveredPackage[] = [];
  for (const d of names) {
    if (d.name.startsWith('.')) continue;
    const p = join(dir, d.name);
    if (d.isDirectory() && (await isFile(join(p, MANIFEST_FILE)))) out.push(discovered(p, 'directory', 'extra', dirname(dir)));
    else if (d.isFile() && d.name.endsWith('.yoi-plugin')) out.push(discovered(p, 'archive', 'extra', dirname(dir)));
  }
  return out;
}
