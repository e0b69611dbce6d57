// The doctor on the real corpus. yoi's family is pinned exactly (spec §8.4: one error, four
// warnings). Each of the extension's rules is pinned against an independent, naive derivation of
// the same rule from the raw files, and compared with the lists spec §5.6 gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir, requireShared } from '../helpers/shared';
import { openStoresSync } from '../../../src/core/store/discover';
import { Finding, IncrementalDoctor, runDoctor, DOCTOR_CODES } from '../../../src/core/doctor';

const ticketsRoot = join(corpusDir, '.yoi', 'tickets');

let cache: { findings: Finding[]; closed: Set<string> } | undefined;
function corpus() {
  if (!cache) {
    const s = openStoresSync(corpusDir);
    cache = { findings: runDoctor(s.main), closed: new Set(s.main.ids().filter((id) => s.main.stateOf(id) === 'closed')) };
  }
  return cache;
}

const rel = (f: string) => f.slice(ticketsRoot.length + 1);
const ticketsWith = (code: string) => [...new Set(corpus().findings.filter((f) => f.code === code).map((f) => f.ticket!))].sort();

test("yoi's family on the corpus is exactly spec §8.4's expectation, with exact ranges", (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const yoi = corpus().findings.filter((f) => f.family === 'yoi').map((f) => ({
    file: rel(f.file), line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, severity: f.severity, code: f.code, ticket: f.ticket,
  }));
  assert.deepEqual(yoi, [
    // closed without resolution.md: on the item's `state:` line.
    { file: '00001KST3MFXR/item.md', line: 3, column: 1, endLine: 3, endColumn: 16, severity: 'warning', code: 'ticket.closed-without-resolution', ticket: '00001KST3MFXR' },
    // review without status (heading "External review"): the marker.
    { file: '00001KSTRGFX0/thread.md', line: 9, column: 1, endLine: 9, endColumn: 90, severity: 'warning', code: 'thread.review-without-status', ticket: '00001KSTRGFX0' },
    { file: '00001KT02TCCG/item.md', line: 3, column: 1, endLine: 3, endColumn: 16, severity: 'warning', code: 'ticket.closed-without-resolution', ticket: '00001KT02TCCG' },
    // `result: approve` instead of `status:`: the attribute.
    { file: '00001KTTW04W2/thread.md', line: 680, column: 98, endLine: 680, endColumn: 113, severity: 'warning', code: 'thread.review-result-instead-of-status', ticket: '00001KTTW04W2' },
    // no artifacts/: the item's opening `---`.
    { file: '00001KY1ZKCPC/item.md', line: 1, column: 1, endLine: 1, endColumn: 4, severity: 'error', code: 'ticket.missing-artifacts', ticket: '00001KY1ZKCPC' },
  ]);
  const byFile = (f: string) => readFileSync(join(ticketsRoot, f), 'utf8').split('\n');
  assert.equal(byFile('00001KTTW04W2/thread.md')[679].slice(97, 112), 'result: approve');
  assert.equal(byFile('00001KST3MFXR/item.md')[2], 'state: "closed"');
});

test('every finding has a valid range inside its file and a catalog code with its family', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  for (const f of corpus().findings) {
    assert.ok(f.code in DOCTOR_CODES, f.code);
    const info = DOCTOR_CODES[f.code as keyof typeof DOCTOR_CODES];
    assert.equal(f.family, info.family);
    assert.equal(f.severity, info.severity);
    if (f.family === 'extension') assert.equal(f.severity, 'info');
    const lines = readFileSync(f.file, 'utf8').split('\n');
    assert.ok(f.line >= 1 && f.line <= lines.length, `${f.code} ${f.file}:${f.line}`);
    assert.ok(f.column >= 1 && f.endLine === f.line && f.endColumn > f.column && f.endColumn <= lines[f.line - 1].length + 1, `${f.code} ${f.file}:${f.line}:${f.column}-${f.endColumn}`);
    assert.doesNotMatch(f.message, /\{\w+\}/, 'every placeholder is filled');
  }
});

// ---- independent derivations of the extension's rules from raw thread text ----------------------

interface RawEvent { line: number; text: string; span: string[] }
function rawThreads(): Map<string, { lines: string[]; events: RawEvent[]; item: string }> {
  const out = new Map<string, { lines: string[]; events: RawEvent[]; item: string }>();
  for (const id of readdirSync(ticketsRoot).filter((n) => !n.startsWith('.')).sort()) {
    const lines = readFileSync(join(ticketsRoot, id, 'thread.md'), 'utf8').split('\n');
    const markers = lines.map((l, i) => (/^\s*<!--.*-->\s*$/.test(l) ? i : -1)).filter((i) => i >= 0);
    const events = markers.map((m, k) => ({ line: m + 1, text: lines[m], span: lines.slice(m + 1, k + 1 < markers.length ? markers[k + 1] : lines.length) }));
    out.set(id, { lines, events, item: readFileSync(join(ticketsRoot, id, 'item.md'), 'utf8') });
  }
  return out;
}
const attr = (marker: string, key: string) => new RegExp(`\\s${key}:\\s*("(?:[^"\\\\]|\\\\.)*"|\\S+)`).exec(marker)?.[1]?.replace(/^"|"$/g, '');
const idsWhere = (pred: (t: { lines: string[]; events: RawEvent[]; item: string }) => boolean) => [...rawThreads()].filter(([, t]) => pred(t)).map(([id]) => id).sort();
const lastNonBlank = (span: string[]) => [...span].reverse().find((l) => l.trim() !== '')?.trim();

test('extension rule: extra `---` inside one event span (§5.6: 35 tickets)', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const derived = idsWhere((th) => th.events.some((e) => e.span.filter((l) => l.trim() === '---').length > 1));
  assert.deepEqual(ticketsWith('thread.extra-separator'), derived);
  const P = '00001KSKBP';
  const spec = [...['BX0', 'CW8', 'ETR', 'JQR', 'KQ0', 'MP8', 'NNG', 'QM0', 'VH0', 'XFG', 'YER'].map((s) => P + s),
    '00001KSNH3PX8', '00001KSNZ3HZ0', '00001KSQF2D6G', '00001KSQK9T6R', '00001KSQPWH3G', '00001KSRF2MK0', '00001KSRH893G', '00001KSRM16T0',
    '00001KSRM16T1', '00001KSRVV6T0', '00001KST95VPR', '00001KSTBKYQG', '00001KSTEEM38', '00001KSTF5HG0', '00001KSTG66DG', '00001KSTRAW70',
    '00001KSTRGFX0', '00001KSTXNF6G', '00001KSV2HN80', '00001KSVB1FFR', '00001KSVNY3QR', '00001KTCDHFPG', '00001KTCJPGYG', '00001KTTW04W2'];
  assert.deepEqual(derived, spec.sort());
  // The finding sits on the extra `---` line itself.
  for (const f of corpus().findings.filter((x) => x.code === 'thread.extra-separator')) assert.equal(readFileSync(f.file, 'utf8').split('\n')[f.line - 1].trim(), '---');
});

test('extension rule: event span not ending with `---` (§5.6 missing separators)', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const derived: string[] = [];
  const derivedFinal: string[] = [];
  for (const [id, th] of rawThreads()) {
    th.events.forEach((e, k) => {
      if (lastNonBlank(e.span) === '---') return;
      (k + 1 < th.events.length ? derived : derivedFinal).push(`${id}:${e.line}`);
    });
  }
  const found = (code: string) => corpus().findings.filter((f) => f.code === code).map((f) => `${f.ticket}:${f.line}`);
  assert.deepEqual(found('thread.missing-separator'), derived);
  assert.deepEqual(found('thread.missing-final-separator'), derivedFinal);
  // §5.6: 00001KSKBPMP8, 00001KSTXNF6G, 00001KTTW04W2 (final `closed` event), 00001KV10SN02 (events at lines 102 and 233).
  assert.deepEqual(derivedFinal, ['00001KTTW04W2:777']);
  assert.deepEqual([...new Set([...derived, ...derivedFinal].map((x) => x.split(':')[0]))].sort(), ['00001KSKBPMP8', '00001KSTXNF6G', '00001KTTW04W2', '00001KV10SN02']);
  assert.deepEqual(derived.filter((x) => x.startsWith('00001KV10SN02')), ['00001KV10SN02:102', '00001KV10SN02:233']);
  assert.equal(readFileSync(join(ticketsRoot, '00001KTTW04W2', 'thread.md'), 'utf8').split('\n')[776], '<!-- event: closed author: orchestrator at: 2026-06-13T04:22:26Z -->');
});

test('extension rules: out-of-order times and nested markers (§5.6)', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const outOfOrder: string[] = [];
  const nested: string[] = [];
  for (const [id, th] of rawThreads()) {
    let max = '';
    th.events.forEach((e, k) => {
      const at = attr(e.text, 'at') ?? '';
      if (max && at < max) {
        outOfOrder.push(`${id}:${e.line}`);
        // nested: the previous span runs into this marker without a closing `---`
        if (k > 0 && lastNonBlank(th.events[k - 1].span) !== '---') nested.push(`${id}:${e.line}`);
        else if (nested.includes(`${id}:${th.events[k - 1]?.line}`)) nested.push(`${id}:${e.line}`);
      }
      if (at > max) max = at;
    });
  }
  const found = (code: string) => corpus().findings.filter((f) => f.code === code).map((f) => `${f.ticket}:${f.line}`);
  assert.deepEqual(found('thread.out-of-order'), outOfOrder);
  assert.deepEqual(found('thread.nested-marker'), nested);
  // §5.6: nesting only in 00001KSKBPMP8; the other out-of-order pair is 00001KSKBP9YG.
  assert.deepEqual([...new Set(nested.map((x) => x.split(':')[0]))], ['00001KSKBPMP8']);
  assert.deepEqual([...new Set(outOfOrder.map((x) => x.split(':')[0]))].sort(), ['00001KSKBP9YG', '00001KSKBPMP8']);
  // The out-of-order finding marks the `at` value.
  const f = corpus().findings.find((x) => x.code === 'thread.out-of-order' && x.ticket === '00001KSKBP9YG')!;
  assert.equal(readFileSync(f.file, 'utf8').split('\n')[f.line - 1].slice(f.column - 1, f.endColumn - 1), f.params.at);
});

test('extension rule: unquoted multi-word author (§5.6: 11 tickets)', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const derived: string[] = [];
  for (const [id, th] of rawThreads()) {
    for (const e of th.events) {
      // `author: word word2 …` where word2 has no colon (so it is not the next key).
      const m = /\sauthor:\s*([^"\s]\S*)\s+([^\s:]+)(?=\s)/.exec(e.text);
      if (m && m[2] !== '-->') derived.push(`${id}:${e.line}:${m[1]} ${m[2]}`);
    }
  }
  const found = corpus().findings.filter((f) => f.code === 'thread.unquoted-multiword-value').map((f) => {
    const line = readFileSync(f.file, 'utf8').split('\n')[f.line - 1];
    return `${f.ticket}:${f.line}:${line.slice(f.column - 1, f.endColumn - 1)}`;
  });
  assert.deepEqual(found, derived);
  assert.deepEqual([...new Set(derived.map((x) => x.split(':')[0]))], ['00001KTCSRR6R', '00001KTCSRS60', '00001KTCSRS61', '00001KTCSRS62', '00001KTCSRS63',
    '00001KTCSRS64', '00001KTDPFY8R', '00001KTDRK7K0', '00001KTFC8640', '00001KTFEVH3R', '00001KTFFY8E8']);
  assert.ok(derived.every((x) => x.endsWith(':yoi ticket')));
});

test('extension rules: marker without heading, legacy kinds, create time, repeated close (§5.6)', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const noHeading: string[] = [];
  const legacy: string[] = [];
  const createAt: string[] = [];
  const repeatedClose: string[] = [];
  for (const [id, th] of rawThreads()) {
    for (const e of th.events) {
      const first = e.span.find((l) => l.trim() !== '');
      if (!first?.startsWith('## ')) noHeading.push(`${id}:${e.line}`);
      const kind = attr(e.text, 'event');
      if (kind === 'fix' || kind === 'closed') legacy.push(`${id}:${e.line}`);
    }
    const created = /^created_at:\s*['"]?([^'"\n]+)/m.exec(th.item)?.[1];
    const first = th.events[0];
    if (attr(first.text, 'event') === 'create' && attr(first.text, 'at') !== created) createAt.push(id);
    let closed = false;
    for (const e of th.events) {
      const kind = attr(e.text, 'event');
      if (kind === 'close' || kind === 'closed') {
        if (closed) repeatedClose.push(`${id}:${e.line}`);
        closed = true;
      } else if (kind === 'state_changed' && attr(e.text, 'to') !== 'closed') closed = false;
    }
  }
  const found = (code: string) => corpus().findings.filter((f) => f.code === code).map((f) => `${f.ticket}:${f.line}`);
  assert.deepEqual(found('thread.missing-heading'), noHeading);
  assert.deepEqual(found('thread.legacy-kind'), legacy);
  assert.deepEqual(ticketsWith('thread.create-at-mismatch'), createAt);
  assert.deepEqual(found('thread.multiple-close'), repeatedClose);
  // §5.6: no heading in 00001KSTXNF6G (create and first plan); legacy fix/closed; create at ≠ created_at
  // in 00001KW55B33H (1 s) and 00001KW76E8EG (10 min); two close events in 00001KSVPW8JR.
  assert.deepEqual([...new Set(noHeading.map((x) => x.split(':')[0]))], ['00001KSTXNF6G']);
  assert.equal(noHeading.length, 2);
  assert.deepEqual(legacy.map((x) => x.split(':')[0]), ['00001KSTRGFX0', '00001KTTW04W2']);
  assert.deepEqual(createAt, ['00001KW55B33H', '00001KW76E8EG']);
  assert.deepEqual(repeatedClose.map((x) => x.split(':')[0]), ['00001KSVPW8JR']);
});

test('no other extension rule fires on the corpus; every extension finding is Information', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const codes = [...new Set(corpus().findings.filter((f) => f.family === 'extension').map((f) => f.code))].sort();
  assert.deepEqual(codes, ['thread.create-at-mismatch', 'thread.extra-separator', 'thread.legacy-kind', 'thread.missing-final-separator', 'thread.missing-heading',
    'thread.missing-separator', 'thread.multiple-close', 'thread.nested-marker', 'thread.out-of-order', 'thread.unquoted-multiword-value']);
});

test('hiding closed tickets leaves only the open tickets’ findings (the missing artifacts/)', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const s = openStoresSync(corpusDir);
  const d = new IncrementalDoctor(s.main).runAllSync();
  const open = d.findings({ includeClosed: false });
  assert.deepEqual(open.map((f) => `${f.ticket} ${f.code}`), ['00001KY1ZKCPC ticket.missing-artifacts']);
  assert.equal(d.findings({ families: ['yoi'] }).length, 5);
  assert.ok(d.findings({ families: ['extension'] }).length > 50);
  assert.deepEqual(d.findingsForFile(join(ticketsRoot, '00001KY1ZKCPC', 'item.md')).map((f) => f.code), ['ticket.missing-artifacts']);
});

test('skipping closed tickets (the editor default) gives the same visible findings without checking them', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  const s = openStoresSync(corpusDir);
  const full = new IncrementalDoctor(s.main).runAllSync().findings({ includeClosed: false });
  const skipping = new IncrementalDoctor(s.main);
  let skipped = 0;
  skipping.skip = (id) => { const closed = s.main.stateOf(id) === 'closed'; if (closed) skipped++; return closed; };
  skipping.runAllSync();
  assert.equal(skipped, 343, 'every closed ticket was skipped, none was checked');
  assert.deepEqual(skipping.findings({ includeClosed: false }), full);
  assert.deepEqual(skipping.findings().filter((f) => f.ticket && s.main.stateOf(f.ticket) === 'closed'), []);
});
