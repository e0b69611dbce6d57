// Doctor rules the corpus does not exercise, on small temp stores written file by file, and the
// incremental doctor against a full run after changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TicketStore } from '../../../src/core/store/ticketStore';
import { doctorTicket, Finding, IncrementalDoctor, markerLayout, readTicketFiles, runDoctor, TextLines, unquotedValueSpan } from '../../../src/core/doctor';

const A = '00001KXA00000';
const B = '00001KXB00000';
const C = '00001KXC00000';

function item(state = 'planning', extra = ''): string {
  return `---\ntitle: 'T'\nstate: '${state}'\ncreated_at: '2026-07-01T00:00:00Z'\nupdated_at: '2026-07-01T00:00:00Z'\n${extra}---\n\nBody\n`;
}
const ev = (kind: string, at: string, extra = '', body = 'text') => `<!-- event: ${kind} author: hare at: ${at}${extra ? ' ' + extra : ''} -->\n\n## H\n\n${body}\n\n---\n`;

function makeStore(): { root: string; ws: string; dispose(): void; ticket(id: string, files: Record<string, string>): void } {
  const ws = mkdtempSync(join(tmpdir(), 'yoi-doctor-'));
  const root = join(ws, '.yoi', 'tickets');
  mkdirSync(root, { recursive: true });
  return {
    ws, root,
    dispose: () => rmSync(ws, { recursive: true, force: true }),
    ticket(id, files) {
      for (const [name, text] of Object.entries(files)) {
        const p = join(root, id, name);
        mkdirSync(join(p, '..'), { recursive: true });
        if (name.endsWith('/')) mkdirSync(p, { recursive: true });
        else writeFileSync(p, text);
      }
    },
  };
}

const summary = (fs: Finding[], root: string) => fs.map((f) => `${f.family}:${f.severity}:${f.code}@${f.file.slice(root.length + 1)}:${f.line}:${f.column}-${f.endColumn}`);

test('store-level checks: legacy bucket, duplicate ID, folder without item.md, TODO.md, stray .md', () => {
  const s = makeStore();
  try {
    s.ticket(A, { 'item.md': item(), 'thread.md': ev('create', '2026-07-01T00:00:00Z'), 'artifacts/': '' });
    s.ticket(`closed/${A}`, { 'item.md': item('closed') });
    s.ticket(B, { 'thread.md': ev('create', '2026-07-01T00:00:00Z') });
    writeFileSync(join(s.root, 'README.md'), '# notes\n');
    writeFileSync(join(s.ws, '.yoi', 'TODO.md'), 'Plan\n- see tickets/foo.md\n');
    const store = new TicketStore(s.root).loadSync();
    const f = runDoctor(store);
    assert.deepEqual(summary(f, s.ws), [
      'yoi:error:store.todo-mentions-tickets@.yoi/TODO.md:2:7-15',
      'yoi:error:store.duplicate-id@.yoi/tickets/00001KXA00000:1:1-1',
      'extension:info:store.folder-without-item@.yoi/tickets/00001KXB00000:1:1-1',
      'yoi:error:store.markdown-in-tickets-dir@.yoi/tickets/README.md:1:1-8',
      'yoi:error:store.legacy-bucket@.yoi/tickets/closed:1:1-1',
    ]);
    const dup = f.find((x) => x.code === 'store.duplicate-id')!;
    assert.equal(dup.message, `Ticket ID ${A} exists more than once: ${A}, closed/${A}`);
    assert.equal(dup.ticket, A);
  } finally {
    s.dispose();
  }
});

test('relations: dangling target, cycles through depends_on and blocks, exact target spans', () => {
  const s = makeStore();
  try {
    const relFile = (id: string, rels: Array<[string, string]>) => JSON.stringify({ version: 1, relations: rels.map(([kind, target]) => ({ ticket_id: id, kind, target, author: 'hare', at: '2026-07-01T00:00:00Z' })) }, null, 2) + '\n';
    const base = { 'thread.md': ev('create', '2026-07-01T00:00:00Z') };
    s.ticket(A, { ...base, 'item.md': item(), 'artifacts/relations.json': relFile(A, [['depends_on', B], ['related', '00001KXZZZZZZ']]) });
    s.ticket(B, { ...base, 'item.md': item(), 'artifacts/relations.json': relFile(B, [['depends_on', C]]) });
    s.ticket(C, { ...base, 'item.md': item(), 'artifacts/relations.json': relFile(C, [['blocks', B], ['depends_on', '00001KXYYYYYY']]) });
    const store = new TicketStore(s.root).loadSync();
    const f = runDoctor(store);
    // B depends_on C and C blocks B both mean "B waits for C": no cycle yet.
    assert.deepEqual(f.filter((x) => x.code === 'relations.cycle'), []);
    assert.deepEqual(summary(f.filter((x) => x.code === 'relations.dangling-target'), s.ws), [
      'yoi:error:relations.dangling-target@.yoi/tickets/00001KXA00000/artifacts/relations.json:14:7-32',
      'yoi:error:relations.dangling-target@.yoi/tickets/00001KXC00000/artifacts/relations.json:14:7-32',
    ]);
    const relLines = readFileSync(join(s.root, A, 'artifacts', 'relations.json'), 'utf8').split('\n');
    assert.equal(relLines[13].slice(6, 31), '"target": "00001KXZZZZZZ"');
    s.ticket(A, { 'artifacts/relations.json': relFile(A, [['depends_on', B]]) });
    s.ticket(C, { 'artifacts/relations.json': relFile(C, [['depends_on', A]]) });
    const store2 = new TicketStore(s.root).loadSync();
    const cycles = runDoctor(store2).filter((x) => x.code === 'relations.cycle');
    assert.deepEqual(cycles.map((x) => `${x.ticket} ${x.params.target} ${x.params.cycle}`), [
      `${A} ${B} ${A} → ${B} → ${C} → ${A}`,
      `${B} ${C} ${B} → ${C} → ${A} → ${B}`,
      `${C} ${A} ${C} → ${A} → ${B} → ${C}`,
    ]);
    // `X blocks Y` makes Y wait for X: A depends_on B plus A blocks B is a two-ticket cycle.
    s.ticket(C, { 'artifacts/relations.json': relFile(C, []) });
    s.ticket(B, { 'artifacts/relations.json': relFile(B, []) });
    s.ticket(A, { 'artifacts/relations.json': relFile(A, [['depends_on', B], ['blocks', B]]) });
    const blocks = runDoctor(new TicketStore(s.root).loadSync()).filter((x) => x.code === 'relations.cycle');
    assert.deepEqual(blocks.map((x) => `${x.ticket} ${x.params.kind} ${x.line} ${x.params.cycle}`), [`${A} depends_on 7 ${A} → ${B} → ${A}`, `${A} blocks 14 ${B} → ${A} → ${B}`]);
  } finally {
    s.dispose();
  }
});

test('per-ticket yoi checks: missing thread/artifacts, item errors, state_changed/intake_summary, unterminated marker, artifact ..', () => {
  const s = makeStore();
  try {
    s.ticket(A, {
      'item.md': "---\ntitle: ''\nstate: 'bogus'\ncreated_at: '2026-07-01T00:00:00Z'\nupdated_at: '2026-07-01'\nslug: 'x'\n---\n",
      'artifacts/notes..md': 'x',
    });
    s.ticket(B, {
      'item.md': item(),
      'artifacts/': '',
      'thread.md': [
        ev('create', '2026-07-01T00:00:00Z'),
        '<!-- event: state_changed author: hare at: 2026-07-02T00:00:00Z from: ready -->\n\n## State changed\n\nx\n\n---\n',
        '<!-- event: intake_summary author: hare at: 2026-07-03T00:00:00Z -->\n\n## Intake summary\n\n---\n',
        '<!-- event: comment author: hare at: 2026-07-04T00:00:00Z\n',
        '<!-- event: review author: hare at: 2026-07-05T00:00:00Z status: lgtm -->\n\n## Review\n\nok\n\n---\n',
        '<!-- event: plan author: hare -->\n\n## Plan\n\np\n\n---\n',
      ].join('\n'),
    });
    const store = new TicketStore(s.root).loadSync();
    const f = runDoctor(store);
    assert.deepEqual(summary(f.filter((x) => x.ticket === A), s.ws), [
      'yoi:error:ticket.artifact-path-dotdot@.yoi/tickets/00001KXA00000/artifacts/notes..md:1:1-1',
      'yoi:error:ticket.missing-thread@.yoi/tickets/00001KXA00000/item.md:1:1-4',
      'yoi:error:item.missing-field@.yoi/tickets/00001KXA00000/item.md:2:1-10',
      'yoi:error:item.invalid-state@.yoi/tickets/00001KXA00000/item.md:3:1-15',
      'extension:info:item.invalid-timestamp@.yoi/tickets/00001KXA00000/item.md:5:1-25',
      'yoi:error:item.obsolete-field@.yoi/tickets/00001KXA00000/item.md:6:1-10',
    ]);
    assert.deepEqual(summary(f.filter((x) => x.ticket === B), s.ws), [
      'yoi:error:thread.state-changed-incomplete@.yoi/tickets/00001KXB00000/thread.md:9:1-80',
      'yoi:error:thread.intake-summary-incomplete@.yoi/tickets/00001KXB00000/thread.md:17:1-69',
      // The unterminated marker is plain text to yoi: dropped after the intake summary's `---`,
      // which then does not end its span.
      'extension:info:thread.missing-separator@.yoi/tickets/00001KXB00000/thread.md:17:1-69',
      'yoi:error:thread.unterminated-marker@.yoi/tickets/00001KXB00000/thread.md:23:1-58',
      'extension:info:thread.dropped-text@.yoi/tickets/00001KXB00000/thread.md:23:1-58',
      'yoi:warning:thread.review-invalid-status@.yoi/tickets/00001KXB00000/thread.md:25:66-70',
      'yoi:error:thread.missing-at@.yoi/tickets/00001KXB00000/thread.md:33:1-34',
    ]);
    const thLines = readFileSync(join(s.root, B, 'thread.md'), 'utf8').split('\n');
    assert.equal(thLines[24].slice(65, 69), 'lgtm');
    assert.equal(thLines[8].length, 79);
    const sc = f.find((x) => x.code === 'thread.state-changed-incomplete')!;
    assert.equal(sc.message, 'state_changed event lacks to, reason');
    assert.equal(f.find((x) => x.code === 'thread.review-invalid-status')!.message, 'Review status `lgtm` is not approve or request_changes');
  } finally {
    s.dispose();
  }
});

test('marker layout: offsets match the parser; quoted values; the span quoting would cover', () => {
  const line = '  <!-- event: create author: yoi ticket bot at: 2026-06-05T21:07:03Z -->';
  const l = markerLayout(line)!;
  assert.deepEqual(l.tokens.map((t) => [t.key, t.value, line.slice(t.valueStart, t.end)]), [['event', 'create', 'create'], ['author', 'yoi', 'yoi'], ['at', '2026-06-05T21:07:03Z', '2026-06-05T21:07:03Z']]);
  assert.deepEqual(l.strays.map((s) => [s.word, s.afterKey]), [['ticket', 'author'], ['bot', 'author']]);
  const span = unquotedValueSpan(new TextLines(line), 1, 'author')!;
  assert.equal(span.full, 'yoi ticket bot');
  assert.equal(line.slice(span.span.column - 1, span.span.endColumn - 1), 'yoi ticket bot');
  const q = markerLayout('<!-- event: x author: "a \\" b" at: t -->')!;
  assert.deepEqual(q.tokens.map((t) => [t.key, t.value, t.quoted]), [['event', 'x', false], ['author', 'a " b', true], ['at', 't', false]]);
  assert.equal(markerLayout('<!-- x'), undefined);
});

test('incremental doctor equals a full run after edits, deletions and additions', () => {
  const s = makeStore();
  try {
    const rel = (id: string, target: string) => JSON.stringify({ version: 1, relations: [{ ticket_id: id, kind: 'depends_on', target, author: 'a', at: '2026-07-01T00:00:00Z' }] }, null, 2) + '\n';
    s.ticket(A, { 'item.md': item(), 'thread.md': ev('create', '2026-07-01T00:00:00Z'), 'artifacts/relations.json': rel(A, B) });
    s.ticket(B, { 'item.md': item('closed'), 'thread.md': ev('create', '2026-07-01T00:00:00Z'), 'artifacts/': '', 'resolution.md': 'done\n' });
    const store = new TicketStore(s.root).loadSync();
    const inc = new IncrementalDoctor(store).runAllSync();
    const full = () => new IncrementalDoctor(new TicketStore(s.root).loadSync()).runAllSync().findings();
    // `storeFiles`: what the adapter's watcher on `TODO.md` / `tickets/*.md` reports.
    const step = (paths: string[], storeFiles = false) => {
      const cs = store.applyChanges(paths);
      const files = inc.update([...inc.affectedBy(cs), ...inc.affectedByPaths(paths)], storeFiles || IncrementalDoctor.storeLevelAffectedBy(cs));
      assert.deepEqual(inc.findings(), full());
      return files;
    };
    assert.deepEqual(inc.findings(), []);
    // B disappears: A's relation dangles (A is re-checked although only B changed).
    rmSync(join(s.root, B), { recursive: true });
    step([join(s.root, B)]);
    assert.deepEqual(inc.findings().map((f) => f.code), ['relations.dangling-target']);
    // B comes back without resolution.md and with a bad review.
    s.ticket(B, { 'item.md': item('closed'), 'thread.md': ev('review', '2026-07-01T00:00:00Z'), 'artifacts/': '' });
    const files = step([join(s.root, B)]);
    assert.ok(files.has(join(s.root, A, 'artifacts', 'relations.json')));
    assert.deepEqual(inc.findings().map((f) => f.code).sort(), ['thread.review-without-status', 'ticket.closed-without-resolution']);
    assert.deepEqual(inc.findings({ includeClosed: false }), []);
    // thread.md edit (a "touched" change) and the resolution written.
    writeFileSync(join(s.root, B, 'thread.md'), ev('review', '2026-07-01T00:00:00Z', 'status: approve'));
    writeFileSync(join(s.root, B, 'resolution.md'), 'ok\n');
    step([join(s.root, B, 'thread.md'), join(s.root, B, 'resolution.md')]);
    assert.deepEqual(inc.findings(), []);
    // artifacts/ removed (the folder event alone), then a relations.json typo.
    rmSync(join(s.root, B, 'artifacts'), { recursive: true });
    step([join(s.root, B, 'artifacts')]);
    assert.deepEqual(inc.findings().map((f) => f.code), ['ticket.missing-artifacts']);
    writeFileSync(join(s.root, A, 'artifacts', 'relations.json'), '{ "version": 1, "relations": [ }');
    step([join(s.root, A, 'artifacts', 'relations.json')]);
    assert.deepEqual(inc.findings().map((f) => f.code).sort(), ['relations.invalid-json', 'ticket.missing-artifacts']);
    unlinkSync(join(s.root, A, 'artifacts', 'relations.json'));
    step([join(s.root, A, 'artifacts', 'relations.json')]);
    // A thread edit alone does not re-run the store-level checks; a stray tickets/*.md does.
    writeFileSync(join(s.root, 'stray.md'), 'x\n');
    step([join(s.root, 'stray.md')], true);
    assert.deepEqual(inc.findings().map((f) => f.code).sort(), ['store.markdown-in-tickets-dir', 'ticket.missing-artifacts']);
    writeFileSync(join(s.root, A, 'thread.md'), ev('create', '2026-07-01T00:00:00Z') + ev('comment', '2026-07-02T00:00:00Z'));
    const cs = store.applyChanges([join(s.root, A, 'thread.md')]);
    assert.equal(IncrementalDoctor.storeLevelAffectedBy(cs), false);
    assert.deepEqual(inc.affectedBy(cs), [A]);
  } finally {
    s.dispose();
  }
});

test('doctorTicket is pure over TicketFiles: variations without touching disk', () => {
  const s = makeStore();
  try {
    s.ticket(A, { 'item.md': item('closed'), 'thread.md': ev('create', '2026-07-01T00:00:00Z') + ev('close', '2026-07-02T00:00:00Z', 'status: closed'), 'artifacts/': '' });
    const files = readTicketFiles(s.root, A);
    const ctx = { exists: () => true };
    assert.deepEqual(doctorTicket(files, ctx).findings.map((f) => f.code), ['ticket.closed-without-resolution']);
    assert.deepEqual(doctorTicket({ ...files, hasResolution: true }, ctx).findings, []);
    const res = doctorTicket({ ...files, hasResolution: true, thread: files.thread + ev('close', '2026-07-03T00:00:00Z') }, ctx);
    assert.deepEqual(res.findings.map((f) => `${f.code}:${f.line}:${f.message}`), ['thread.multiple-close:15:The ticket was already closed by the close event at line 8 (no reopen in between)']);
    assert.equal(res.thread?.events.length, 3);
  } finally {
    s.dispose();
  }
});
