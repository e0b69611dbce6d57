import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir, requireShared } from '../helpers/shared';
import { TicketStore } from '../../../src/core/store/ticketStore';
import { discoverStores, openStoresSync } from '../../../src/core/store/discover';
import { idToDate } from '../../../src/core/ids';

const ticketsRoot = join(corpusDir, '.yoi', 'tickets');

test('corpus index: 352 tickets, 343 closed / 8 planning / 1 ready, no problems', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const s = new TicketStore(ticketsRoot).loadSync();
  assert.equal(s.size, 352);
  assert.deepEqual(s.countByState(), { planning: 8, ready: 1, queued: 0, inprogress: 0, done: 0, closed: 343, unknown: 0 });
  assert.deepEqual(s.summaries({ states: ['ready'] }).map((x) => x.id), ['00001KXMK846H']);
  assert.equal(s.ids()[0], '00001KSKBP8Z8');
  assert.equal(s.ids()[351], '00001KY1ZKCPC');
  assert.deepEqual(s.summaries().flatMap((x) => x.problems), []);
  assert.deepEqual(s.problems, []);
  const withQueuedBy = s.summaries().filter((x) => x.queuedBy !== undefined).length;
  const withReadiness = s.summaries().filter((x) => x.readiness !== undefined).length;
  const withRiskFlags = s.summaries().filter((x) => 'risk_flags' in x.frontMatter).length;
  assert.deepEqual([withQueuedBy, withReadiness, withRiskFlags], [208, 62, 60]);
});

test('IDs decode to created_at for 350/352; the two documented exceptions', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const s = new TicketStore(ticketsRoot).loadSync();
  const off: Array<[string, number]> = [];
  for (const x of s.summaries()) {
    const idSecond = Math.floor(idToDate(x.id)!.getTime() / 1000) * 1000;
    const created = Date.parse(x.createdAt!);
    if (idSecond !== created) off.push([x.id, (created - idSecond) / 1000]);
  }
  assert.equal(off.length, 2);
  const m = new Map(off);
  assert.equal(Math.abs(m.get('00001KW55B33H')!), 1);
  assert.ok(Math.abs(m.get('00001KW76E8EG')!) >= 590 && Math.abs(m.get('00001KW76E8EG')!) <= 610, String(m.get('00001KW76E8EG')));
});

test('relations: 72 files, 142 relations, inverse view, no blockers in the snapshot', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const s = new TicketStore(ticketsRoot).loadSync();
  const all = s.summaries();
  assert.equal(all.filter((x) => x.relationsOut.length > 0).length, 72);
  const rels = all.flatMap((x) => x.relationsOut);
  assert.equal(rels.length, 142);
  assert.equal(rels.filter((r) => r.kind === 'depends_on').length, 62);
  assert.equal(rels.filter((r) => r.kind === 'related').length, 80);
  assert.equal(all.reduce((n, x) => n + x.relationsIn.length, 0), 142);
  // Independent check against the raw files.
  let files = 0;
  for (const id of readdirSync(ticketsRoot)) if (existsSync(join(ticketsRoot, id, 'artifacts', 'relations.json'))) files++;
  assert.equal(files, 72);
  const v = s.summary('00001KVFDX9AY')!;
  assert.deepEqual(v.relationsOut.filter((r) => r.kind === 'depends_on').map((r) => r.target).sort(), ['00001KV5W3PHW', '00001KV5W3PJ3']);
  assert.ok(s.relationsIn('00001KXMK846H').some((r) => r.ticketId === '00001KXNYXNM6' && r.kind === 'related'));
  const raw = JSON.parse(readFileSync(join(ticketsRoot, '00001KXNYXNM6', 'artifacts', 'relations.json'), 'utf8'));
  assert.equal(s.relationsOut('00001KXNYXNM6')[0].note, raw.relations[0].note);
  assert.equal(s.relationsOut('00001KXNYXNM6')[0].line, 4);
  // Every depends_on target is done/closed in the snapshot, so nothing is blocked.
  for (const x of all) {
    const expected = x.relationsOut.filter((r) => r.kind === 'depends_on' && !['done', 'closed'].includes(s.stateOf(r.target) ?? 'planning'));
    assert.equal(x.blockedBy.length, expected.length, x.id);
  }
  assert.equal(all.filter((x) => x.blockedBy.length).length, 0);
});

test('async batched load == sync load, and yields between batches', async (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const a = new TicketStore(ticketsRoot).loadSync();
  let yields = 0;
  const b = await new TicketStore(ticketsRoot).load({ batchSize: 50, yield: async () => void yields++ });
  assert.deepEqual(b.snapshot(), a.snapshot());
  assert.ok(yields >= 352 / 50, String(yields));
});

test('discoverStores: root + orchestration copy (absent in the corpus → no overlay)', (t) => {
  if (!requireShared(t, corpusDir)) return;
  const d = discoverStores(corpusDir);
  assert.equal(d.main.root, ticketsRoot);
  assert.equal(d.orchestration!.root, join(corpusDir, '.worktree', 'orchestration', '.yoi', 'tickets'));
  const o = openStoresSync(corpusDir);
  assert.equal(o.main.size, 352);
  assert.equal(o.orchestration!.exists, false);
  assert.equal(o.orchestration!.size, 0);
  assert.equal(o.overlay.summaries().filter((x) => x.overlay).length, 0);
});

test('async load yields on the time budget even with a huge batch size', async (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  let yields = 0;
  const s = await new TicketStore(ticketsRoot).load({ batchSize: 100000, budgetMs: 0, yield: async () => void yields++ });
  assert.equal(s.size, 352);
  assert.ok(yields >= 300, String(yields));
});
