// `npm run bench`: figures for the ticket core on the real corpus (when ../shared is present) and on
// synthetic stores of 1,000, 10,000 and 50,000 tickets. Prints one JSON object on stdout and a
// readable table on stderr. Every time is also given as a ratio to the floor of its store (or, for
// figures that are not about a store, to the floor per 1,000 tickets), because ratios are stable
// across machines where absolute times are not.
//
//   node out/bench/run.js [--sizes 1000,10000,50000] [--quick] [--no-corpus] [--skip-doctor]
//                         [--compare FILE] [--out FILE] [--markdown]
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, renameSync, appendFileSync, truncateSync, statSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem, platform, release, arch } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureSyntheticStore, repoRoot, syntheticThread, defaultCacheDir } from './generate';
import { BlockMonitor, floorOnce, gc, median, time, timeAsync } from './measure';
import { installVscodeStub, vscodeStub } from './vscodeStub';
import { TicketStore, ChangeSet } from '../src/core/store/ticketStore';
import { OverlayStore } from '../src/core/store/overlay';
import { indexCacheFile, probeNewRelationsSync, restoreIndex, restoreIndexSync, saveIndexCache, saveIndexCacheSync } from '../src/core/store/cache';
import { encodeId } from '../src/core/ids';
import { IndexWorkers } from '../src/core/store/indexWorkers';
import { compareResults, Comparison } from './compare';

export const BENCH_SCHEMA = 'yoi-vscode/bench@1';

export interface Figure {
  /** Median wall time. */
  ms?: number;
  /** ms / floor (per-run pairs when the figure was measured beside its own floor run). */
  ratio?: number;
  /** Non-time figures (heap MB per 1,000 tickets, counts). */
  value?: number;
  unit?: string;
  runs?: number;
  note?: string;
  [extra: string]: unknown;
}

export interface StoreResult {
  tickets: number;
  floorMs: number;
  figures: Record<string, Figure>;
}

export interface BenchResult {
  schema: string;
  date: string;
  machine: Record<string, unknown>;
  options: Record<string, unknown>;
  stores: Record<string, StoreResult>;
  /** Figures that are not about one store; their ratios use `floorPer1000Ms`. */
  global: { floorPer1000Ms: number; figures: Record<string, Figure> };
  targets: TargetResult[];
  comparison?: Comparison;
}

export interface TargetResult {
  target: string;
  figure: string;
  limit: string;
  actual: number | undefined;
  met: boolean | undefined;
}

interface Args {
  sizes: number[];
  quick: boolean;
  corpus: boolean;
  compare?: string;
  out?: string;
  markdown: boolean;
  skipDoctor: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { sizes: [1000, 10000, 50000], quick: false, corpus: true, markdown: false, skipDoctor: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${k} needs a value`);
      return x;
    };
    if (k === '--sizes') a.sizes = v().split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
    else if (k === '--quick') a.quick = true;
    else if (k === '--no-corpus') a.corpus = false;
    else if (k === '--compare') a.compare = v();
    else if (k === '--out') a.out = v();
    else if (k === '--markdown') a.markdown = true;
    else if (k === '--skip-doctor') a.skipDoctor = true;
    else throw new Error(`unknown option ${k}`);
  }
  return a;
}

const log = (s: string) => process.stderr.write(s + '\n');
const round = (x: number, d = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : x);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- one store ----------------------------------------------------------------------------------

interface StoreInput {
  name: string;
  workspace: string;
  ticketsRoot: string;
  /** Incremental edits are made (and undone) in place; the corpus is measured on a temp copy. */
  cleanup?: () => void;
}

const store0Item = (s: TicketStore) => s.paths(s.ids()[0]).item;

function itemPathsOf(store: TicketStore): string[] {
  return store.ids().map((id) => store.paths(id).item);
}

/** Runs `fn` `reps` times, each right after a floor run, and reports medians and per-pair ratios. */
function paired(items: string[], reps: number, fn: () => void): Figure {
  const ms: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < reps; i++) {
    const f = floorOnce(items);
    const t = time(fn);
    ms.push(t);
    ratios.push(t / f);
  }
  return { ms: round(median(ms)), ratio: round(median(ratios), 3), runs: reps };
}

/** Heap (after GC) held by the store `build` returns, per 1,000 tickets; `externalMB`: buffers
 * outside the JS heap (worker chunks, the cache file's bytes). */
function heapFigure(build: () => TicketStore): Figure {
  gc();
  const before = process.memoryUsage();
  const store = build();
  gc();
  const after = process.memoryUsage();
  const mb = (after.heapUsed - before.heapUsed) / 1024 / 1024;
  return { value: round((mb / store.size) * 1000, 3), unit: 'MB per 1,000 tickets', totalMB: round(mb, 1), externalMB: round((after.external + after.arrayBuffers - before.external - before.arrayBuffers) / 1024 / 1024, 1) };
}

function fastFigure(samples: number[], floorMs: number): Figure {
  const m = median(samples);
  return { ms: round(m, 3), ratio: round(m / floorMs, 5), runs: samples.length };
}

const EMPTY_CS: ChangeSet = { added: [], changed: [], removed: [], touched: [], blockersChanged: [], states: [] };

function treeProviderFor(store: TicketStore, workspace: string) {
  installVscodeStub();
  // Loaded after the stub is in place (the provider imports `vscode`).
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { TicketTreeProvider } = require('../src/vscode/tickets/ticketTree') as typeof import('../src/vscode/tickets/ticketTree');
  const foldersChanged = new vscodeStub.EventEmitter<void>();
  const changed = new vscodeStub.EventEmitter<unknown>();
  const folder = {
    folder: { uri: vscodeStub.Uri.file(workspace), name: 'bench', index: 0 },
    key: `file://${workspace}`, loaded: true, main: store, overlay: new OverlayStore(store), location: undefined,
  };
  const stores = { all: () => [folder], onDidChangeFolders: foldersChanged.event, onDidChange: changed.event };
  const provider = new TicketTreeProvider(stores as never);
  let refreshed: unknown = undefined;
  provider.onDidChangeTreeData((e: unknown) => (refreshed = e));
  return {
    provider,
    /** Feeds a change set to the provider like WorkspaceStores does; returns what it refreshed. */
    change(cs: ChangeSet): number | 'all' {
      refreshed = null;
      changed.fire({ folder, main: cs });
      return refreshed === undefined ? 'all' : Array.isArray(refreshed) ? refreshed.length : refreshed === null ? 0 : 1;
    },
  };
}

async function benchStore(input: StoreInput, args: Args, cacheDir: string, workers: IndexWorkers): Promise<StoreResult> {
  const root = input.ticketsRoot;
  log(`\n— ${input.name}: ${root}`);
  const probe = new TicketStore(root).loadSync();
  const items = itemPathsOf(probe);
  const n = probe.size;
  const big = n >= 50000;
  const reps = args.quick ? (big ? 1 : 3) : big ? 3 : 11;
  // Warm the page cache (every figure is measured with the files cached, like a re-opened window).
  floorOnce(items);
  floorOnce(items);
  const floors: number[] = [];
  for (let i = 0; i < (args.quick ? 3 : 5); i++) floors.push(floorOnce(items));
  const floorMs = round(median(floors));
  const figures: Record<string, Figure> = {};
  const put = (k: string, f: Figure) => {
    figures[k] = f;
    log(`  ${k.padEnd(24)} ${f.ms !== undefined ? `${f.ms} ms`.padStart(12) : `${f.value} ${f.unit ?? ''}`.padStart(12)}${f.ratio !== undefined ? `  ×${f.ratio}` : ''}${f.maxBlockMs !== undefined ? `  blocked ≤ ${f.maxBlockMs} ms wall, ${f.maxBlockCpuMs} ms CPU` : ''}${f.note ? `  (${f.note})` : ''}`);
  };
  log(`  floor: ${floorMs} ms for ${n} tickets (${round((floorMs / n) * 1000, 1)} µs/ticket)`);

  // Cold index (front matter, relations, blockers via the relations index, problems), as the
  // extension builds it: a large store is shared with the index workers (already started by an
  // earlier build, as they are in a running extension host); then on one thread only, and with a
  // pool started for the build (worker start-up and a cold JIT included).
  const share = () => (workers.wants(n) ? { here: workers.lastRead.here, chunks: workers.lastRead.chunks } : undefined);
  // Warm the workers' JIT as this thread's already is (it built every store measured so far).
  for (let i = 0; i < 3; i++) new TicketStore(root).loadSync({ workers });
  put('coldIndex', { ...paired(items, reps, () => new TicketStore(root).loadSync({ workers })), workers: workers.wants(n) ? workers.size : 0, lastShare: share() });
  put('coldIndexOneThread', paired(items, reps, () => new TicketStore(root).loadSync()));
  if (workers.wants(n)) {
    put('coldIndexNewWorkers', paired(items, args.quick ? 1 : 3, () => {
      const fresh = new IndexWorkers({ size: workers.size });
      try { new TicketStore(root).loadSync({ workers: fresh }); } finally { fresh.dispose(); }
    }));
  }

  // Heap held by the index, after GC. Built with workers, the records they read stay unparsed (in
  // their chunks' buffers, outside the JS heap) until something asks for their front matter.
  put('indexHeap', heapFigure(() => new TicketStore(root).loadSync()));
  if (workers.wants(n)) put('indexHeapWorkers', heapFigure(() => new TicketStore(root).loadSync({ workers })));

  // Persisted cache: save once, then warm starts (restore + stat validation).
  const cacheFile = indexCacheFile(cacheDir, root);
  const saved = new TicketStore(root).loadSync();
  const save = saveIndexCacheSync(saved, cacheFile);
  put('cacheSave', { ms: round(time(() => saveIndexCacheSync(saved, cacheFile)), 1), bytesPerTicket: round(save.bytes / Math.max(1, save.written), 0), racy: save.racy });
  let report = restoreIndexSync(new TicketStore(root), cacheFile);
  if (!report.used || report.reread > 0) log(`  note: warm start re-read ${report.reread} tickets (${report.reason ?? 'changed since the save'})`);
  put('warmStart', { ...paired(items, reps, () => { report = restoreIndexSync(new TicketStore(root), cacheFile, { workers }); }), workers: workers.wants(n) ? workers.size : 0 });
  put('warmStartOneThread', paired(items, reps, () => restoreIndexSync(new TicketStore(root), cacheFile)));
  {
    const ms: number[] = [];
    for (let i = 0; i < reps; i++) {
      const s = new TicketStore(root);
      const r = restoreIndexSync(s, cacheFile);
      ms.push(time(() => probeNewRelationsSync(s, r.unprobed)));
    }
    put('warmRelationsProbe', { ...fastFigure(ms, floorMs), note: 'deferred: new relations.json beside cached tickets' });
  }
  put('warmStartFull', paired(items, reps, () => restoreIndexSync(new TicketStore(root), cacheFile, { probeRelations: true, workers })));
  // A restored index keeps most records unparsed (state, relations and an offset into the cache
  // file's bytes, which live outside the JS heap until every record has been parsed).
  put('indexHeapWarm', heapFigure(() => {
    const s = new TicketStore(root);
    restoreIndexSync(s, cacheFile);
    return s;
  }));

  // The extension host's view: async batched loads (as WorkspaceStores runs them) and the longest
  // time the event loop was blocked meanwhile.
  {
    const asyncFigure = async (run: () => Promise<unknown>): Promise<Figure> => {
      gc(); // garbage of earlier measurements would otherwise be collected (blocking) in this one
      const mon = new BlockMonitor();
      mon.start();
      const ms = await timeAsync(run);
      const blocked = mon.stop();
      return { ms: round(ms), ratio: round(ms / floorMs, 3), maxBlockMs: round(blocked.wall, 1), maxBlockCpuMs: round(blocked.cpu, 1) };
    };
    put('asyncColdLoad', await asyncFigure(() => new TicketStore(root).load({ batchSize: 250, workers })));
    put('asyncWarmLoad', await asyncFigure(() => restoreIndex(new TicketStore(root), cacheFile, { batchSize: 250, workers })));
    const s = new TicketStore(root);
    await restoreIndex(s, cacheFile, { batchSize: 250 });
    s.applyChanges([store0Item(s)]); // one re-read record, so the save has something to stat
    put('asyncCacheSave', await asyncFigure(() => saveIndexCache(s, `${cacheFile}.async`, { batchSize: 250 })));
    rmSync(`${cacheFile}.async`, { force: true });
  }

  // Tree: root (groups with counts) and the group nearest 10,000 tickets.
  const store = new TicketStore(root).loadSync();
  const tree = treeProviderFor(store, input.workspace);
  {
    const rootMs: number[] = [];
    let groups: Array<{ kind: string; state?: string }> = [];
    for (let i = 0; i < 20; i++) rootMs.push(time(() => { groups = tree.provider.getChildren() as never; }));
    put('treeRoot', { ...fastFigure(rootMs, floorMs), groups: groups.length });
    const counts = store.countByState();
    const target = Math.min(10000, n);
    const group = (groups as Array<{ kind: 'group'; state?: keyof typeof counts }>).reduce((best, g) => {
      const c = counts[g.state ?? 'unknown'];
      const b = counts[best.state ?? 'unknown'];
      return Math.abs(c - target) < Math.abs(b - target) ? g : best;
    });
    const groupMs: number[] = [];
    const itemMs: number[] = [];
    let children: unknown[] = [];
    for (let i = 0; i < (big ? 3 : 5); i++) {
      groupMs.push(time(() => { children = tree.provider.getChildren(group as never); }));
      itemMs.push(time(() => { for (const c of children) tree.provider.getTreeItem(c as never); }));
    }
    put('treeGroup', { ...fastFigure(groupMs, floorMs), state: group.state, tickets: children.length });
    put('treeGroupItems', { ...fastFigure(itemMs, floorMs), note: `getTreeItem × ${children.length}` });
  }

  // Incremental updates (median of 50 each), undone after every measurement.
  const incrementalReps = args.quick ? 20 : 50;
  const dirtyMarker = join(input.workspace, '.bench-dirty');
  writeFileSync(dirtyMarker, 'incremental edits in progress\n');
  try {
    const ids = store.ids();
    const pick = (k: number) => {
      // A readable ticket in a busy group, away from the ends.
      for (let i = Math.floor(ids.length * k); i < ids.length; i++) if (store.summary(ids[i])!.problems.length === 0 && store.stateOf(ids[i])) return ids[i];
      return ids[0];
    };
    const editId = pick(0.5);
    const p = store.paths(editId);
    const original = readFileSync(p.item, 'utf8');
    const itemMs: number[] = [];
    let refreshed: number | 'all' = 0;
    for (let i = 0; i < incrementalReps; i++) {
      writeFileSync(p.item, original.replace(/^updated_at: .*$/m, `updated_at: '2027-01-01T00:00:${String(i % 60).padStart(2, '0')}Z'`));
      let cs = EMPTY_CS;
      itemMs.push(time(() => { cs = store.applyChanges([p.item]); }));
      refreshed = tree.change(cs);
      writeFileSync(p.item, original);
      store.applyChanges([p.item]);
    }
    put('incrItemChange', { ...fastFigure(itemMs, floorMs), treeNodesRefreshed: refreshed });

    const threadId = pick(0.6);
    const tp = store.paths(threadId).thread;
    const threadSize = existsSync(tp) ? statSync(tp).size : -1;
    const threadMs: number[] = [];
    for (let i = 0; i < incrementalReps; i++) {
      appendFileSync(tp, `\n<!-- event: comment author: bench at: 2027-01-01T00:00:00Z -->\n\n## Comment\n\nbench ${i}\n\n---\n`);
      let cs = EMPTY_CS;
      threadMs.push(time(() => { cs = store.applyChanges([tp]); }));
      refreshed = tree.change(cs);
      if (threadSize >= 0) truncateSync(tp, threadSize);
      else rmSync(tp, { force: true });
      store.applyChanges([tp]);
    }
    put('incrThreadAppend', { ...fastFigure(threadMs, floorMs), treeNodesRefreshed: refreshed });

    const addMs: number[] = [];
    const base = Date.UTC(2030, 0, 1);
    for (let i = 0; i < incrementalReps; i++) {
      const id = encodeId(base + i);
      const dir = join(root, id);
      mkdirSync(join(dir, 'artifacts'), { recursive: true });
      writeFileSync(join(dir, 'item.md'), `---\ntitle: 'bench ${i}'\nstate: 'planning'\ncreated_at: '2030-01-01T00:00:00Z'\nupdated_at: '2030-01-01T00:00:00Z'\n---\n\nbench\n`);
      writeFileSync(join(dir, 'thread.md'), '<!-- event: create author: bench at: 2030-01-01T00:00:00Z -->\n\n## Created\n\nbench\n\n---\n');
      let cs = EMPTY_CS;
      addMs.push(time(() => { cs = store.applyChanges([dir, join(dir, 'item.md'), join(dir, 'thread.md'), join(dir, 'artifacts')]); }));
      refreshed = tree.change(cs);
      rmSync(dir, { recursive: true, force: true });
      store.applyChanges([dir]);
    }
    put('incrTicketAdded', { ...fastFigure(addMs, floorMs), treeNodesRefreshed: refreshed });

    const removeId = pick(0.4);
    const rdir = store.paths(removeId).dir;
    const aside = join(input.workspace, `.bench-moved-${removeId}`);
    const removeMs: number[] = [];
    for (let i = 0; i < incrementalReps; i++) {
      renameSync(rdir, aside);
      let cs = EMPTY_CS;
      try {
        removeMs.push(time(() => { cs = store.applyChanges([rdir]); }));
        refreshed = tree.change(cs);
      } finally {
        renameSync(aside, rdir);
      }
      store.applyChanges([rdir]);
    }
    put('incrTicketRemoved', { ...fastFigure(removeMs, floorMs), treeNodesRefreshed: refreshed });
    const cold = new TicketStore(root).loadSync();
    if (JSON.stringify(cold.snapshot()) !== JSON.stringify(store.snapshot())) throw new Error(`${input.name}: the index after the incremental edits differs from a cold rebuild`);
  } finally {
    rmSync(dirtyMarker, { force: true });
  }

  // Doctor over the whole store (every file of every ticket).
  {
    let runDoctor: ((s: TicketStore) => unknown[]) | undefined;
    try {
      runDoctor = (require('../src/core/doctor/doctor') as { runDoctor: typeof runDoctor }).runDoctor;
    } catch {
      runDoctor = undefined;
    }
    if (!runDoctor) put('doctor', { note: 'not yet available (src/core/doctor missing)' });
    else if (args.skipDoctor) put('doctor', { note: 'skipped (--skip-doctor)' });
    else {
      let findings = 0;
      put('doctor', { ...paired(items, n >= 10000 || args.quick ? 1 : 3, () => { findings = runDoctor!(store).length; }), findings });
    }
  }
  return { tickets: n, floorMs, figures };
}

// ---- figures that are not about one store --------------------------------------------------------

async function globalFigures(corpus: StoreInput | undefined, args: Args): Promise<Record<string, Figure>> {
  const figures: Record<string, Figure> = {};
  const put = (k: string, f: Figure) => {
    figures[k] = f;
    log(`  ${k.padEnd(24)} ${f.ms !== undefined ? `${f.ms} ms`.padStart(12) : ''}${f.note ? `  (${f.note})` : ''}`);
  };
  log('\n— ticket view and plugin inspector');
  let view: typeof import('../src/core/ticketView/viewModel') | undefined;
  try {
    view = require('../src/core/ticketView/viewModel');
  } catch {
    view = undefined;
  }
  if (!view) {
    put('ticketViewLargestThread', { note: 'not yet available (src/core/ticketView missing)' });
    put('ticketView5MBThread', { note: 'not yet available (src/core/ticketView missing)' });
  } else {
    if (corpus) {
      const store = new TicketStore(corpus.ticketsRoot).loadSync();
      let largest = '';
      let size = -1;
      for (const id of store.ids()) {
        const t = store.paths(id).thread;
        const s = existsSync(t) ? statSync(t).size : -1;
        if (s > size) { size = s; largest = id; }
      }
      const ms: number[] = [];
      for (let i = 0; i < 20; i++) ms.push(time(() => view!.readTicketView(store, largest, { now: new Date('2026-08-01T00:00:00Z') })));
      put('ticketViewLargestThread', { ms: round(median(ms), 2), runs: ms.length, ticket: largest, threadBytes: size });
    } else {
      put('ticketViewLargestThread', { note: 'corpus (../shared) not present' });
    }
    const text = syntheticThread(5 * 1024 * 1024);
    const ms: number[] = [];
    let events = 0;
    for (let i = 0; i < (args.quick ? 3 : 5); i++) ms.push(time(() => { events = view!.buildSnapshotForThread(text).timeline.events.length; }));
    put('ticketView5MBThread', { ms: round(median(ms), 1), runs: ms.length, threadBytes: Buffer.byteLength(text), events });
  }

  let pluginMod: typeof import('../src/core/plugins/pluginInspector') | undefined;
  try {
    pluginMod = require('../src/core/plugins/pluginInspector');
  } catch {
    pluginMod = undefined;
  }
  const workerPath = join(repoRoot, 'dist', 'pluginWorker.js');
  const wasmDir = join(process.env.YOI_SHARED_DIR ?? resolve(repoRoot, '..', 'shared'), 'fixtures', 'wasm');
  const small = join(wasmDir, 'tool-valid.component.wasm');
  const large = join(wasmDir, 'big-4mib.component.wasm');
  if (!pluginMod || !existsSync(workerPath)) {
    for (const k of ['pluginColdSmall', 'pluginWarmSmall', 'pluginCold4MiB', 'pluginWarm4MiB']) put(k, { note: 'not yet available (plugin inspector or dist/pluginWorker.js missing; run npm run build)' });
  } else if (!existsSync(small) || !existsSync(large)) {
    for (const k of ['pluginColdSmall', 'pluginWarmSmall', 'pluginCold4MiB', 'pluginWarm4MiB']) put(k, { note: '../shared/fixtures/wasm not present' });
  } else {
    const { PluginInspector } = pluginMod;
    for (const [label, file] of [['Small', small], ['4MiB', large]] as const) {
      // A plain Uint8Array: analyze() copies with .slice() and transfers the copy's buffer, and
      // Buffer.prototype.slice does not copy.
      const bytes = new Uint8Array(readFileSync(file));
      const cold: number[] = [];
      const warm: number[] = [];
      for (let i = 0; i < (args.quick ? 2 : 3); i++) {
        const inspector = new PluginInspector({ workerPath, idleMs: 0 });
        try {
          cold.push(await timeAsync(() => inspector.analyze(bytes)));
          for (let k = 0; k < 4; k++) warm.push(await timeAsync(() => inspector.analyze(bytes)));
        } finally {
          await inspector.dispose();
        }
      }
      put(`pluginCold${label}`, { ms: round(median(cold), 1), runs: cold.length, bytes: bytes.length, note: 'new worker + analysis' });
      put(`pluginWarm${label}`, { ms: round(median(warm), 1), runs: warm.length, bytes: bytes.length });
    }
  }
  return figures;
}

// ---- targets --------------------------------------------------------------------------------------

function evaluateTargets(r: BenchResult): TargetResult[] {
  const out: TargetResult[] = [];
  const fig = (store: string, k: string) => r.stores[store]?.figures[k];
  const add = (target: string, figure: string, limit: string, actual: number | undefined, ok: (x: number) => boolean) =>
    out.push({ target, figure, limit, actual: actual === undefined ? undefined : round(actual, 3), met: actual === undefined ? undefined : ok(actual) });
  add('Cold index of 10,000 tickets within 2× the floor', 'synthetic-10000.coldIndex.ratio', '≤ 2', fig('synthetic-10000', 'coldIndex')?.ratio, (x) => x <= 2);
  add('Cold index of 50,000 tickets under 3 s', 'synthetic-50000.coldIndex.ms', '< 3000 ms', fig('synthetic-50000', 'coldIndex')?.ms, (x) => x < 3000);
  add('Warm start of 10,000 tickets within 0.75× the floor', 'synthetic-10000.warmStart.ratio', '≤ 0.75', fig('synthetic-10000', 'warmStart')?.ratio, (x) => x <= 0.75);
  add('Warm start incl. the relations.json probe (10,000; stretch: the extension defers that probe)', 'synthetic-10000.warmStartFull.ratio', '≤ 0.75', fig('synthetic-10000', 'warmStartFull')?.ratio, (x) => x <= 0.75);
  for (const k of ['incrItemChange', 'incrThreadAppend', 'incrTicketAdded', 'incrTicketRemoved']) {
    add(`Incremental update (${k}) under 2 ms core time, 10,000 tickets`, `synthetic-10000.${k}.ms`, '< 2 ms', fig('synthetic-10000', k)?.ms, (x) => x < 2);
  }
  add('Ticket view snapshot, largest real thread, under 20 ms', 'global.ticketViewLargestThread.ms', '< 20 ms', r.global.figures.ticketViewLargestThread?.ms, (x) => x < 20);
  add('Ticket view snapshot, 5 MB thread, under 300 ms', 'global.ticketView5MBThread.ms', '< 300 ms', r.global.figures.ticketView5MBThread?.ms, (x) => x < 300);
  add('Index heap under 3 MB per 1,000 tickets (10,000)', 'synthetic-10000.indexHeap.value', '< 3 MB', fig('synthetic-10000', 'indexHeap')?.value, (x) => x < 3);
  add('Index heap under 3 MB per 1,000 tickets (50,000)', 'synthetic-50000.indexHeap.value', '< 3 MB', fig('synthetic-50000', 'indexHeap')?.value, (x) => x < 3);
  // CPU time of the longest gap: on a shared machine the wall-clock gap also holds other processes' turns.
  add('Event loop blocked while indexing 50,000 (async cold load; CPU ms of the longest gap)', 'synthetic-50000.asyncColdLoad.maxBlockCpuMs', '≤ 50 ms', fig('synthetic-50000', 'asyncColdLoad')?.maxBlockCpuMs as number | undefined, (x) => x <= 50);
  add('Event loop blocked while restoring 50,000 from the cache (CPU ms)', 'synthetic-50000.asyncWarmLoad.maxBlockCpuMs', '≤ 50 ms', fig('synthetic-50000', 'asyncWarmLoad')?.maxBlockCpuMs as number | undefined, (x) => x <= 50);
  add('Event loop blocked while saving the cache of 50,000 (CPU ms)', 'synthetic-50000.asyncCacheSave.maxBlockCpuMs', '≤ 50 ms', fig('synthetic-50000', 'asyncCacheSave')?.maxBlockCpuMs as number | undefined, (x) => x <= 50);
  return out;
}

// ---- output ---------------------------------------------------------------------------------------

function table(r: BenchResult): string {
  const names = Object.keys(r.stores);
  const keys = [...new Set(names.flatMap((n) => Object.keys(r.stores[n].figures)))];
  const cell = (f: Figure | undefined) => {
    if (!f) return '—';
    if (f.ms !== undefined) return `${f.ms} ms${f.ratio !== undefined ? ` (×${f.ratio})` : ''}`;
    if (f.value !== undefined) return `${f.value}`;
    return f.note ? 'n/a' : '—';
  };
  const rows = [['figure', ...names.map((n) => `${n} (${r.stores[n].tickets})`)], ['floor', ...names.map((n) => `${r.stores[n].floorMs} ms`)]];
  for (const k of keys) rows.push([k, ...names.map((n) => cell(r.stores[n].figures[k]))]);
  for (const [k, f] of Object.entries(r.global.figures)) rows.push([k, cell(f), ...names.slice(1).map(() => '')]);
  const w = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const lines = rows.map((row) => row.map((c, i) => c.padEnd(w[i])).join('  '));
  lines.push('', 'targets:');
  for (const t of r.targets) lines.push(`  ${t.met === undefined ? '  –' : t.met ? ' ok' : 'MISS'}  ${t.target}: ${t.actual ?? 'not measured'} (${t.limit})`);
  return lines.join('\n');
}

function markdown(r: BenchResult): string {
  const names = Object.keys(r.stores);
  const keys = [...new Set(names.flatMap((n) => Object.keys(r.stores[n].figures)))];
  const cell = (f: Figure | undefined) => (!f ? '—' : f.ms !== undefined ? `${f.ms} ms${f.ratio !== undefined ? ` (${f.ratio}×)` : ''}` : f.value !== undefined ? `${f.value}` : 'n/a');
  const out = [`| figure | ${names.map((n) => `${n} (${r.stores[n].tickets})`).join(' | ')} |`, `|---|${names.map(() => '---|').join('')}`];
  out.push(`| floor | ${names.map((n) => `${r.stores[n].floorMs} ms`).join(' | ')} |`);
  for (const k of keys) out.push(`| ${k} | ${names.map((n) => cell(r.stores[n].figures[k])).join(' | ')} |`);
  return out.join('\n');
}

function machine(): Record<string, unknown> {
  const c = cpus();
  return {
    cpus: c.length, cpuModel: c[0]?.model, memGB: round(totalmem() / 2 ** 30, 1), freeGB: round(freemem() / 2 ** 30, 1),
    loadavg: loadavg().map((x) => round(x, 2)), node: process.version, platform: `${platform()} ${release()} ${arch()}`,
  };
}

// ---- main -----------------------------------------------------------------------------------------

export async function main(argv = process.argv.slice(2)): Promise<BenchResult> {
  const args = parseArgs(argv);
  const t0 = performance.now();
  const cacheDir = join(defaultCacheDir, 'index-cache');
  const inputs: StoreInput[] = [];
  const shared = process.env.YOI_SHARED_DIR ?? resolve(repoRoot, '..', 'shared');
  const corpusSrc = join(shared, 'corpus', 'yoi-a8c27f57');
  let corpusInput: StoreInput | undefined;
  if (args.corpus && existsSync(corpusSrc)) {
    // The corpus is read-only: measure a temp copy (incremental edits write to it).
    const dir = mkdtempSync(join(tmpdir(), 'yoi-bench-corpus-'));
    cpSync(corpusSrc, dir, { recursive: true });
    corpusInput = { name: 'corpus', workspace: dir, ticketsRoot: join(dir, '.yoi', 'tickets'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    inputs.push(corpusInput);
  } else if (args.corpus) {
    log(`corpus not found at ${corpusSrc}; measuring synthetic stores only`);
  }
  for (const size of args.sizes) {
    const marker = (ws: string) => join(ws, '.bench-dirty');
    let s = ensureSyntheticStore(size, { log });
    if (existsSync(marker(s.workspace))) {
      log(`${s.workspace} was left mid-edit by an interrupted run; regenerating`);
      rmSync(join(s.workspace, '.complete'), { force: true });
      s = ensureSyntheticStore(size, { log });
    }
    inputs.push({ name: `synthetic-${size}`, workspace: s.workspace, ticketsRoot: s.ticketsRoot });
  }
  // Files copied a moment ago are too fresh for the cache's racy-stamp rule (2 s).
  await sleep(2100);

  const result: BenchResult = {
    schema: BENCH_SCHEMA, date: new Date().toISOString(), machine: machine(),
    options: { sizes: args.sizes, quick: args.quick, corpus: !!corpusInput }, stores: {}, global: { floorPer1000Ms: NaN, figures: {} }, targets: [],
  };
  // One pool for the whole run, as the extension keeps one for all its stores.
  const workers = new IndexWorkers();
  result.options.indexWorkers = workers.size;
  try {
    for (const input of inputs) result.stores[input.name] = await benchStore(input, args, cacheDir, workers);
    const largest = Object.values(result.stores).reduce((a, b) => (b.tickets > a.tickets ? b : a), { tickets: 0, floorMs: NaN, figures: {} } as StoreResult);
    result.global.floorPer1000Ms = round((largest.floorMs / Math.max(1, largest.tickets)) * 1000, 3);
    result.global.figures = await globalFigures(corpusInput, args);
    for (const f of Object.values(result.global.figures)) if (f.ms !== undefined) f.ratio = round(f.ms / result.global.floorPer1000Ms, 3);
  } finally {
    workers.dispose();
    for (const i of inputs) i.cleanup?.();
  }
  result.targets = evaluateTargets(result);
  result.machine.benchSeconds = round((performance.now() - t0) / 1000, 1);
  log('\n' + table(result));
  if (args.markdown) log('\n' + markdown(result));
  if (args.compare) {
    const baseline = JSON.parse(readFileSync(args.compare, 'utf8')) as BenchResult;
    result.comparison = compareResults(baseline, result);
    log(`\ncompared with ${args.compare}: ${result.comparison.regressions.length} ratio(s) grew by more than 25%`);
    for (const c of result.comparison.rows) if (c.flag) log(`  REGRESSION ${c.figure}: ×${c.baseline} → ×${c.current} (+${Math.round(c.growth * 100)}%)`);
  }
  const json = JSON.stringify(result, null, 2);
  if (args.out) writeFileSync(args.out, json + '\n');
  process.stdout.write(json + '\n');
  return result;
}

if (require.main === module) {
  main()
    .then((r) => process.exit(r.comparison && r.comparison.regressions.length ? 1 : 0))
    .catch((e) => {
      process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(2);
    });
}
