// The Ticket view model on the real corpus, pinned to the figures of spec §4–§7 (where the spec
// gives them) and to the ten fixture tickets of §9.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { corpusDir, requireShared } from '../helpers/shared';
import { TicketStore } from '../../../src/core/store/ticketStore';
import { buildTicketView, readTicketView } from '../../../src/core/ticketView/viewModel';
import { parsePacket } from '../../../src/core/ticketView/intentPacket';
import { renderDocument, defaultContext } from '../../../src/core/ticketView/render';
import type { TicketViewSnapshot } from '../../../src/core/ticketView/model';

const ticketsRoot = join(corpusDir, '.yoi', 'tickets');
const NOW = new Date('2026-08-01T00:00:00Z');

let cache: { store: TicketStore; views: Map<string, TicketViewSnapshot> } | undefined;
function corpus(): { store: TicketStore; views: Map<string, TicketViewSnapshot> } {
  if (!cache) {
    const store = new TicketStore(ticketsRoot).loadSync();
    const views = new Map<string, TicketViewSnapshot>();
    for (const id of store.ids()) views.set(id, readTicketView(store, id, { now: NOW }));
    cache = { store, views };
  }
  return cache;
}
const count = <T>(xs: T[], f: (x: T) => boolean) => xs.reduce((n, x) => n + (f(x) ? 1 : 0), 0);

test('every one of the 352 tickets builds a JSON-serialisable snapshot and renders', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const { views } = corpus();
  assert.equal(views.size, 352);
  let events = 0;
  for (const [id, v] of views) {
    assert.equal(v.ticket.id, id);
    assert.equal(v.schema, 1);
    assert.deepEqual(JSON.parse(JSON.stringify(v)), v, `${id} survives a JSON round trip`);
    const html = renderDocument(v, defaultContext({ now: NOW.getTime() })).value;
    assert.ok(html.includes(`id="ev-${v.timeline.events.length - 1}"`), `${id} renders its last event`);
    events += v.timeline.events.length;
  }
  assert.equal(events, 3655); // §5.2
});

test('decision events: 404, IntentPacket in 139, routing line in 225 (+2 updates), 152 implementation_ready*', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const decisions = [...corpus().views.values()].flatMap((v) => v.timeline.events.filter((e) => e.kind === 'decision'));
  assert.equal(decisions.length, 404);
  assert.equal(count(decisions, (e) => e.packet !== undefined), 139);
  assert.equal(count(decisions, (e) => e.routing !== undefined && !e.routing.update), 225);
  assert.equal(count(decisions, (e) => e.routing?.update === true), 2);
  assert.equal(count(decisions, (e) => e.routing?.value.startsWith('implementation_ready') ?? false), 152);
});

test('label counts of the 152 implementation_ready* decisions match spec §6 exactly', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const decisions = [...corpus().views.values()].flatMap((v) => v.timeline.events.filter((e) => e.kind === 'decision' && e.routing?.value.startsWith('implementation_ready')));
  const byLabel: Record<string, number> = {};
  const byKey: Record<string, number> = {};
  for (const e of decisions) {
    for (const s of parsePacket(e.body).sections) {
      byLabel[s.label] = (byLabel[s.label] ?? 0) + 1;
      byKey[s.key] = (byKey[s.key] ?? 0) + 1;
    }
  }
  // Exactly as written (the spec counts canonical label lines).
  assert.deepEqual(
    [byLabel['Reason'], byLabel['Binding decisions / invariants'], byLabel['Intent'], byLabel['Evidence checked'], byLabel['Escalate if'],
      byLabel['Requirements / acceptance criteria'], byLabel['Implementation latitude'], byLabel['Validation'],
      byLabel['Critical risks / reviewer focus'], byLabel['Current code map'], byLabel['Next action'], byLabel['Reviewer focus']],
    [152, 140, 139, 133, 130, 119, 116, 115, 88, 49, 49, 7],
  );
  // Tolerant keys fold the variants in: `Reviewer focus` alias, `Current code map / likely touch points`.
  assert.equal(byKey.reviewerFocus, 88 + 7 + byLabel['Critical risks']);
  assert.equal(byKey.codeMap, 49 + byLabel['Current code map / likely touch points']);
  assert.ok(byLabel['Current code map / likely touch points'] > 0);
});

test('packet label styles in plan events (§6) and delegation-intent.md artifacts', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const packets = [...corpus().views.values()].flatMap((v) => v.intent.packets);
  const style = (kind: string | undefined, st: string) => count(packets, (p) => p.eventKind === kind && p.sections.find((s) => s.key === 'intent')?.style === st);
  assert.equal(style('plan', 'heading'), 11);
  assert.equal(style('plan', 'bullet'), 7);
  assert.equal(style('plan', 'line'), 19);
  assert.equal(style('decision', 'line'), 139);
  assert.equal(count(packets, (p) => p.source === 'artifact'), 28);
  // Exactly one current packet per ticket that has any; it is the latest decision packet when one exists.
  for (const v of corpus().views.values()) {
    const cur = v.intent.packets.filter((p) => p.current);
    assert.equal(cur.length, v.intent.packets.length ? 1 : 0, v.ticket.id);
    const decisionPackets = v.intent.packets.filter((p) => p.eventKind === 'decision');
    if (decisionPackets.length) assert.equal(cur[0], decisionPackets[decisionPackets.length - 1], v.ticket.id);
    if (cur.length) assert.equal(v.intent.current, v.intent.packets.indexOf(cur[0]));
  }
});

test('routing values and their classification (§6)', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const routed = [...corpus().views.values()].flatMap((v) => v.timeline.events.filter((e) => e.kind === 'decision' && e.routing && !e.routing.update && !e.routing.prose)).map((e) => e.routing!);
  const values: Record<string, number> = {};
  const classes: Record<string, number> = {};
  for (const r of routed) {
    values[r.value] = (values[r.value] ?? 0) + 1;
    classes[r.classification] = (classes[r.classification] ?? 0) + 1;
  }
  for (const [v, n] of Object.entries({
    blocked_by_dependency_or_missing_authority: 19, implementation_ready_parallel: 16, preflight_needed: 11, blocked_pending_dependency: 6,
    blocked_by_dependency: 3, blocked_action_required: 2, defer_pending_ticket_identity_migration: 2, waiting_capacity: 2,
    implementation_ready_but_waiting_capacity_conflict: 2, 'accept for implementation': 2, return_to_planning: 1,
    return_to_planning_requirements_sync: 1, 'spike_needed / queued_waiting_capacity': 1,
  })) assert.equal(values[v], n, v);
  // Prefix normalisation: implementation_ready* (152) + `accept for implementation` (2); every
  // blocked*/waiting*/defer*/hold* value; preflight_needed → requirements sync; no value left unclassified.
  assert.deepEqual(classes, { implementation_ready: 154, blocked: 48, requirements_sync_needed: 11, spike_needed: 1, return_to_planning: 2 });
  const blockedValues = routed.filter((r) => r.classification === 'blocked').map((r) => r.value);
  assert.ok(blockedValues.every((v) => /^(blocked|waiting|wait_|defer|hold|leave queued|queued_waiting)/.test(v)), blockedValues.join(', '));
});

test('review verdicts (status, legacy result:, missing) and state changes (§5.2)', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const events = [...corpus().views.values()].flatMap((v) => v.timeline.events);
  const reviews = events.filter((e) => e.review);
  assert.equal(reviews.length, 370);
  assert.equal(count(reviews, (e) => e.review!.verdict === 'approve'), 266); // 265 status + 1 legacy result
  assert.equal(count(reviews, (e) => e.review!.verdict === 'request_changes'), 103);
  const legacy = corpus().views.get('00001KTTW04W2')!.timeline.events.filter((e) => e.review?.source === 'result');
  assert.equal(legacy.length, 1);
  assert.equal(legacy[0].review!.verdict, 'approve');
  const missing = corpus().views.get('00001KSTRGFX0')!.timeline.events.find((e) => e.kind === 'review')!;
  assert.deepEqual(missing.review, { verdict: 'unknown', source: 'missing' });
  assert.ok(missing.problems.some((p) => p.code === 'thread.review-without-status'), 'the problem is located at the event');
  const changes = events.filter((e) => e.stateChange);
  assert.equal(changes.length, 1033);
  assert.equal(count(changes, (e) => e.stateChange!.field === 'state'), 903);
  assert.equal(count(changes, (e) => e.stateChange!.field === 'workflow_state'), 130);
  const reopen = corpus().views.get('00001KTTW04W2')!.timeline.events.find((e) => e.stateChange?.from === 'closed');
  assert.equal(reopen?.stateChange?.to, 'planning');
});

test('relations both ways: 00001KVFDX9AY and 00001KXMK846H; every forward relation has its inverse', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const { views } = corpus();
  const a = views.get('00001KVFDX9AY')!;
  assert.deepEqual([...new Set(a.relations.outgoing.map((r) => r.kind))].sort(), ['depends_on', 'related']);
  for (const r of a.relations.outgoing) {
    assert.equal(r.direction, 'outgoing');
    assert.ok(r.otherExists && r.otherTitle && r.otherState, `${r.other} resolved`);
    assert.equal(r.blocking, false, 'its dependency is closed');
    const back = views.get(r.other)!.relations.incoming.find((x) => x.other === a.ticket.id);
    assert.ok(back, `${r.other} shows the incoming ${r.kind}`);
    assert.equal(back.label, r.kind === 'depends_on' ? 'dependency_of' : 'related');
    assert.equal(back.otherTitle, a.header.title);
  }
  const ready = views.get('00001KXMK846H')!;
  const fromCanonical = ready.relations.incoming.find((r) => r.other === '00001KXNYXNM6');
  assert.ok(fromCanonical, 'the only ready ticket shows the incoming related from #1');
  assert.equal(fromCanonical.label, 'related');
  assert.equal(fromCanonical.otherState, 'closed');
  const canonical = views.get('00001KXNYXNM6')!;
  assert.ok(canonical.relations.outgoing.some((r) => r.other === '00001KXMK846H' && r.otherState === 'ready'));
  let out = 0, inc = 0;
  for (const v of views.values()) {
    out += v.relations.outgoing.length;
    inc += v.relations.incoming.length;
    for (const r of v.relations.outgoing) {
      assert.ok(views.get(r.other)!.relations.incoming.some((x) => x.other === v.ticket.id && x.kind === r.kind), `${v.ticket.id} ${r.kind} ${r.other}`);
    }
  }
  assert.deepEqual([out, inc], [142, 142]); // §7.1
});

test('plan records, artifacts, resolutions and located problems (§5.6, §7)', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const views = [...corpus().views.values()];
  const plans = views.flatMap((v) => v.plans);
  assert.equal(plans.length, 222);
  const accepted = plans.filter((p) => p.kind === 'accepted_plan');
  assert.equal(accepted.length, 129);
  assert.ok(accepted.every((p) => p.acceptedPlan?.summary && p.acceptedPlan.branch && p.acceptedPlan.worktree && p.acceptedPlan.rolePlan));
  assert.equal(count(accepted, (p) => p.note !== undefined), 20);
  assert.equal(views.reduce((n, v) => n + v.artifacts.length, 0), 325);
  assert.equal(count(views, (v) => v.resolution !== undefined), 341);
  assert.equal(count(views, (v) => v.resolution?.legacyFrontMatter === true), 32);
  assert.deepEqual(views.filter((v) => v.problems.some((p) => p.code === 'ticket.closed-without-resolution')).map((v) => v.ticket.id).sort(), ['00001KST3MFXR', '00001KT02TCCG']);
  assert.deepEqual(views.filter((v) => v.problems.some((p) => p.code === 'ticket.missing-artifacts')).map((v) => v.ticket.id), ['00001KY1ZKCPC']);
  assert.equal(count(views, (v) => v.problems.some((p) => p.code === 'thread.extra-separator')), 35);
  // Every thread problem is attached to the event it is in, with raw source lines for "show raw".
  for (const v of views) {
    for (const p of v.problems.filter((x) => x.area === 'thread')) {
      assert.ok(p.raw && p.raw.text.length > 0, `${v.ticket.id} ${p.code} has raw lines`);
      if (p.eventIndex !== undefined) assert.ok(v.timeline.events[p.eventIndex].problems.includes(p));
    }
  }
  const nested = corpus().views.get('00001KSKBPMP8')!;
  const np = nested.problems.find((p) => p.code === 'thread.nested-marker')!;
  assert.ok(np.eventIndex !== undefined && nested.timeline.events[np.eventIndex].line === np.line);
  // Events appended after close (§4.3: 30 tickets).
  assert.equal(count(views, (v) => v.timeline.events.some((e) => e.afterClose && e.kind !== 'close')), 30);
  assert.ok(corpus().views.get('00001KVMGAEJN')!.timeline.events.some((e) => e.afterClose));
});

test('header: ID time, readiness vocabulary, risk flags, queue fields, outline with EN/JA synonyms', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const { views } = corpus();
  const v6 = views.get('00001KV10SN02')!.header;
  assert.equal(v6.riskFlags.length, 6);
  assert.equal(v6.readiness, 'implementation_ready');
  assert.equal(v6.readinessKnown, true);
  assert.equal(v6.queuedBy, 'workspace-panel');
  assert.equal(views.get('00001KY1ZKCPC')!.header.readiness, 'draft');
  assert.equal(views.get('00001KY1ZKCPC')!.header.readinessKnown, false);
  assert.equal(views.get('00001KY1ZKCPC')!.header.state, 'planning');
  const first = views.get('00001KSKBP8Z8')!.header;
  assert.equal(first.idTime, new Date(Date.parse('2026-05-27T00:00:01Z')).toISOString());
  // (§9 lists `priority: 'P1'` for 00001KSKBPMP8, but there it is inside the body's legacy copy.)
  assert.equal(views.get('00001KX6WVNPD')!.header.priority, 'P1');
  assert.equal(views.get('00001KSKBPMP8')!.header.priority, undefined);
  const canonical = views.get('00001KXNYXNM6')!;
  assert.deepEqual(canonical.body.outline.filter((o) => o.kind).map((o) => o.kind), ['background', 'nonGoals', 'acceptanceCriteria']);
  for (const o of canonical.body.outline) assert.equal(canonical.body.markdown.split('\n')[o.bodyLine], `## ${o.title}`);
  const en = [...views.values()].flatMap((v) => v.body.outline).filter((o) => o.title === 'Acceptance criteria' || o.title === '受け入れ条件');
  assert.ok(en.length > 300 && en.every((o) => o.kind === 'acceptanceCriteria'));
  // Absolute + relative time of each event (relative to the snapshot's generatedAt).
  const ready = views.get('00001KXMK846H')!;
  assert.equal(ready.generatedAt, NOW.toISOString());
  assert.deepEqual(ready.timeline.events.map((e) => [e.at, e.ago]), [
    ['2026-07-16T04:34:07Z', '2 weeks ago'], ['2026-07-16T04:35:41Z', '2 weeks ago'], ['2026-07-16T04:35:41Z', '2 weeks ago'], ['2026-07-16T04:38:21Z', '2 weeks ago'],
  ]);
  assert.deepEqual(ready.timeline.events.map((e) => e.kind), ['create', 'intake_summary', 'state_changed', 'decision']);
  // Mentions of other tickets resolve to their titles (link titles and state chips in the page).
  assert.ok(canonical.refs['00001KXMK7YMC']?.title, 'the body mentions 00001KXMK7YMC');
});

test('overlay from the orchestration copy and blockers', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const { store } = corpus();
  const orch = new TicketStore(ticketsRoot).loadSync();
  // The same store as "orchestration copy" has the same states: no overlay.
  assert.equal(readTicketView(store, '00001KXMK846H', { orchestration: orch }).header.overlay, undefined);
  const v = buildTicketView({
    id: '00001KXMK846H', storeRoot: ticketsRoot, itemText: "---\ntitle: 'x'\nstate: 'ready'\ncreated_at: '2026-07-16T00:00:00Z'\nupdated_at: '2026-07-16T00:00:00Z'\n---\n",
    threadText: '', artifacts: [], overlay: { state: 'inprogress', storeRoot: '/orch' },
    relationsText: JSON.stringify({ version: 1, relations: [{ ticket_id: '00001KXMK846H', kind: 'depends_on', target: '00001KY1ZKCPC', author: 'a', at: '2026-07-16T00:00:00Z' }] }),
    lookup: (id) => (id === '00001KY1ZKCPC' ? { title: 'newest', state: 'planning' } : undefined),
  });
  assert.deepEqual(v.header.overlay, { state: 'inprogress', storeRoot: '/orch', ahead: true });
  assert.deepEqual(v.relations.blockers, [{ ticket: '00001KY1ZKCPC', state: 'planning', via: 'depends_on', active: true, title: 'newest' }]);
  assert.equal(v.relations.outgoing[0].blocking, true);
});
