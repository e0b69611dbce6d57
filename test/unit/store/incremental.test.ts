import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusDir, requireShared, tempCopy } from '../helpers/shared';
import { TicketStore } from '../../../src/core/store/ticketStore';
import { OverlayStore, overlayFor } from '../../../src/core/store/overlay';
import { readTicketDetails } from '../../../src/core/store/details';

const ticketsRoot = join(corpusDir, '.yoi', 'tickets');

function setField(file: string, key: string, value: string): void {
  const lines = readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l, n) => n > 0 && l.slice(0, l.indexOf(':')).trim() === key);
  lines[i] = `${key}: '${value}'`;
  writeFileSync(file, lines.join('\n'));
}

const cold = (root: string) => new TicketStore(root).loadSync().snapshot();

test('edit / add / remove on a temp copy: incremental == cold rebuild, with a precise change set', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const tmp = tempCopy(ticketsRoot);
  try {
    const root = tmp.dir;
    const s = new TicketStore(root).loadSync();
    // Edit: re-open a dependency target → its dependents gain a blocker.
    const target = '00001KV5W3PHW';
    setField(join(root, target, 'item.md'), 'state', 'planning');
    let cs = s.applyChanges([join(root, target, 'item.md')]);
    assert.deepEqual(cs.changed, [target]);
    assert.deepEqual(cs.states.sort(), ['closed', 'planning']);
    assert.deepEqual(cs.blockersChanged.sort(), ['00001KV5W3PJ3', '00001KVFDX9AF', '00001KVFDX9AY', '00001KVG0HR96']);
    assert.deepEqual(s.summary('00001KVFDX9AY')!.blockedBy, [target]);
    assert.deepEqual(s.summary('00001KVFDX9AY')!.activeBlockers.map((b) => b.state), ['planning']);
    assert.deepEqual(s.snapshot(), cold(root));

    // A no-op event (same content rewritten) reports nothing.
    cs = s.applyChanges([join(root, target, 'item.md')]);
    assert.deepEqual([cs.added, cs.changed, cs.removed], [[], [], []]);

    // Add a ticket (folder event first, then its item.md).
    const id = '00001KZ0000A0';
    mkdirSync(join(root, id, 'artifacts'), { recursive: true });
    cs = s.applyChanges([join(root, id)]);
    assert.deepEqual(cs.added, []); // no item.md yet → not a ticket
    writeFileSync(join(root, id, 'item.md'), "---\ntitle: 'New'\nstate: 'ready'\ncreated_at: '2026-08-01T00:00:00Z'\nupdated_at: '2026-08-01T00:00:00Z'\n---\n\nbody\n");
    writeFileSync(join(root, id, 'artifacts', 'relations.json'), JSON.stringify({ version: 1, relations: [{ ticket_id: id, kind: 'depends_on', target, author: 'a', at: '2026-08-01T00:00:00Z' }] }));
    cs = s.applyChanges([join(root, id, 'item.md'), join(root, id, 'artifacts', 'relations.json')]);
    assert.deepEqual(cs.added, [id]);
    assert.deepEqual(cs.states, ['ready']);
    assert.ok(s.relationsIn(target).some((r) => r.ticketId === id));
    assert.deepEqual(s.summary(id)!.blockedBy, [target]);
    assert.deepEqual(s.snapshot(), cold(root));

    // Thread/resolution changes only "touch" a ticket.
    writeFileSync(join(root, id, 'thread.md'), '<!-- event: create author: a at: 2026-08-01T00:00:00Z -->\n\n## Created\n\nx\n\n---\n');
    cs = s.applyChanges([join(root, id, 'thread.md')]);
    assert.deepEqual([cs.touched, cs.changed], [[id], []]);
    assert.equal(s.thread(id)!.events.length, 1);
    writeFileSync(join(root, id, 'thread.md'), readFileSync(join(root, id, 'thread.md'), 'utf8') + '\n<!-- event: comment author: a at: 2026-08-01T00:00:01Z -->\n\n## Comment\n\ny\n\n---\n');
    s.applyChanges([join(root, id, 'thread.md')]);
    assert.equal(s.thread(id)!.events.length, 2);

    // Remove a whole ticket folder (watchers may only report the folder).
    rmSync(join(root, '00001KVFDX9AY'), { recursive: true });
    cs = s.applyChanges([join(root, '00001KVFDX9AY')]);
    assert.deepEqual(cs.removed, ['00001KVFDX9AY']);
    assert.ok(cs.blockersChanged.length === 0 || !cs.blockersChanged.includes('00001KVFDX9AY'));
    assert.equal(s.has('00001KVFDX9AY'), false);
    assert.deepEqual(s.snapshot(), cold(root));

    // Remove the relations file of the new ticket → no longer blocked.
    rmSync(join(root, id, 'artifacts', 'relations.json'));
    cs = s.applyChanges([join(root, id, 'artifacts', 'relations.json')]);
    assert.deepEqual(cs.changed, [id]);
    assert.deepEqual(s.summary(id)!.blockedBy, []);

    // Changes to the root itself reconcile the folder list without re-reading everything.
    rmSync(join(root, id), { recursive: true });
    cs = s.applyChanges([root]);
    assert.deepEqual(cs.removed, [id]);
    assert.deepEqual(s.snapshot(), cold(root));
    assert.equal(s.size, 351);
  } finally {
    tmp.dispose();
  }
});

test('a malformed ticket keeps the others working and carries a located problem', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const tmp = tempCopy(ticketsRoot);
  try {
    const root = tmp.dir;
    const bad = '00001KXMK846H';
    writeFileSync(join(root, bad, 'item.md'), "---\ntitle: 'Broken\nstate: 'ready'\n---\nbody\n");
    writeFileSync(join(root, '00001KXNYXNM6', 'artifacts', 'relations.json'), '{"version": 1, "relations": [');
    mkdirSync(join(root, 'not-an-id'));
    writeFileSync(join(root, 'not-an-id', 'item.md'), "---\ntitle: 'x'\nstate: 'planning'\ncreated_at: '2026-01-01T00:00:00Z'\nupdated_at: '2026-01-01T00:00:00Z'\n---\n");
    mkdirSync(join(root, 'no-item-here'));
    const s = new TicketStore(root).loadSync();
    assert.equal(s.size, 353);
    const b = s.summary(bad)!;
    assert.equal(b.state, undefined);
    assert.equal(b.problems.length, 1);
    assert.equal(b.problems[0].code, 'item.invalid-yaml');
    assert.equal(b.problems[0].file, join(root, bad, 'item.md'));
    assert.ok(b.problems[0].line >= 2);
    const r = s.summary('00001KXNYXNM6')!;
    assert.equal(r.state, 'closed');
    assert.deepEqual(r.problems.map((p) => [p.code, p.line]), [['relations.invalid-json', 1]]);
    assert.deepEqual(s.summary('not-an-id')!.problems.map((p) => p.code), ['ticket.invalid-id']);
    assert.equal(s.countByState().closed, 343);
    assert.equal(s.countByState().unknown, 1);
    // Fixing the file recovers the ticket incrementally.
    cpSync(join(ticketsRoot, bad, 'item.md'), join(root, bad, 'item.md'));
    const cs = s.applyChanges([join(root, bad, 'item.md')]);
    assert.deepEqual(cs.changed, [bad]);
    assert.deepEqual(cs.states, ['ready']);
    assert.deepEqual(s.summary(bad)!.problems, []);
  } finally {
    tmp.dispose();
  }
});

test('BOM and CRLF item.md files read like the originals (temp copies)', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const tmp = tempCopy(ticketsRoot);
  try {
    const root = tmp.dir;
    const ids = ['00001KV10SN02', '00001KSKBPMP8', '00001KY1ZKCPC'];
    for (const [i, id] of ids.entries()) {
      const f = join(root, id, 'item.md');
      const text = readFileSync(f, 'utf8');
      writeFileSync(f, (i !== 1 ? '\ufeff' : '') + (i !== 2 ? text.replace(/\n/g, '\r\n') : text));
      const th = join(root, id, 'thread.md');
      writeFileSync(th, readFileSync(th, 'utf8').replace(/\n/g, '\r\n'));
    }
    const a = new TicketStore(ticketsRoot).loadSync();
    const b = new TicketStore(root).loadSync();
    for (const id of ids) {
      const x = a.summary(id)!;
      const y = b.summary(id)!;
      assert.deepEqual({ ...y, paths: undefined }, { ...x, paths: undefined }, id);
      const tx = a.thread(id)!;
      const ty = b.thread(id)!;
      assert.deepEqual(ty.events.map((e) => [e.kind, e.at, e.heading, e.body, e.markerLine, e.separatorLine]), tx.events.map((e) => [e.kind, e.at, e.heading, e.body, e.markerLine, e.separatorLine]));
      assert.deepEqual(ty.problems.map((p) => [p.code, p.line]), tx.problems.map((p) => [p.code, p.line]));
    }
  } finally {
    tmp.dispose();
  }
});

test('overlay: the orchestration copy progressed further is exposed per ticket', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const base = mkdtempSync(join(tmpdir(), 'yoi-ovl-'));
  try {
    const ids = ['00001KXMK846H', '00001KY1ZKCPC', '00001KXNYXNM6'];
    const main = join(base, 'main');
    const orch = join(base, 'orch');
    for (const id of ids) {
      cpSync(join(ticketsRoot, id), join(main, id), { recursive: true });
      cpSync(join(ticketsRoot, id), join(orch, id), { recursive: true });
    }
    setField(join(orch, '00001KXMK846H', 'item.md'), 'state', 'inprogress'); // ready → prog
    setField(join(orch, '00001KXNYXNM6', 'item.md'), 'state', 'planning'); // behind: no overlay
    cpSync(join(ticketsRoot, '00001KXNYXNM6'), join(orch, '00001KVFDX9AY'), { recursive: true }); // only in orchestration
    const o = new OverlayStore(new TicketStore(main).loadSync(), new TicketStore(orch).loadSync());
    assert.deepEqual(o.overlay('00001KXMK846H'), { state: 'inprogress', from: 'orchestration' });
    assert.equal(o.overlay('00001KY1ZKCPC'), undefined);
    assert.equal(o.overlay('00001KXNYXNM6'), undefined);
    assert.deepEqual(o.summaries().map((s) => s.overlay?.state ?? null), ['inprogress', null, null]);
    assert.deepEqual(o.orchestrationOnly(), ['00001KVFDX9AY']);
    assert.equal(overlayFor(undefined, 'ready')?.state, 'ready');
    assert.equal(overlayFor('closed', 'done'), undefined);
    assert.equal(new OverlayStore(new TicketStore(main).loadSync()).overlay('00001KXMK846H'), undefined);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('details: plan records, artifacts, resolution, doctor-style folder problems', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const s = new TicketStore(ticketsRoot).loadSync();
  const d = readTicketDetails(s, '00001KXNYXNM6')!;
  assert.equal(d.planRecords.length, 1);
  assert.equal(d.planRecords[0].acceptedPlan!.branch, 'work/00001KXNYXNM6-staging-source-anchors');
  assert.deepEqual(d.artifacts, ['orchestration-plan.jsonl', 'relations.json']);
  assert.ok(d.resolution!.length > 0);
  assert.ok(d.outline.length > 0 && d.outline[0].section === 'background');
  assert.deepEqual(d.problems, []);
  const glued = readTicketDetails(s, '00001KY1ZKCPC')!;
  assert.deepEqual(glued.problems.map((p) => p.code), ['ticket.missing-artifacts']);
  for (const id of ['00001KST3MFXR', '00001KT02TCCG']) {
    assert.ok(readTicketDetails(s, id)!.problems.some((p) => p.code === 'ticket.closed-without-resolution'), id);
  }
  const big = readTicketDetails(s, '00001KT6Q08R9')!;
  assert.equal(big.artifacts.length, 10);
  // Renaming a thread file invalidates the cache by mtime/size.
  assert.equal(s.thread('00001KT6Q08R9'), s.thread('00001KT6Q08R9'));
  void renameSync;
});

test('a store whose root appears later takes over an index built elsewhere in one step, then updates incrementally', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const dir = mkdtempSync(join(tmpdir(), 'yoi-adopt-'));
  try {
    const root = join(dir, 'tickets');
    const s = new TicketStore(root).loadSync();
    assert.equal(s.exists, false);
    assert.equal(s.size, 0);
    cpSync(ticketsRoot, root, { recursive: true });
    const fresh = new TicketStore(root).loadSync();
    s.adoptIndexOf(fresh);
    assert.equal(s.exists, true);
    assert.equal(s.size, 352);
    assert.deepEqual(s.snapshot(), cold(root));
    // The adopted index keeps working: one edit, one ticket removed.
    const target = '00001KV5W3PHW';
    setField(join(root, target, 'item.md'), 'title', "'Retitled after adoption'");
    rmSync(join(root, '00001KXMK846H'), { recursive: true, force: true });
    const cs = s.applyChanges([join(root, target, 'item.md'), join(root, '00001KXMK846H')]);
    assert.deepEqual([cs.changed, cs.removed], [[target], ['00001KXMK846H']]);
    assert.deepEqual(s.snapshot(), cold(root));
    assert.throws(() => s.adoptIndexOf(new TicketStore(dir)), /cannot adopt/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
