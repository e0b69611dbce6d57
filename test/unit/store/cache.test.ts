// The persisted index cache (warm start): a restored index equals a cold build — on the corpus, on
// synthetic stores with malformed tickets, after edits made while "VS Code was closed", and for
// random edit sequences (property). Damaged or foreign cache files fall back to a cold build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { corpusDir, requireShared, tempCopy } from '../helpers/shared';
import { TicketStore } from '../../../src/core/store/ticketStore';
import { indexCacheFile, probeNewRelations, probeNewRelationsSync, restoreIndex, restoreIndexSync, saveIndexCache, saveIndexCacheSync } from '../../../src/core/store/cache';
import { writeSyntheticWorkspace, syntheticId } from '../../../bench/generate';

const ticketsRoot = join(corpusDir, '.yoi', 'tickets');
/** Tests write files and read them a moment later; 50 ms is well above the file-system clock
 * granularity here (production uses 2 s). */
const SLACK = { racySlackMs: 50 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cold = (root: string) => new TicketStore(root).loadSync().snapshot();

function tempDir(prefix: string): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

test('corpus: save → restore reuses all 352 tickets and equals a cold build', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const tmp = tempDir('yoi-cache-');
  try {
    const file = indexCacheFile(tmp.dir, ticketsRoot);
    const a = new TicketStore(ticketsRoot).loadSync();
    const saved = saveIndexCacheSync(a, file);
    assert.equal(saved.written, 352);
    assert.equal(saved.racy, 0);
    const b = new TicketStore(ticketsRoot);
    const r = restoreIndexSync(b, file);
    assert.deepEqual([r.used, r.reused, r.reread, r.dropped], [true, 352, 0, 0]);
    // Counts and blockers come from the eagerly restored state and relations…
    assert.deepEqual(b.countByState(), a.countByState());
    assert.deepEqual(b.blockers('00001KVFDX9AY'), a.blockers('00001KVFDX9AY'));
    // …and everything else equals a cold build once parsed.
    assert.deepEqual(b.snapshot(), a.snapshot());
    assert.equal(r.unprobed.length, 352 - 72);
    assert.deepEqual(probeNewRelationsSync(b, r.unprobed).changed, []);
    // Saving a restored index copies the unparsed records verbatim.
    const c = new TicketStore(ticketsRoot);
    restoreIndexSync(c, file);
    saveIndexCacheSync(c, file);
    const d = new TicketStore(ticketsRoot);
    assert.equal(restoreIndexSync(d, file).reused, 352);
    assert.deepEqual(d.snapshot(), a.snapshot());
  } finally {
    tmp.dispose();
  }
});

test('synthetic store with malformed tickets: restore == cold build, fast reader == reference reader', async () => {
  const ws = tempDir('yoi-cache-syn-');
  const cacheDir = tempDir('yoi-cache-dir-');
  try {
    writeSyntheticWorkspace(ws.dir, 1000); // every malformation kind appears once per 970 tickets
    const root = join(ws.dir, '.yoi', 'tickets');
    await sleep(80);
    const a = new TicketStore(root).loadSync();
    const problems = new Set(a.summaries().flatMap((s) => s.problems.map((p) => p.code)));
    for (const code of ['item.invalid-yaml', 'item.unterminated-front-matter', 'item.no-front-matter', 'relations.invalid-json', 'relations.dangling-target', 'item.invalid-state']) {
      assert.ok(problems.has(code), `synthetic store has a ${code} ticket`);
    }
    const file = indexCacheFile(cacheDir.dir, root);
    const saved = saveIndexCacheSync(a, file, SLACK);
    assert.equal(saved.written, 1000);
    const b = new TicketStore(root);
    const r = restoreIndexSync(b, file, SLACK);
    assert.deepEqual([r.reused, r.reread], [1000, 0]);
    assert.deepEqual(b.snapshot(), a.snapshot());
    // The async variants (extension host) give the same index.
    await saveIndexCache(a, file, { ...SLACK, batchSize: 37 });
    const c = new TicketStore(root);
    let yields = 0;
    const rc = await restoreIndex(c, file, { ...SLACK, batchSize: 50, yield: async () => void yields++ });
    assert.equal(rc.reused, 1000);
    assert.ok(yields >= 20);
    assert.deepEqual(c.snapshot(), a.snapshot());
    assert.deepEqual((await probeNewRelations(c, rc.unprobed, { batchSize: 33 })).added, []);
    // The index's fast path and the full parser (gray-matter + yaml) agree on every ticket.
    const { parseItem } = await import('../../../src/core/ticket/item');
    for (const s of a.summaries()) {
      const text = readFileSync(s.paths.item, 'utf8');
      const ref = parseItem(text, s.paths.item, { reader: 'reference' });
      assert.deepEqual(s.frontMatter, ref.data, s.id);
      assert.equal(s.state, ref.fields.state, s.id);
      assert.equal(s.title, ref.fields.title ?? '', s.id);
      const itemProblems = s.problems.filter((p) => p.file === s.paths.item);
      assert.deepEqual(itemProblems, ref.problems, s.id);
    }
  } finally {
    ws.dispose();
    cacheDir.dispose();
  }
});

test('edits while closed: changed, same-size, added, removed tickets and relations files are caught', async (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const tmp = tempCopy(ticketsRoot);
  const cacheDir = tempDir('yoi-cache-dir-');
  try {
    const root = tmp.dir;
    await sleep(80);
    const file = indexCacheFile(cacheDir.dir, root);
    saveIndexCacheSync(new TicketStore(root).loadSync(), file, SLACK);
    await sleep(20);
    // Same size, same mtime second: only the content (and ctime) differ.
    const same = join(root, '00001KXMK846H', 'item.md');
    const text = readFileSync(same, 'utf8');
    const st = statSync(same);
    writeFileSync(same, text.replace("state: 'ready'", "state: 'queue'"));
    utimesSync(same, st.atime, st.mtime);
    assert.equal(statSync(same).size, st.size);
    // Grown item.md, a removed ticket, an added ticket.
    appendFileSync(join(root, '00001KSKBP8Z8', 'item.md'), '\nmore body\n');
    rmSync(join(root, '00001KSKBP9YG'), { recursive: true });
    mkdirSync(join(root, '00001KZ0000A0', 'artifacts'), { recursive: true });
    writeFileSync(join(root, '00001KZ0000A0', 'item.md'), "---\ntitle: 'New'\nstate: 'ready'\ncreated_at: '2026-08-01T00:00:00Z'\nupdated_at: '2026-08-01T00:00:00Z'\n---\n");
    // relations.json: one edited, one deleted, one created beside a ticket that had none.
    const edited = join(root, '00001KVFDX9AY', 'artifacts', 'relations.json');
    writeFileSync(edited, readFileSync(edited, 'utf8').replace('"related"', '"blocks"'));
    rmSync(join(root, '00001KXNYXNM6', 'artifacts', 'relations.json'));
    const created = join(root, '00001KSKBPDVG', 'artifacts', 'relations.json');
    writeFileSync(created, JSON.stringify({ version: 1, relations: [{ ticket_id: '00001KSKBPDVG', kind: 'depends_on', target: '00001KXMK846H', author: 'a', at: '2026-08-01T00:00:00Z' }] }, null, 2));
    const s = new TicketStore(root);
    const r = restoreIndexSync(s, file, SLACK);
    assert.equal(r.dropped, 1);
    assert.equal(r.reread, 5); // same-size item, grown item, new ticket, edited + deleted relations
    assert.equal(s.stateOf('00001KXMK846H'), null); // 'queue' is not a state: re-read, not stale
    // The new relations.json beside a cached ticket is found by the deferred probe.
    assert.notDeepEqual(s.snapshot(), cold(root));
    const cs = probeNewRelationsSync(s, r.unprobed);
    assert.deepEqual(cs.changed, ['00001KSKBPDVG']);
    assert.deepEqual(s.snapshot(), cold(root));
    // …or by the restore itself when asked to probe.
    const s2 = new TicketStore(root);
    restoreIndexSync(s2, file, { ...SLACK, probeRelations: true });
    assert.deepEqual(s2.snapshot(), cold(root));
  } finally {
    tmp.dispose();
    cacheDir.dispose();
  }
});

test('root listing: an unchanged root is not listed again; added, removed and renamed folders are caught', async () => {
  const tmp = tempDir('yoi-cache-listing-');
  const cacheDir = tempDir('yoi-cache-dir-');
  try {
    writeSyntheticWorkspace(tmp.dir, 60);
    const root = join(tmp.dir, '.yoi', 'tickets');
    // Entries that are not tickets: a file, a legacy bucket (a root problem), a dot file.
    writeFileSync(join(root, 'notes.txt'), 'x\n');
    mkdirSync(join(root, 'open'));
    writeFileSync(join(root, '.lock'), '');
    const file = indexCacheFile(cacheDir.dir, root);
    const same = async (expectListing: boolean) => {
      const s = new TicketStore(root);
      const r = restoreIndexSync(s, file, SLACK);
      assert.equal(r.listingReused, expectListing);
      const c = new TicketStore(root).loadSync();
      assert.deepEqual(s.snapshot(), c.snapshot());
      assert.deepEqual(s.problems, c.problems);
      const a = new TicketStore(root);
      assert.equal((await restoreIndex(a, file, SLACK)).listingReused, expectListing);
      assert.deepEqual(a.snapshot(), c.snapshot());
      return r;
    };
    const save = async () => {
      await sleep(80); // past the slack: the root's stamp can be trusted
      saveIndexCacheSync(new TicketStore(root).loadSync(), file, SLACK);
    };
    await save();
    const r = await same(true);
    assert.equal(r.reused, 60);
    assert.equal(new TicketStore(root).loadSync().problems.length, 1); // the legacy bucket
    // A folder that is not a ticket yet: the root changed, so it is listed again.
    const late = syntheticId(5000);
    mkdirSync(join(root, late));
    await same(false);
    await save();
    // item.md appears later (the root itself does not change): found from the cached listing.
    writeFileSync(join(root, late, 'item.md'), "---\ntitle: 'Late'\nstate: 'ready'\ncreated_at: '2026-08-01T00:00:00Z'\nupdated_at: '2026-08-01T00:00:00Z'\n---\n");
    assert.equal((await same(true)).reread, 3); // the new ticket, notes.txt, open/
    await save();
    // Removed and renamed ticket folders.
    const ids = new TicketStore(root).loadSync().ids();
    rmSync(join(root, ids[3]), { recursive: true });
    await same(false);
    await save();
    renameSync(join(root, ids[4]), join(root, syntheticId(6000)));
    await same(false);
    await save();
    await same(true);
  } finally {
    tmp.dispose();
    cacheDir.dispose();
  }
});

test('racy stamps: files changed right before they were read are left out and re-read', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const tmp = tempCopy(ticketsRoot);
  const cacheDir = tempDir('yoi-cache-dir-');
  try {
    const root = tmp.dir;
    // Copied a moment ago (well within a minute, however slow the machine): nothing can be
    // trusted yet with a one-minute slack.
    const a = new TicketStore(root).loadSync();
    const file = indexCacheFile(cacheDir.dir, root);
    const saved = saveIndexCacheSync(a, file, { racySlackMs: 60_000 });
    assert.equal(saved.written, 0);
    assert.equal(saved.racy, 352);
    const r = restoreIndexSync(new TicketStore(root), file);
    assert.deepEqual([r.used, r.reused, r.reread], [true, 0, 352]);
  } finally {
    tmp.dispose();
    cacheDir.dispose();
  }
});

test('damaged, foreign or outdated cache files fall back to a cold build', async (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const cacheDir = tempDir('yoi-cache-dir-');
  try {
    const file = indexCacheFile(cacheDir.dir, ticketsRoot);
    const a = new TicketStore(ticketsRoot).loadSync();
    saveIndexCacheSync(a, file, { salt: '1.0.0' });
    const good = readFileSync(file);
    const expectCold = (reason: RegExp, opts: { salt?: string } = { salt: '1.0.0' }) => {
      const s = new TicketStore(ticketsRoot);
      const r = restoreIndexSync(s, file, opts);
      assert.equal(r.used, false);
      assert.match(r.reason ?? '', reason);
      assert.deepEqual(s.snapshot(), a.snapshot());
    };
    expectCold(/salt/, { salt: '1.0.1' });
    writeFileSync(file, good.subarray(0, good.length - 100));
    expectCold(/truncated/);
    writeFileSync(file, 'not a cache');
    expectCold(/format/);
    rmSync(file);
    expectCold(/no cache/);
    // A cache of another root (same file name by accident) is ignored.
    writeFileSync(file, good);
    const other = tempCopy(ticketsRoot);
    try {
      const s = new TicketStore(other.dir);
      assert.match(restoreIndexSync(s, file, { salt: '1.0.0' }).reason ?? '', /another root/);
    } finally {
      other.dispose();
    }
    // A damaged record segment (the stamps still match): the record is re-read when parsed.
    const bad = Buffer.from(good);
    const at = bad.indexOf('"title"', bad.length - 20000);
    bad.write('\u0001', at + 1, 'latin1');
    writeFileSync(file, bad);
    const s = new TicketStore(ticketsRoot);
    assert.equal(restoreIndexSync(s, file, { salt: '1.0.0' }).reused, 352);
    assert.deepEqual(s.snapshot(), a.snapshot());
  } finally {
    cacheDir.dispose();
  }
});

// ---- property: any edits between save and restore ------------------------------------------------

const IDS = Array.from({ length: 8 }, (_, i) => syntheticId(i));

type Op =
  | { op: 'title'; t: number; title: string }
  | { op: 'flip'; t: number }
  | { op: 'state'; t: number; state: string }
  | { op: 'delete'; t: number }
  | { op: 'create'; t: number; state: string }
  | { op: 'relations'; t: number; targets: number[] }
  | { op: 'dropRelations'; t: number }
  | { op: 'corrupt'; t: number }
  | { op: 'thread'; t: number }
  | { op: 'restoreNow' }
  | { op: 'saveNow' };

const idx = fc.nat({ max: IDS.length - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('title' as const), t: idx, title: fc.string({ maxLength: 12 }) }),
  // Same-size edit: swaps one character of the title.
  fc.record({ op: fc.constant('flip' as const), t: idx }),
  fc.record({ op: fc.constant('state' as const), t: idx, state: fc.constantFrom('planning', 'ready', 'queued', 'inprogress', 'done', 'closed', 'bogus') }),
  fc.record({ op: fc.constant('delete' as const), t: idx }),
  fc.record({ op: fc.constant('create' as const), t: idx, state: fc.constantFrom('planning', 'ready', 'done') }),
  fc.record({ op: fc.constant('relations' as const), t: idx, targets: fc.array(idx, { maxLength: 3 }) }),
  fc.record({ op: fc.constant('dropRelations' as const), t: idx }),
  fc.record({ op: fc.constant('corrupt' as const), t: idx }),
  fc.record({ op: fc.constant('thread' as const), t: idx }),
  fc.constant({ op: 'restoreNow' as const }),
  fc.constant({ op: 'saveNow' as const }),
);

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

function edit(root: string, o: Exclude<Op, { op: 'restoreNow' } | { op: 'saveNow' }>): string[] {
  const id = IDS[o.t];
  const dir = join(root, id);
  const item = join(dir, 'item.md');
  const rel = join(dir, 'artifacts', 'relations.json');
  const setLine = (key: string, value: string) => {
    if (!existsSync(item)) return [];
    const lines = readFileSync(item, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.startsWith(`${key}: `));
    if (i < 0) return [];
    lines[i] = `${key}: ${value}`;
    writeFileSync(item, lines.join('\n'));
    return [item];
  };
  switch (o.op) {
    case 'title': return setLine('title', q(o.title));
    case 'state': return setLine('state', q(o.state));
    case 'flip': {
      if (!existsSync(item)) return [];
      const text = readFileSync(item, 'utf8');
      const i = text.indexOf("title: '") + 8;
      if (i < 8 || text[i] === "'") return [];
      writeFileSync(item, text.slice(0, i) + (text[i] === 'x' ? 'y' : 'x') + text.slice(i + 1));
      return [item];
    }
    case 'delete':
      if (!existsSync(dir)) return [];
      rmSync(dir, { recursive: true, force: true });
      return [dir];
    case 'create':
      mkdirSync(join(dir, 'artifacts'), { recursive: true });
      writeFileSync(item, `---\ntitle: 'made'\nstate: ${q(o.state)}\ncreated_at: '2026-08-01T00:00:00Z'\nupdated_at: '2026-08-01T00:00:00Z'\n---\n\nbody\n`);
      return [dir, item];
    case 'relations': {
      if (!existsSync(dir)) return [];
      mkdirSync(join(dir, 'artifacts'), { recursive: true });
      const relations = [...new Set(o.targets)].map((t) => ({ ticket_id: id, kind: 'depends_on', target: IDS[t], author: 'p', at: '2026-08-01T00:00:00Z' }));
      writeFileSync(rel, JSON.stringify({ version: 1, relations }, null, 2) + '\n');
      return [rel];
    }
    case 'dropRelations':
      if (!existsSync(rel)) return [];
      rmSync(rel);
      return [rel];
    case 'corrupt':
      if (!existsSync(item)) return [];
      truncateSync(item, 20);
      return [item];
    case 'thread':
      if (!existsSync(dir)) return [];
      appendFileSync(join(dir, 'thread.md'), '<!-- event: comment author: p at: 2026-08-01T00:00:00Z -->\n\n## Comment\n\nx\n\n---\n');
      return [join(dir, 'thread.md')];
  }
}

test('property: any edits between save and restore → restored (+ probed, + incremental) index == cold rebuild', async () => {
  const ws = tempDir('yoi-cache-prop-');
  const cacheDir = tempDir('yoi-cache-dir-');
  const template = join(ws.dir, 'template');
  writeSyntheticWorkspace(template, IDS.length);
  await sleep(80);
  let run = 0;
  let reused = 0;
  let reread = 0;
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 14 }), async (ops) => {
        const wsDir = join(ws.dir, `run-${run++}`);
        renameSync(template, wsDir); // reuse the generated files: one generation for all runs
        const root = join(wsDir, '.yoi', 'tickets');
        try {
          const file = indexCacheFile(cacheDir.dir, root);
          // "VS Code" holds a live index; edits are applied to it as a watcher would report them.
          let live = new TicketStore(root).loadSync();
          saveIndexCacheSync(live, file, SLACK);
          for (const o of ops) {
            if (o.op === 'saveNow') { saveIndexCacheSync(live, file, SLACK); continue; }
            if (o.op === 'restoreNow') {
              // "VS Code restarts": the restored index replaces the live one.
              const s = new TicketStore(root);
              const r = restoreIndexSync(s, file, SLACK);
              probeNewRelationsSync(s, r.unprobed);
              assert.deepEqual(s.snapshot(), cold(root));
              live = s;
              continue;
            }
            live.applyChanges(edit(root, o));
          }
          assert.deepEqual(live.snapshot(), cold(root));
          // Closed after the last save? Edits since are caught at the next start.
          const s = new TicketStore(root);
          const r = restoreIndexSync(s, file, SLACK);
          reused += r.reused;
          reread += r.reread;
          probeNewRelationsSync(s, r.unprobed);
          assert.deepEqual(s.snapshot(), cold(root));
          // And a restored index keeps working incrementally.
          const more = edit(root, { op: 'title', t: 0, title: 'after restore' });
          s.applyChanges(more);
          assert.deepEqual(s.snapshot(), cold(root));
        } finally {
          rmSync(wsDir, { recursive: true, force: true });
          writeSyntheticWorkspace(template, IDS.length);
          await sleep(60); // older than the racy slack, so the next run's first save caches them
        }
      }),
      { numRuns: 40 },
    );
    // Both paths were exercised: records reused from the cache and records re-read.
    assert.ok(reused > 40 && reread > 0, `reused ${reused}, re-read ${reread}`);
  } finally {
    ws.dispose();
    cacheDir.dispose();
  }
});
