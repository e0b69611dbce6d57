// The index's one-pass front-matter reader gives exactly parseItem's result (front matter, fields,
// key lines, problems) — on every corpus ticket, on a synthetic store with malformed tickets, and on
// random front matter mixing what the fast path takes with everything it must hand over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { corpusDir, requireShared } from '../helpers/shared';
import { parseIndexItem } from '../../../src/core/store/indexReader';
import { parseItem, readItemHeadText } from '../../../src/core/ticket/item';
import { writeSyntheticWorkspace } from '../../../bench/generate';

const ticketsRoot = join(corpusDir, '.yoi', 'tickets');

function reference(text: string, file: string) {
  const p = parseItem(text, file, { withoutBody: true });
  return { data: p.data, fields: p.fields, keyLines: p.keyLines, problems: p.problems };
}

function sameOnEveryTicket(root: string): number {
  let n = 0;
  for (const id of readdirSync(root)) {
    if (id.startsWith('.')) continue;
    const file = join(root, id, 'item.md');
    const head = readItemHeadText(file);
    assert.deepEqual(parseIndexItem(head, file), reference(head, file), id);
    // And with the reference reader (gray-matter + yaml) as the judge of the front matter.
    const full = parseItem(head, file, { reader: 'reference', withoutBody: true });
    if (full.readable) assert.deepEqual(parseIndexItem(head, file).data, full.data, id);
    n++;
  }
  return n;
}

test('corpus: index reader == parseItem on all 352 tickets', (t) => {
  if (!requireShared(t, ticketsRoot)) return;
  assert.equal(sameOnEveryTicket(ticketsRoot), 352);
});

test('synthetic store with malformed tickets: index reader == parseItem', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yoi-ir-'));
  try {
    writeSyntheticWorkspace(dir, 1000);
    assert.equal(sameOnEveryTicket(join(dir, '.yoi', 'tickets')), 1000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const key = fc.oneof(
  fc.constantFrom('title', 'state', 'created_at', 'updated_at', 'assignee', 'readiness', 'risk_flags', 'queued_by', 'priority', 'status', 'workflow_state', 'id', 'null', 'y', '__proto__', 'constructor', 'x1', '_k'),
  fc.stringMatching(/^[A-Za-z_0-9 -]{1,8}$/),
);
const scalar = fc.oneof(
  fc.string({ maxLength: 12 }).map((s) => `'${s.replace(/'/g, "''")}'`),
  fc.string({ maxLength: 12 }).map((s) => `"${s}"`),
  fc.constantFrom("'planning'", "'done'", "'bogus'", "'2026-08-01T00:00:00Z'", 'null', 'null ', '~', '12', 'true', "'a''b'", "'unterminated", '"esc\\"aped"', '"a\\\\b"', '"\\"q\\" x"', '"bad\\nesc"', '"end\\"', '"two\\\\\\"q"', '0', '007', '12  ', '12\t', '1e3', '-4', '123456789012345', '1234567890123456', '20260601', '3.5', "'x' # c", "'x'  ", "'\u00e9\u3042'", "'\ud83d\ude00'", "'tab\there'"),
);
const list = fc.array(fc.string({ maxLength: 6 }).map((s) => `'${s.replace(/'/g, "''")}'`), { maxLength: 3 }).chain((items) =>
  fc.constantFrom(`[${items.join(', ')}]`, `[${items.join(',')}]`, `[ ${items.join(' , ')} ]`, `[${items.join(', ')}] `, '[]', '[ ]', `[${items.join(', ')}`));
const line = fc.oneof(
  fc.tuple(key, fc.constantFrom(': ', ':  ', ':', ' : '), fc.oneof(scalar, list)).map(([k, sep, v]) => `${k}${sep}${v}`),
  fc.constantFrom('', '  nested: 1', '- item', '# comment', 'key:', 'a: b: c', '---x', '\r'),
);
const doc = fc.tuple(fc.array(line, { maxLength: 8 }), fc.constantFrom('---\n', '\ufeff---\n', '---\r\n', '--- \n'), fc.constantFrom('---\n', '---', '---\r\n', '', '----\n'), fc.constantFrom('\n', '\r\n')).map(
  ([lines, open, close, nl]) => `${open}${lines.join(nl)}${lines.length ? nl : ''}${close}\nbody\n`,
);

test('property: random front matter → index reader == parseItem', () => {
  let fast = 0;
  fc.assert(
    fc.property(doc, (text) => {
      assert.deepEqual(parseIndexItem(text, '/t/item.md'), reference(text, '/t/item.md'));
      if (parseItem(text, '/t/item.md', { withoutBody: true }).reader === 'fast' && text.startsWith('---\n')) fast++;
    }),
    { numRuns: 2000 },
  );
  // Both sides of the fast path were exercised, not only the hand-over. Over 40 seeds the count was
  // 200–276 (mean ~240, sd ~17); 120 is ~7 sd below, so a random run cannot trip it by chance.
  assert.ok(fast > 120, `fast-path documents: ${fast}`);
});

// Tickets as yoi writes them, each with at most two things changed: the reader's no-problem
// shortcut for yoi's own keys must agree with parseItem exactly, wherever that shortcut stops.
const cleanLine = {
  title: fc.constantFrom("'Fix the queue'", '"A \\"quoted\\" title"', "'it''s'", "'チケット移行'"),
  state: fc.constantFrom("'planning'", "'ready'", "'queued'", "'inprogress'", "'done'", "'closed'"),
  created_at: fc.constant("'2026-05-27T00:55:06Z'"),
  updated_at: fc.constant("'2026-05-28T10:00:00Z'"),
  assignee: fc.constantFrom('null', "'hare'"),
  readiness: fc.constantFrom("'implementation_ready'", "'blocked'"),
  risk_flags: fc.constantFrom('[]', "['secrets', 'process-exec']"),
  queued_by: fc.constantFrom("'orchestrator'", "'hare'"),
  queued_at: fc.constant("'2026-05-27T22:01:16Z'"),
  priority: fc.constantFrom("'high'", "'p1'"),
};
type CleanKey = keyof typeof cleanLine;
const optionalKeys: CleanKey[] = ['assignee', 'readiness', 'risk_flags', 'queued_by', 'queued_at', 'priority'];
const perturbation = fc.oneof(
  fc.tuple(fc.constantFrom<CleanKey>('title', 'state', 'created_at', 'updated_at', 'queued_at', 'priority', 'assignee', 'readiness', 'queued_by', 'risk_flags'),
    fc.constantFrom("''", "'  '", 'null', '12', "'bogus'", "'2026-05-27 00:55:06'", "'2026-13-27T00:55:06Z'", "'2026-05-27T00:55:06z'", '[]', "['a']", "'closed'", "'done '")).map(([k, v]) => ({ set: k, v })),
  fc.constantFrom<CleanKey>('title', 'state', 'created_at', 'updated_at').map((k) => ({ drop: k })),
  fc.constantFrom('status: \'closed\'', 'workflow_state: \'intake\'', 'id: \'x\'', 'labels: []', 'extra: \'y\'', 'title: \'dup\'', 'state: \'ready\'').map((l) => ({ add: l })),
);
const nearClean = fc.tuple(
  fc.record(cleanLine),
  fc.subarray(optionalKeys),
  fc.array(perturbation, { maxLength: 2 }),
  fc.boolean(),
).map(([values, optional, changes, reorder]) => {
  const v: Record<string, string> = { ...values };
  let keys: string[] = ['title', 'state', 'created_at', 'updated_at', ...optional];
  const extra: string[] = [];
  for (const c of changes) {
    if ('set' in c) { v[c.set] = c.v; if (!keys.includes(c.set)) keys.push(c.set); }
    else if ('drop' in c) keys = keys.filter((k) => k !== c.drop);
    else extra.push(c.add);
  }
  if (reorder) keys.reverse();
  return `---\n${[...keys.map((k) => `${k}: ${v[k]}`), ...extra].join('\n')}\n---\n\nbody\n`;
});

test('property: yoi-style tickets with up to two changes → index reader == parseItem', () => {
  let clean = 0;
  fc.assert(
    fc.property(nearClean, (text) => {
      const got = parseIndexItem(text, '/t/item.md');
      assert.deepEqual(got, reference(text, '/t/item.md'));
      if (got.problems.length === 0) clean++;
    }),
    { numRuns: 1500 },
  );
  // Both sides: tickets with nothing to report (the shortcut) and tickets with problems. Over 30
  // seeds the count was 595–670 (mean ~630, sd ~20): the bounds are over 20 sd away.
  assert.ok(clean > 200 && clean < 1400, `tickets without problems: ${clean}`);
});
