// The ticket doctor in the Problems view: every file of every store (not only open ones), in one
// DiagnosticCollection. Each store gets an IncrementalDoctor; after the initial run (in yielding
// batches) only the tickets a change set or a file event touches are re-checked, and only their
// files' diagnostics are replaced.
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import { IncrementalDoctor, FindingFilter } from '../../core/doctor/doctor';
import { DoctorFamily } from '../../core/doctor/catalog';
import { Finding } from '../../core/doctor/finding';
import { TicketStore } from '../../core/store/ticketStore';
import { FolderStores, StoreChange, WorkspaceStores } from '../tickets/workspaceStores';
import { doctorMessage, familyLabel } from './doctorMessages';

export const DIAGNOSTICS_NAME = 'yoi-doctor';
const COALESCE_MS = 100;

interface DoctorEntry {
  folder: FolderStores;
  store: TicketStore;
  doctor: IncrementalDoctor;
  /** Initial full run. */
  ready: Promise<void>;
  initialDone: boolean;
  /** Tickets to re-check (changes that arrive during the initial run are applied after it). */
  pendingIds: Set<string>;
  /** The store-level checks need a re-run (TODO.md, stray files). */
  pendingStore: boolean;
  timer?: NodeJS.Timeout;
  /** Files that currently carry diagnostics from this store. */
  files: Set<string>;
  disposables: vscode.Disposable[];
}

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export interface DoctorSettings {
  enabled: boolean;
  hideClosedTickets: boolean;
  extensionChecks: boolean;
}

export function readDoctorSettings(): DoctorSettings {
  const c = vscode.workspace.getConfiguration('yoi.doctor');
  return {
    enabled: c.get<boolean>('enabled', true),
    // Years of closed tickets carry old anomalies that nobody will fix: keep them out of Problems.
    hideClosedTickets: c.get<boolean>('hideClosedTickets', true),
    extensionChecks: c.get<boolean>('extensionChecks', true),
  };
}

export class DoctorDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTICS_NAME);
  private readonly entries = new Map<string, DoctorEntry>();
  private readonly disposables: vscode.Disposable[] = [];
  private settings = readDoctorSettings();
  private work: Promise<void> = Promise.resolve();
  /** Counts for tests: settings re-filters, files updated, tickets and store-level checks re-run. */
  readonly stats = { fullRefreshes: 0, fileUpdates: 0, ticketChecks: 0, storeChecks: 0 };

  constructor(private readonly stores: WorkspaceStores) {
    this.disposables.push(
      this.collection,
      stores.onDidChangeFolders(() => this.syncFolders()),
      stores.onDidChange((c) => this.onStoreChange(c)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('yoi.doctor')) return;
        const before = this.settings;
        this.settings = readDoctorSettings();
        if (before.enabled !== this.settings.enabled) {
          if (this.settings.enabled) this.syncFolders();
          else this.disposeAll();
        } else if (before.hideClosedTickets !== this.settings.hideClosedTickets) {
          // Closed tickets are not even checked while hidden: re-run the doctor.
          this.disposeAll();
          this.syncFolders();
        } else {
          this.refreshAll();
        }
      }),
    );
    this.syncFolders();
  }

  /** Resolves once every store's doctor has run and no update is pending. */
  async whenIdle(): Promise<void> {
    for (;;) {
      const before = this.work;
      await Promise.all([...this.entries.values()].map((e) => e.ready));
      await this.work;
      const pending = [...this.entries.values()].some((e) => e.timer !== undefined || e.pendingIds.size > 0 || e.pendingStore);
      if (!pending && before === this.work) return;
      await new Promise((r) => setTimeout(r, COALESCE_MS));
    }
  }

  /** Findings of a folder's store as the Problems view shows them (after the settings' filters). */
  findings(folderPath?: string): Finding[] {
    const out: Finding[] = [];
    for (const e of this.entries.values()) {
      if (folderPath && e.folder.folder.uri.fsPath !== folderPath) continue;
      out.push(...e.doctor.findings(this.filter()));
    }
    return out;
  }

  private filter(): FindingFilter {
    const families: DoctorFamily[] = this.settings.extensionChecks ? ['yoi', 'extension'] : ['yoi'];
    return { includeClosed: !this.settings.hideClosedTickets, families };
  }

  private syncFolders(): void {
    if (!this.settings.enabled) return;
    const live = new Set<string>();
    for (const f of this.stores.all()) {
      live.add(f.key);
      const e = this.entries.get(f.key);
      if (e && e.store === f.main) continue;
      if (e) this.disposeEntry(e);
      if (!f.loaded) continue; // started by the next onDidChangeFolders (fired when the load ends)
      this.entries.set(f.key, this.start(f));
    }
    for (const [key, e] of this.entries) if (!live.has(key)) this.disposeEntry(e);
  }

  private start(folder: FolderStores): DoctorEntry {
    const store = folder.main;
    const e: DoctorEntry = {
      folder, store, doctor: new IncrementalDoctor(store), ready: Promise.resolve(), initialDone: false,
      pendingIds: new Set(), pendingStore: false, files: new Set(), disposables: [],
    };
    if (this.settings.hideClosedTickets) e.doctor.skip = (id) => store.stateOf(id) === 'closed';
    // File events the store's change sets leave out: an artifacts/ folder deleted or created, a
    // front-matter line inserted (ranges move), the legacy TODO.md and stray `tickets/*.md`.
    const onTicketPath = (uri: vscode.Uri) => {
      for (const id of e.doctor.affectedByPaths([uri.fsPath])) e.pendingIds.add(id);
      this.schedule(e);
    };
    const onStorePath = () => {
      e.pendingStore = true;
      this.schedule(e);
    };
    const ticketWatcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(store.root), '*/{item.md,artifacts}'));
    const parent = vscode.Uri.file(dirname(store.root));
    const storeWatcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(parent, '{TODO.md,tickets/*.md}'));
    e.disposables.push(
      ticketWatcher, ticketWatcher.onDidCreate(onTicketPath), ticketWatcher.onDidChange(onTicketPath), ticketWatcher.onDidDelete(onTicketPath),
      storeWatcher, storeWatcher.onDidCreate(onStorePath), storeWatcher.onDidChange(onStorePath), storeWatcher.onDidDelete(onStorePath),
    );
    e.ready = e.doctor.runAll({ batchSize: 40 }).then(() => {
      e.initialDone = true;
      this.stats.ticketChecks += store.size;
      if (this.entries.get(folder.key) !== e) return;
      this.setFiles(e, new Set(e.doctor.findings().map((f) => f.file)));
      if (e.pendingIds.size || e.pendingStore) this.schedule(e);
    });
    return e;
  }

  private onStoreChange(c: StoreChange): void {
    const e = this.entries.get(c.folder.key);
    if (!e || e.store !== c.folder.main) return;
    for (const id of e.doctor.affectedBy(c.main)) e.pendingIds.add(id);
    if (IncrementalDoctor.storeLevelAffectedBy(c.main)) e.pendingStore = true;
    this.schedule(e);
  }

  private schedule(e: DoctorEntry): void {
    if (!e.initialDone || e.timer) return;
    e.timer = setTimeout(() => {
      e.timer = undefined;
      if (this.entries.get(e.folder.key) !== e) return;
      const ids = [...e.pendingIds];
      const storeLevel = e.pendingStore;
      e.pendingIds.clear();
      e.pendingStore = false;
      this.work = this.work.then(() => {
        this.stats.ticketChecks += ids.length;
        if (storeLevel) this.stats.storeChecks++;
        const files = e.doctor.update(ids, storeLevel);
        this.setFiles(e, files);
      });
    }, COALESCE_MS);
  }

  /** Replaces the diagnostics of these files (and forgets files that no longer have findings). */
  private setFiles(e: DoctorEntry, files: Iterable<string>): void {
    const filter = this.filter();
    for (const file of files) {
      this.stats.fileUpdates++;
      const findings = e.doctor.findingsForFile(file, filter);
      const uri = vscode.Uri.file(file);
      if (findings.length) {
        this.collection.set(uri, findings.map(toDiagnostic));
        e.files.add(file);
      } else if (e.files.delete(file)) {
        this.collection.delete(uri);
      }
    }
  }

  /** Settings changed: re-filter everything. */
  private refreshAll(): void {
    this.stats.fullRefreshes++;
    this.collection.clear();
    for (const e of this.entries.values()) {
      if (!e.initialDone) continue;
      e.files.clear();
      const all = new Set<string>();
      for (const f of e.doctor.findings()) all.add(f.file);
      this.setFiles(e, all);
    }
  }

  private disposeEntry(e: DoctorEntry): void {
    if (e.timer) clearTimeout(e.timer);
    e.timer = undefined;
    for (const d of e.disposables) d.dispose();
    for (const f of e.files) this.collection.delete(vscode.Uri.file(f));
    e.files.clear();
    this.entries.delete(e.folder.key);
  }

  private disposeAll(): void {
    for (const e of [...this.entries.values()]) this.disposeEntry(e);
    this.collection.clear();
  }

  dispose(): void {
    this.disposeAll();
    for (const d of this.disposables) d.dispose();
  }
}

function toDiagnostic(f: Finding): vscode.Diagnostic {
  const range = new vscode.Range(f.line - 1, f.column - 1, f.endLine - 1, Math.max(f.endColumn - 1, 0));
  const d = new vscode.Diagnostic(range, doctorMessage(f), SEVERITY[f.severity]);
  d.code = f.code;
  d.source = familyLabel(f);
  const uri = vscode.Uri.file(f.file);
  const related = (line: unknown, message: string) => {
    const n = Number(line);
    if (Number.isInteger(n) && n > 0) d.relatedInformation = [new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, new vscode.Position(n - 1, 0)), message)];
  };
  switch (f.code) {
    case 'thread.out-of-order':
    case 'thread.nested-marker':
      related(f.params.previousLine, vscode.l10n.t('The later event'));
      break;
    case 'thread.multiple-close':
      related(f.params.firstLine, vscode.l10n.t('The first close event'));
      break;
    case 'thread.missing-separator':
      related(f.params.nextLine, vscode.l10n.t('The next event marker'));
      break;
    case 'thread.extra-separator':
      related(f.params.separatorLine, vscode.l10n.t('Where yoi ends the event body'));
      break;
  }
  return d;
}
