// `npm run bench:vscode` (not part of the integration run): figures that need the real extension
// host. Prints one `YOI_BENCH {json}` line that bench/vscode.ts collects.
//   activationMs          activate() itself (synchronous; stores load after it returns)
//   loadMs                activation start → initial index built (restored or cold)
//   firstTreePaintHostMs  loadMs + the root getChildren: when the tree can first show its groups
//   changeToEventMs       file written on disk → onDidChangeTreeData fired (watcher + 60 ms coalescing + update)
//   changeToChildrenMs    file written on disk → VS Code re-requested the affected group and got it
//   warmReloadMs          Refresh with the persisted index present (restore + stat validation)
//   coldReloadMs          Refresh without it (every item.md read)
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { api, waitFor } from '../../util';
import type { YoiApi } from '../../../../src/extension';
import type { TicketTreeNode } from '../../../../src/vscode/tickets/ticketTree';
import { TICKET_STATES, TicketState } from '../../../../src/core/states';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const round = (x: number) => Math.round(x * 10) / 10;

/** Resolves when the event loop has run timers on time for `quietMs` (initial work is done). */
async function settle(quietMs = 1000, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    const t = performance.now();
    await new Promise((r) => setTimeout(r, 20));
    if (performance.now() - t > 60) quietSince = Date.now();
    if (Date.now() - quietSince >= quietMs) return;
  }
}

describe('bench (real extension host)', () => {
  it('activation, first tree paint, change → tree latency', async function () {
    this.timeout(600_000);
    const y = await api<YoiApi>();
    const stores = y.stores;
    await stores.ready();
    const f = stores.all()[0];
    assert.ok(f?.loaded, 'store loaded');
    const figures: Record<string, unknown> = { label: process.env.YOI_BENCH_LABEL ?? 'workspace', tickets: f.main.size, vscode: vscode.version, node: process.version };
    figures.activationMs = round(y.activationMs);
    figures.loadMs = round((f.loadedAt ?? NaN) - stores.createdAt);
    let groups: TicketTreeNode[] = [];
    const t0 = performance.now();
    groups = y.ticketTree.getChildren() as TicketTreeNode[];
    figures.rootChildrenMs = round(performance.now() - t0);
    figures.firstTreePaintHostMs = round((figures.loadMs as number) + (figures.rootChildrenMs as number));
    assert.ok(groups.length > 0, 'the tree has groups');

    // The driver opens the yoi container, so VS Code itself asks for the expanded groups.
    const visible = await waitFor(() => y.ticketsView.visible, 'Tickets view visible', 90_000).then(() => true, () => false);
    figures.viewVisible = visible;
    await settle();

    // An expanded group with tickets: the first non-closed state that has some.
    const counts = f.main.countByState();
    const state = TICKET_STATES.find((s) => s !== 'closed' && counts[s] > 0) as TicketState;
    const id = f.main.summaries({ states: [state] })[0].id;
    const item = f.main.paths(id).item;
    const original = readFileSync(item, 'utf8');
    const provider = y.ticketTree;
    const calls: Array<{ at: number; state: TicketState | undefined }> = [];
    const getChildren = provider.getChildren.bind(provider);
    provider.getChildren = (node?: TicketTreeNode) => {
      const r = getChildren(node);
      if (node?.kind === 'group') calls.push({ at: performance.now(), state: node.state });
      return r;
    };
    let lastEvent = 0;
    const sub = provider.onDidChangeTreeData(() => (lastEvent = performance.now()));
    const toEvent: number[] = [];
    const toChildren: number[] = [];
    try {
      for (let i = 0; i < 7; i++) {
        const title = `bench edit ${i} ${Date.now()}`;
        const start = performance.now();
        writeFileSync(item, original.replace(/^title: .*$/m, `title: '${title}'`));
        await waitFor(() => lastEvent > start, 'tree change event', 20_000);
        toEvent.push(lastEvent - start);
        if (visible) {
          const got = await waitFor(() => calls.find((c) => c.at > start && c.state === state), 'group re-requested', 20_000).catch(() => undefined);
          if (got) toChildren.push(got.at - start);
        }
        await waitFor(() => f.main.summary(id)?.title === title, 'index updated', 20_000);
        await new Promise((r) => setTimeout(r, 300));
      }
    } finally {
      writeFileSync(item, original);
      sub.dispose();
      provider.getChildren = getChildren;
    }
    figures.changeToEventMs = round(median(toEvent));
    figures.changeToChildrenMs = toChildren.length ? round(median(toChildren)) : null;
    figures.changeSamples = toEvent.length;
    figures.treeStats = { ...provider.stats };

    // Warm vs cold reload in this host (the Refresh command reloads every store): once the
    // persisted index has been written, then again without it.
    const cacheFile = stores.cacheFileOf(f.main);
    if (cacheFile) {
      await waitFor(() => existsSync(cacheFile), 'persisted index written', 60_000);
      await new Promise((r) => setTimeout(r, 4000)); // the save after the edits above
      await settle();
      const reload = async () => {
        const start = performance.now();
        await stores.reloadAll();
        const g = stores.all()[0];
        return round((g.loadedAt ?? NaN) - start);
      };
      const warm: number[] = [];
      for (let i = 0; i < 3; i++) { warm.push(await reload()); await settle(500); }
      figures.warmReloadMs = round(median(warm));
      const cold: number[] = [];
      for (let i = 0; i < 3; i++) { rmSync(cacheFile, { force: true }); cold.push(await reload()); await settle(500); }
      figures.coldReloadMs = round(median(cold));
    }
    console.log(`YOI_BENCH ${JSON.stringify(figures)}`);
  });
});
