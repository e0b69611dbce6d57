import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir, requireShared } from '../helpers/shared';
import { parseThread, ParsedThread } from '../../../src/core/thread/thread';

const ticketsRoot = join(corpusDir, '.yoi', 'tickets');

function parseAll(): Map<string, ParsedThread> {
  const out = new Map<string, ParsedThread>();
  for (const id of readdirSync(ticketsRoot).filter((n) => !n.startsWith('.')).sort()) {
    const file = join(ticketsRoot, id, 'thread.md');
    out.set(id, parseThread(readFileSync(file, 'utf8'), file));
  }
  return out;
}

/** Tickets having a problem with `code`, computed by rule. */
function ticketsWith(all: Map<string, ParsedThread>, code: string): string[] {
  return [...all].filter(([, t]) => t.problems.some((p) => p.code === code)).map(([id]) => id);
}

const count = <T>(xs: T[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<T, number>());

test('3655 events with the kind counts of §5.2', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const all = parseAll();
  const events = [...all.values()].flatMap((x) => x.events);
  assert.equal(events.length, 3655);
  const kinds = Object.fromEntries(count(events.map((e) => e.rawKind)));
  assert.deepEqual(kinds, {
    state_changed: 1033, implementation_report: 717, decision: 404, review: 370, close: 342, create: 329, plan: 205,
    intake_summary: 190, comment: 38, migration: 23, item_edit: 2, fix: 1, closed: 1,
  });
  // `closed` is read as `close`.
  assert.equal(events.filter((e) => e.kind === 'close').length, 343);
  const sc = events.filter((e) => e.kind === 'state_changed');
  assert.deepEqual(Object.fromEntries(count(sc.map((e) => e.field))), { state: 903, workflow_state: 130 });
  const reviews = events.filter((e) => e.kind === 'review');
  assert.deepEqual(Object.fromEntries(count(reviews.map((e) => e.status ?? '(none)'))), { approve: 265, request_changes: 103, '(none)': 2 });
  assert.deepEqual(Object.fromEntries(count(reviews.map((e) => e.heading))), { 'Review: approve': 266, 'Review: request changes': 103, 'External review': 1 });
  assert.equal(events.filter((e) => e.attrs.result !== undefined).length, 1);
  assert.equal(events.filter((e) => e.at !== undefined && e.author !== undefined).length, 3655);
  const closeHeadings = Object.fromEntries(count(events.filter((e) => e.rawKind === 'close').map((e) => e.heading)));
  assert.deepEqual(closeHeadings, { 完了: 216, Closed: 126 });
  // Authors: unquoted multi-word authors are read as their first word, like yoi.
  const authors = count(events.map((e) => e.author));
  assert.equal(authors.get('hare'), 1141);
  assert.equal(authors.get('yoi ticket'), 386);
  // First events, maxima.
  const firsts = Object.fromEntries(count([...all.values()].map((x) => x.events[0].rawKind)));
  assert.deepEqual(firsts, { create: 329, migration: 23 });
  const [maxId, maxThread] = [...all].reduce((a, b) => (b[1].events.length > a[1].events.length ? b : a));
  assert.equal(maxId, '00001KVFD3YSV');
  assert.equal(maxThread.events.length, 35);
  assert.equal([...all.values()].filter((x) => x.events.length === 1).length, 5);
});

test('anomaly ticket lists of §5.6, computed by rule', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const all = parseAll();
  const P = '00001KSKBP';
  assert.deepEqual(ticketsWith(all, 'thread.extra-separator'), [
    ...['BX0', 'CW8', 'ETR', 'JQR', 'KQ0', 'MP8', 'NNG', 'QM0', 'VH0', 'XFG', 'YER'].map((s) => P + s),
    '00001KSNH3PX8', '00001KSNZ3HZ0', '00001KSQF2D6G', '00001KSQK9T6R', '00001KSQPWH3G', '00001KSRF2MK0', '00001KSRH893G',
    '00001KSRM16T0', '00001KSRM16T1', '00001KSRVV6T0', '00001KST95VPR', '00001KSTBKYQG', '00001KSTEEM38', '00001KSTF5HG0',
    '00001KSTG66DG', '00001KSTRAW70', '00001KSTRGFX0', '00001KSTXNF6G', '00001KSV2HN80', '00001KSVB1FFR', '00001KSVNY3QR',
    '00001KTCDHFPG', '00001KTCJPGYG', '00001KTTW04W2',
  ]);
  assert.deepEqual(ticketsWith(all, 'thread.nested-marker'), ['00001KSKBPMP8']);
  assert.deepEqual(ticketsWith(all, 'thread.out-of-order'), ['00001KSKBP9YG', '00001KSKBPMP8']);
  assert.deepEqual(ticketsWith(all, 'thread.missing-separator'), ['00001KSKBPMP8', '00001KSTXNF6G', '00001KTTW04W2', '00001KV10SN02']);
  const v10 = all.get('00001KV10SN02')!.problems.filter((p) => p.code === 'thread.missing-separator').map((p) => p.line);
  assert.deepEqual(v10, [102, 233]);
  const ttw = all.get('00001KTTW04W2')!;
  const lastEv = ttw.events[ttw.events.length - 1];
  assert.equal(lastEv.rawKind, 'closed');
  assert.equal(lastEv.separatorLine, undefined);
  assert.ok(ttw.problems.some((p) => p.code === 'thread.missing-separator' && p.line === lastEv.markerLine));
  assert.deepEqual(ticketsWith(all, 'thread.missing-heading'), ['00001KSTXNF6G']);
  const xnf = all.get('00001KSTXNF6G')!;
  assert.deepEqual(xnf.problems.filter((p) => p.code === 'thread.missing-heading').map((p) => p.params?.kind), ['create', 'plan']);
  assert.deepEqual(ticketsWith(all, 'thread.review-without-status'), ['00001KSTRGFX0', '00001KTTW04W2']);
  assert.deepEqual(ticketsWith(all, 'thread.legacy-kind'), ['00001KSTRGFX0', '00001KTTW04W2']);
  assert.deepEqual(ticketsWith(all, 'thread.unquoted-multiword-value'), [
    '00001KTCSRR6R', '00001KTCSRS60', '00001KTCSRS61', '00001KTCSRS62', '00001KTCSRS63', '00001KTCSRS64', '00001KTDPFY8R',
    '00001KTDRK7K0', '00001KTFC8640', '00001KTFEVH3R', '00001KTFFY8E8',
  ]);
  const r6r = all.get('00001KTCSRR6R')!;
  assert.equal(r6r.events[0].author, 'yoi');
  assert.equal(r6r.problems.find((p) => p.code === 'thread.unquoted-multiword-value')!.params!.word, 'ticket');
  // "No unterminated markers, no markers missing `at`" — and nothing else unexpected.
  for (const code of ['thread.unterminated-marker', 'thread.missing-at', 'thread.marker-without-event', 'thread.unknown-kind', 'thread.state-changed-incomplete', 'thread.intake-summary-incomplete', 'thread.text-before-first-event']) {
    assert.deepEqual(ticketsWith(all, code), [], code);
  }
});

test('event positions: marker, heading, body, separator, raw text', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const file = join(ticketsRoot, '00001KXNYXNM6', 'thread.md');
  const text = readFileSync(file, 'utf8');
  const th = parseThread(text, file);
  const [create, decision] = th.events;
  assert.deepEqual(
    [create.kind, create.author, create.at, create.heading, create.markerLine, create.headingLine, create.bodyStartLine, create.bodyEndLine, create.separatorLine],
    ['create', 'yoi ticket', '2026-07-16T17:17:22Z', '作成', 1, 3, 5, 5, 7],
  );
  assert.equal(create.body, 'LocalTicketBackend によって作成されました。');
  assert.equal(decision.markerLine, 9);
  assert.equal(decision.heading, 'Decision');
  assert.ok(decision.body.startsWith('Overview-first extract'));
  assert.ok(!decision.body.endsWith('\n'));
  assert.ok(decision.raw.startsWith('<!-- event: decision'));
  const lines = text.split('\n');
  for (const e of th.events) {
    assert.match(lines[e.markerLine - 1], /^<!-- event: /);
    if (e.separatorLine) assert.equal(lines[e.separatorLine - 1].trim(), '---');
    if (e.bodyStartLine) assert.equal(lines.slice(e.bodyStartLine - 1, e.bodyEndLine).join('\n'), e.body);
  }
  const sc = th.events.find((e) => e.kind === 'state_changed')!;
  assert.deepEqual([sc.from, sc.to, sc.reason, sc.field], ['ready', 'queued', 'queued', 'state']);
});
