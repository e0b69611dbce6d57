// The pure writer pieces: front-matter patcher, attribute quoting, markers, body sanitising,
// and the action table the UI shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { patchFrontMatter, replaceBody, yamlSingleQuoted } from '../../../src/core/workflow/frontMatterPatch';
import { buildMarker, formatEvent, quoteAttributeValue, sanitizeBody } from '../../../src/core/workflow/events';
import { allowedActions, checkStateAction } from '../../../src/core/workflow/stateMachine';
import { isWorkflowError } from '../../../src/core/workflow/errors';
import { parseItem } from '../../../src/core/ticket/item';
import { parseAttrs, splitThread } from './corpusEvents';

test('front matter: replace in place, insert missing keys before --- in update order, keep the rest', () => {
  const src = "---\ntitle: \"Mixed\"\nstate: \"ready\"\n  updated_at:   'old'\nextra: keep me\n---\n\nbody: state: x\n---\n";
  const out = patchFrontMatter(src, [['updated_at', 'T'], ['state', 'queued'], ['queued_by', "o'brien"], ['queued_at', 'T']]);
  assert.equal(out, "---\ntitle: \"Mixed\"\nstate: 'queued'\nupdated_at: 'T'\nextra: keep me\nqueued_by: 'o''brien'\nqueued_at: 'T'\n---\n\nbody: state: x\n---\n");
  assert.equal(parseItem(out, 'x').fields.queuedBy, "o'brien");
  // No trailing newline stays so; BOM kept.
  assert.equal(patchFrontMatter('\ufeff---\na: 1\n---', [['b', 'x']]), "\ufeff---\na: 1\nb: 'x'\n---");
  assert.equal(patchFrontMatter('---\n---\nbody', [['k', null], ['l', ['a', 'b']], ['m', []]]), "---\nk: null\nl: ['a', 'b']\nm: []\n---\nbody");
  assert.throws(() => patchFrontMatter('no front matter', [['a', 'b']]), (e) => isWorkflowError(e, 'unreadable'));
  assert.throws(() => patchFrontMatter('---\na: 1\n', [['a', 'b']]), (e) => isWorkflowError(e, 'unreadable'));
  assert.throws(() => yamlSingleQuoted('two\nlines'), (e) => isWorkflowError(e, 'invalid-input'));
  assert.throws(() => yamlSingleQuoted('bell\u0007'), (e) => isWorkflowError(e, 'invalid-input'));
  assert.equal(replaceBody('---\na: 1\n---\nold\n', 'new\n'), '---\na: 1\n---\nnew\n');
  assert.equal(replaceBody('---\na: 1\n---', '\nnew\n'), '---\na: 1\n---\n\nnew\n');
});

test('front matter (property): untouched lines and the body are byte-identical; values round-trip through YAML', () => {
  const key = fc.constantFrom('title', 'state', 'updated_at', 'queued_by', 'readiness', 'x_custom');
  const value = fc.string({ unit: 'grapheme', maxLength: 30 }).filter((s) => !/[\r\n\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s));
  fc.assert(fc.property(fc.array(fc.tuple(key, value), { maxLength: 6 }), fc.string({ maxLength: 40 }), (updates, body) => {
    const src = `---\ntitle: 'T'\nstate: "planning"\ncreated_at: '2026-01-01T00:00:00Z'\nupdated_at: '2026-01-01T00:00:00Z'\nassignee: null\n---\n${body}`;
    const out = patchFrontMatter(src, updates);
    assert.ok(out.endsWith(`\n---\n${body}`));
    const parsed = parseItem(out, 'x');
    const last = new Map<string, string>(updates);
    for (const [k, v] of last) assert.equal(parsed.data[k], v);
    if (!last.has('created_at')) assert.ok(out.includes("\ncreated_at: '2026-01-01T00:00:00Z'\n"));
    if (!last.has('assignee')) assert.ok(out.includes('\nassignee: null\n'));
  }));
});

test('attribute quoting (§5.3) and marker order', () => {
  assert.equal(quoteAttributeValue('hare'), 'hare');
  assert.equal(quoteAttributeValue('yoi ticket'), '"yoi ticket"');
  assert.equal(quoteAttributeValue(''), '""');
  assert.equal(quoteAttributeValue('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(quoteAttributeValue('tab\there'), '"tab\there"');
  assert.equal(quoteAttributeValue('nbsp\u00a0x'), '"nbsp\u00a0x"');
  assert.equal(quoteAttributeValue('bom\ufeffx'), 'bom\ufeffx', 'U+FEFF is not whitespace for Rust');
  for (const bad of ['a\nb', 'a\rb', 'x-->y']) assert.throws(() => quoteAttributeValue(bad), (e) => isWorkflowError(e, 'invalid-input'));
  assert.equal(
    buildMarker({ kind: 'state_changed', author: 'yoi ticket', at: '2026-06-13T14:17:34Z', field: 'state', reason: 'queued', to: 'queued', from: 'ready' }),
    '<!-- event: state_changed author: "yoi ticket" at: 2026-06-13T14:17:34Z from: ready to: queued reason: queued field: state -->',
  );
  assert.equal(buildMarker({ kind: 'close', author: 'hare', at: 'T', status: 'closed', extra: [['k', 'v w']] }), '<!-- event: close author: hare at: T status: closed k: "v w" -->');
  assert.throws(() => buildMarker({ kind: 'x', author: 'a', at: 'T', extra: [['bad key', 'v']] }), (e) => isWorkflowError(e, 'invalid-input'));
  assert.throws(() => formatEvent({ attributes: { kind: 'comment', author: 'a', at: 'T' }, heading: 'C', body: '---' }), (e) => isWorkflowError(e, 'invalid-input'));
  assert.throws(() => formatEvent({ attributes: { kind: 'comment', author: 'a', at: 'T' }, heading: 'two\nlines', body: '' }), (e) => isWorkflowError(e, 'invalid-input'));
});

test('quoting (property): any single-line value parses back to itself with yoi\'s grammar', () => {
  const v = fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !/[\r\n]/.test(s) && !s.includes('-->'));
  fc.assert(fc.property(v, v, (author, reason) => {
    const m = buildMarker({ kind: 'state_changed', author: author || 'x', at: 'T', reason });
    const inner = /^<!-- (.*) -->$/.exec(m)![1];
    const attrs = parseAttrs(inner);
    assert.equal(attrs.author, author || 'x');
    assert.equal(attrs.reason, reason);
  }));
});

test('body sanitising: minimal, reported, and (property) an event always parses back as exactly one event', () => {
  assert.deepEqual(sanitizeBody('plain\n--- x\n----\n'), { body: 'plain\n--- x\n----\n', changes: [] });
  const r = sanitizeBody('a\n  ---  \n<!--x-->\n<!-- event: open\n<b><!-- c --></b>\n');
  assert.equal(r.body, 'a\n  ----  \n\\<!--x-->\n\\<!-- event: open\n<b><!-- c --></b>\n');
  assert.deepEqual(r.changes.map((c) => [c.line, c.kind]), [[2, 'separator'], [3, 'marker'], [4, 'marker']]);
  const line = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('---', ' --- ', '\t---', '<!-- event: x at: y -->', '  <!-- c -->', '<!--', '-->', '## h', ''));
  fc.assert(fc.property(fc.array(line, { maxLength: 8 }), (lines) => {
    const body = sanitizeBody(lines.join('\n')).body;
    const text = formatEvent({ attributes: { kind: 'comment', author: 'a', at: 'T' }, heading: 'Comment', body });
    const evs = splitThread('<!-- event: create author: a at: T -->\n\n## Created\n\nx\n\n---\n' + text);
    assert.equal(evs.length, 2);
    assert.equal(evs[1].body, body);
  }));
});

test('allowedActions: every state, with and without blockers', () => {
  const enabled = (state: Parameters<typeof allowedActions>[0]['state'], blockers: Parameters<typeof allowedActions>[1] = []) =>
    allowedActions({ state }, blockers).filter((a) => a.enabled).map((a) => a.action);
  const records = ['comment', 'plan', 'decision', 'implementationReport', 'review', 'editItem', 'addRelation', 'recordPlan'];
  assert.deepEqual(enabled('planning'), ['markReady', 'close', ...records]);
  assert.deepEqual(enabled('ready'), ['queue', 'returnToPlanning', 'close', ...records]);
  assert.deepEqual(enabled('queued'), ['returnToPlanning', 'accept', 'close', ...records]);
  assert.deepEqual(enabled('inprogress'), ['markDone', 'close', ...records]);
  assert.deepEqual(enabled('done'), ['close', ...records]);
  assert.deepEqual(enabled('closed'), records);
  assert.deepEqual(enabled(undefined), records.filter((a) => a !== 'editItem'));
  const planningQueue = allowedActions({ state: 'planning' }).find((a) => a.action === 'queue')!;
  assert.deepEqual(planningQueue.reason?.code, 'guard.not-ready');
  assert.equal(planningQueue.reason?.message, 'mark it ready before queueing');
  const five = ['A', 'B', 'C', 'D', 'E'].map((c) => ({ id: `00001KAAAAAA${c}`, via: 'depends_on' as const, state: 'planning' as const }));
  const q = allowedActions({ state: 'ready' }, [...five, { id: 'X', via: 'blocks', state: 'done' }]).find((a) => a.action === 'queue')!;
  assert.equal(q.enabled, false);
  assert.equal(q.reason?.message, 'waiting for 00001KAAAAAAA via depends_on (state: planning), 00001KAAAAAAB via depends_on (state: planning), 00001KAAAAAAC via depends_on (state: planning) (+2 more)');
  const ordered = allowedActions({ state: 'ready' }, [{ id: 'Q', via: 'depends_on', state: 'inprogress' }, { id: 'M', via: 'blocks', state: undefined }]).find((a) => a.action === 'queue')!;
  assert.equal(ordered.enabled, false, 'a missing blocker counts as planning');
  const ok = allowedActions({ state: 'ready' }, [{ id: 'Q', via: 'depends_on', state: 'queued' }]).find((a) => a.action === 'queue')!;
  assert.equal(ok.enabled, true);
  assert.equal(ok.reason?.code, 'hint.queue-ordered');
  assert.equal(checkStateAction('accept', 'queued', [{ id: 'Q', via: 'depends_on', state: 'inprogress' }])?.code, 'guard.unresolved-blockers');
  assert.equal(checkStateAction('accept', 'queued', [{ id: 'Q', via: 'depends_on', state: 'closed' }]), undefined);
  assert.equal(checkStateAction('close', 'closed')?.code, 'guard.already-closed');
});

test('allowedActions: an orchestration overlay further along disables state actions', () => {
  const acts = allowedActions({ state: 'queued' }, [], { state: 'inprogress' });
  for (const a of acts.filter((x) => x.to !== undefined)) {
    assert.equal(a.enabled, false);
    assert.equal(a.reason?.code, 'guard.orchestration-ahead');
  }
  assert.ok(acts.find((a) => a.action === 'comment')!.enabled);
  assert.ok(allowedActions({ state: 'queued' }, [], { state: 'queued' }).find((a) => a.action === 'accept')!.enabled);
});
