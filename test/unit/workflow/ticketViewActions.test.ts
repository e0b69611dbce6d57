// The ticket view offers the workflow buttons the workflow commands handle: by state in the
// header, and "Spawn coder worktree" on the current IntentPacket card of an accepted ticket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { sampleDir } from '../helpers/shared';
import { TicketStore } from '../../../src/core/store/ticketStore';
import { readTicketView } from '../../../src/core/ticketView/viewModel';
import { defaultContext, renderHeader, renderPacketCard } from '../../../src/core/ticketView/render';

const store = new TicketStore(join(sampleDir, '.yoi', 'tickets')).loadSync();
const runs = (html: string) => [...html.matchAll(/data-run="(\w+)"/g)].map((m) => m[1]);

test('header buttons follow the state (planning: mark ready, ready: queue/return, queued: accept/return, inprogress: spawn/done, done: close; comment always)', () => {
  const ctx = defaultContext();
  const by = (id: string) => runs(renderHeader(readTicketView(store, id), ctx).value);
  assert.deepEqual(by('00001M5C9FFKB'), ['markReady', 'comment']);
  assert.deepEqual(by('00001M57KVHQK'), ['queue', 'returnToPlanning', 'comment']);
  assert.deepEqual(by('00001M5276393'), ['accept', 'returnToPlanning', 'comment']);
  assert.deepEqual(by('00001M4WPSS3V'), ['spawn', 'markDone', 'comment']);
  assert.deepEqual(by('00001M4K57YFV'), ['close', 'comment']);
  assert.deepEqual(by('00001M3XMWBNV'), ['comment']);
});

test('the current IntentPacket card of an in-progress ticket carries the spawn button; other cards do not', () => {
  const ctx = defaultContext();
  const snap = readTicketView(store, '00001M4WPSS3V');
  assert.equal(snap.header.state, 'inprogress');
  const cur = snap.intent.current;
  assert.notEqual(cur, undefined, 'the sample ticket has a current IntentPacket');
  const card = renderPacketCard(snap.intent.packets[cur!], cur!, snap, ctx).value;
  assert.deepEqual(runs(card), ['spawn']);
  assert.match(card, /<button type="button" class="action packet-spawn" data-action="run" data-run="spawn">/);
  // Not accepted yet: no spawn on the packet.
  const queued = readTicketView(store, '00001M5276393');
  for (const [i, p] of queued.intent.packets.entries()) assert.deepEqual(runs(renderPacketCard(p, i, queued, ctx).value), []);
  // Earlier packets never carry it.
  for (const [i, p] of snap.intent.packets.entries()) if (i !== cur) assert.deepEqual(runs(renderPacketCard({ ...p, current: false }, i, snap, ctx).value), []);
});
