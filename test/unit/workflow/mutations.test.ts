// Every mutation and guard through the public write API, on temp copies of real corpus Tickets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireShared } from '../helpers/shared';
import { splitThread } from './corpusEvents';
import { CORPUS_TICKETS, tempWorkspace } from './tempStore';
import { TicketWorkflow } from '../../../src/core/workflow/ticketWorkflow';
import { fixedClock } from '../../../src/core/workflow/ports';
import { isWorkflowError, WorkflowError } from '../../../src/core/workflow/errors';
import { frontMatterLine, patchFrontMatter } from '../../../src/core/workflow/frontMatterPatch';
import { hashText } from '../../../src/core/workflow/freshReads';
import { parseItem } from '../../../src/core/ticket/item';
import { encodeId } from '../../../src/core/ids';
import { parseThread } from '../../../src/core/thread/thread';

const READY = '00001KXMK846H';
const PLANNING = '00001KY1ZKCPC';
const PLANNING2 = '00001KSKBPDVG';
const CLOSED = '00001KXNYXNM6';
const AT = '2026-08-01T10:00:00Z';

const wf = (root: string, author = 'tester', at = AT) => new TicketWorkflow({ workspaceRoot: root, clock: fixedClock(at), author, lock: { waitMs: 200 } });

async function refused(p: Promise<unknown>, code: WorkflowError['code'], reason?: string): Promise<WorkflowError> {
  try {
    await p;
  } catch (e) {
    assert.ok(isWorkflowError(e), `expected a WorkflowError, got ${e}`);
    assert.equal(e.code, code, e.message);
    if (reason) assert.equal(e.reason, reason, e.message);
    return e;
  }
  assert.fail(`expected refusal ${code}`);
}

function setState(ws: ReturnType<typeof tempWorkspace>, id: string, state: string) {
  ws.write(id, 'item.md', patchFrontMatter(ws.read(id, 'item.md'), [['state', state]]));
}

/** Lines that differ between two texts (same line count assumed unless inserted at the end of front matter). */
const lastEvents = (thread: string, n: number) => splitThread(thread).slice(-n);

test('queue: ready → queued writes the event and exactly the four front-matter lines', async (t) => {
  if (!requireShared(t, CORPUS_TICKETS)) return;
  const ws = tempWorkspace([READY, CLOSED]);
  try {
    const beforeItem = ws.read(READY, 'item.md');
    const beforeThread = ws.read(READY, 'thread.md');
    const otherBefore = ws.read(CLOSED, 'item.md');
    const r = await wf(ws.root).queue(READY, { queuedBy: 'workspace-panel' }, { expect: { state: 'ready', itemHash: hashText(beforeItem) } });
    assert.equal(r.copy, 'workspace');
    assert.equal(r.from, 'ready');
    assert.equal(r.to, 'queued');
    const thread = ws.read(READY, 'thread.md');
    assert.equal(thread, beforeThread + `\n<!-- event: state_changed author: workspace-panel at: ${AT} from: ready to: queued reason: queued field: state -->\n\n## State changed\n\nTicket を \`workspace-panel\` が queued にしました。\n\n\n---\n`);
    const item = ws.read(READY, 'item.md');
    const expected = beforeItem
      .replace("state: 'ready'", "state: 'queued'")
      .replace("updated_at: '2026-07-16T04:38:21Z'", `updated_at: '${AT}'`)
      .replace("assignee: null\n---\n", `assignee: null\nqueued_by: 'workspace-panel'\nqueued_at: '${AT}'\n---\n`);
    assert.equal(item, expected);
    assert.equal(r.itemHash, hashText(item));
    assert.equal(ws.read(CLOSED, 'item.md'), otherBefore);
    assert.ok(existsSync(join(ws.tickets, '.ticket-backend.lock')), 'lock file is created and kept');
    assert.equal(parseItem(item, 'item.md').fields.state, 'queued');
    // Queueing again is a guard refusal (state is now queued).
    await refused(wf(ws.root).queue(READY), 'guard', 'guard.wrong-state');
  } finally {
    ws.dispose();
  }
});

test('queue guards: planning is refused; active blockers refuse; queued/inprogress blockers allow', async (t) => {
  if (!requireShared(t, CORPUS_TICKETS)) return;
  const ws = tempWorkspace([READY, PLANNING, PLANNING2]);
  try {
    const e = await refused(wf(ws.root).queue(PLANNING), 'guard', 'guard.not-ready');
    assert.equal(e.message, 'mark it ready before queueing');
    await wf(ws.root).addRelation(READY, { kind: 'depends_on', target: PLANNING });
    const blocked = await refused(wf(ws.root).queue(READY), 'guard', 'guard.active-blockers');
    assert.equal(blocked.message, `waiting for ${PLANNING} via depends_on (state: planning)`);
    // An incoming `blocks` from another Ticket blocks too.
    await wf(ws.root).addRelation(PLANNING2, { kind: 'blocks', target: READY });
    const both = await refused(wf(ws.root).queue(READY), 'guard', 'guard.active-blockers');
    assert.match(both.message, new RegExp(`${PLANNING} via depends_on \\(state: planning\\), ${PLANNING2} via blocks \\(state: planning\\)`));
    setState(ws, PLANNING, 'queued');
    setState(ws, PLANNING2, 'done');
    const r = await wf(ws.root).queue(READY);
    assert.equal(r.to, 'queued');
    // accept needs zero unresolved blockers: PLANNING is only queued.
    const acc = await refused(wf(ws.root).accept(READY), 'guard', 'guard.unresolved-blockers');
    assert.match(acc.message, /blocked by 00001KY1ZKCPC via depends_on \(state: queued\)/);
    setState(ws, PLANNING, 'closed');
    const ok = await wf(ws.root).accept(READY, { reason: 'orchestrator_acceptance', body: 'Accepted.\n' });
    assert.equal(ok.to, 'inprogress');
  } finally {
    ws.dispose();
  }
});

test('state changes: accept, done, return to planning (reason required), wrong transitions refused', async (t) => {
  if (!requireShared(t, CORPUS_TICKETS)) return;
  const ws = tempWorkspace([READY]);
  try {
    await refused(wf(ws.root).accept(READY), 'guard', 'guard.wrong-state');
    await refused(wf(ws.root).markDone(READY), 'guard', 'guard.wrong-state');
    await refused(wf(ws.root).returnToPlanning(READY, { reason: 'bad\nreason' }), 'invalid-input', 'input.multiline');
    await refused(wf(ws.root).setState(READY, 'closed'), 'guard', 'guard.use-close');
    await refused(wf(ws.root).setState(READY, 'ready', { summary: 'x' }), 'guard', 'guard.wrong-state');
    const back = await wf(ws.root, 'workspace-panel').returnToPlanning(READY, { reason: 'panel_return_to_planning', body: 'Panel returned it.\n' });
    assert.equal(back.from, 'ready');
    const ev = lastEvents(ws.read(READY, 'thread.md'), 1)[0];
    assert.deepEqual(ev.attrs, { event: 'state_changed', author: 'workspace-panel', at: AT, from: 'ready', to: 'planning', reason: 'panel_return_to_planning', field: 'state' });
    // CLI-style cycle: planning → ready → queued → inprogress → done.
    await wf(ws.root).setState(READY, 'ready', { summary: 'Requirements agreed.\n', reason: 'cli_state' });
    const two = lastEvents(ws.read(READY, 'thread.md'), 2);
    assert.deepEqual(two.map((e) => e.kind), ['intake_summary', 'state_changed']);
    assert.equal(two[0].body, 'Requirements agreed.\n');
    assert.equal(two[1].body, 'Ticket planning が完了しました。state planning -> ready。');
    await wf(ws.root).setState(READY, 'queued');
    await wf(ws.root).setState(READY, 'inprogress', { reason: 'cli_state' });
    await wf(ws.root).setState(READY, 'done', { reason: 'cli_state' });
    const last = lastEvents(ws.read(READY, 'thread.md'), 1)[0];
    assert.equal(last.text, `\n<!-- event: state_changed author: tester at: ${AT} from: inprogress to: done reason: cli_state field: state -->\n\n## State changed\n\nState changed to \`done\`.\n\n\n---\n`);
    assert.equal(frontMatterLine(ws.read(READY, 'item.md'), 'state'), "state: 'done'");
    // queued → planning from the Orchestrator.
    const ws2 = tempWorkspace([READY]);
    try {
      await wf(ws2.root).queue(READY);
      await refused(wf(ws2.root).returnToPlanning(READY, { reason: '' }), 'invalid-input', 'input.empty');
      const r = await wf(ws2.root, 'orchestrator').returnToPlanning(READY, { reason: 'requirements_sync_needed_scope', body: 'Missing decision.\n' });
      assert.deepEqual([r.from, r.to], ['queued', 'planning']);
    } finally {
      ws2.dispose();
    }
  } finally {
    ws.dispose();
  }
});

test('close: from any open state writes state_changed, resolution.md and the close event; re-close refused', async (t) => {
  if (!requireShared(t, CORPUS_TICKETS)) return;
  const ws = tempWorkspace([PLANNING, CLOSED]);
  try {
    const resolution = 'Superseded by a smaller ticket.\n\n---\n\nDetails below.\n';
    const r = await wf(ws.root, 'hare').close(PLANNING, { resolution });
    assert.deepEqual([r.from, r.to], ['planning', 'closed']);
    assert.equal(ws.read(PLANNING, 'resolution.md'), resolution, 'resolution.md is verbatim');
    const [sc, close] = lastEvents(ws.read(PLANNING, 'thread.md'), 2);
    assert.equal(sc.text, `\n<!-- event: state_changed author: hare at: ${AT} from: planning to: closed reason: closed field: state -->\n\n## State changed\n\nTicket を closed にしました。\n\n\n---\n`);
    assert.equal(close.attrs.status, 'closed');
    assert.equal(close.heading, '完了');
    // The body's `---` line was made harmless and reported.
    assert.equal(close.body, 'Superseded by a smaller ticket.\n\n----\n\nDetails below.\n');
    assert.deepEqual(r.sanitized.map((s) => [s.event, s.line, s.kind, s.after]), [[1, 3, 'separator', '----']]);
    assert.equal(frontMatterLine(ws.read(PLANNING, 'item.md'), 'state'), "state: 'closed'");
    await refused(wf(ws.root).close(CLOSED, { resolution: 'again' }), 'guard', 'guard.already-closed');
    const before = ws.read(CLOSED, 'thread.md');
    const again = await wf(ws.root, 'hare').close(CLOSED, { resolution: 'Closed again.', allowReclose: true });
    assert.equal(again.events.length, 1, 'no state change when already closed');
    assert.ok(ws.read(CLOSED, 'thread.md').startsWith(before));
    await refused(wf(ws.root).close(CLOSED, { resolution: '  ', allowReclose: true }), 'invalid-input', 'input.empty');
  } finally {
    ws.dispose();
  }
});

test('record events: comment, plan, decision, implementation_report, review; English headings; sanitising', async (t) => {
  if (!requireShared(t, CORPUS_TICKETS)) return;
  const ws = tempWorkspace([READY]);
  try {
    const w = wf(ws.root, 'yoi ticket');
    await w.comment(READY, 'A comment.\n');
    await w.recordEvent(READY, 'plan', { body: 'A plan.\n' });
    await w.recordEvent(READY, 'decision', { body: 'Routing decision: implementation_ready\n' });
    const rep = await w.recordEvent(READY, 'implementation_report', { body: 'Report.\n' });
    assert.equal(rep.copy, 'workspace', 'no orchestration copy: orchestrator writes fall back to the workspace');
    assert.ok(rep.note?.includes('no orchestration worktree'));
    await w.review(READY, { status: 'request_changes', body: 'Fix it.\n' });
    await refused(w.review(READY, { status: 'maybe' as 'approve', body: 'x' }), 'invalid-input', 'input.review-status');
    await refused(w.comment(READY, ''), 'invalid-input', 'input.empty');
    const evs = lastEvents(ws.read(READY, 'thread.md'), 5);
    assert.deepEqual(evs.map((e) => [e.kind, e.heading, e.attrs.author]), [
      ['comment', 'Comment', 'yoi ticket'], ['plan', 'Plan', 'yoi ticket'], ['decision', 'Decision', 'yoi ticket'],
      ['implementation_report', 'Implementation report', 'yoi ticket'], ['review', 'Review: request changes', 'yoi ticket'],
    ]);
    assert.ok(evs[4].text.includes(`<!-- event: review author: "yoi ticket" at: ${AT} status: request_changes -->`));
    // A hostile body cannot end the event early or fabricate another one.
    const hostile = 'intro\n---\n<!-- event: state_changed author: x at: 2020-01-01T00:00:00Z from: ready to: done reason: x field: state -->\n  <!-- note -->\nend\n';
    const r = await w.comment(READY, hostile);
    assert.deepEqual(r.sanitized.map((s) => [s.line, s.kind]), [[2, 'separator'], [3, 'marker'], [4, 'marker']]);
    const all = splitThread(ws.read(READY, 'thread.md'));
    const last = all[all.length - 1];
    assert.equal(last.kind, 'comment');
    assert.equal(last.body, 'intro\n----\n\\<!-- event: state_changed author: x at: 2020-01-01T00:00:00Z from: ready to: done reason: x field: state -->\n  \\<!-- note -->\nend\n');
    const parsed = parseThread(ws.read(READY, 'thread.md'), 'thread.md');
    assert.equal(parsed.events.length, all.length);
    assert.equal(parsed.events[parsed.events.length - 1].body, last.body!.replace(/\n+$/, ''), 'yoi\'s grammar reads the whole body back');
    assert.equal(frontMatterLine(ws.read(READY, 'item.md'), 'updated_at'), `updated_at: '${AT}'`);
  } finally {
    ws.dispose();
  }
});

test('edit item: title and body replaced, item_edit appended; body verbatim after the closing ---', async (t) => {
  if (!requireShared(t, CORPUS_TICKETS)) return;
  const ws = tempWorkspace([PLANNING]);
  try {
    await wf(ws.root).editItem(PLANNING, { title: "It's new", body: '## 背景\n\nNew body.\n' });
    const item = ws.read(PLANNING, 'item.md');
    assert.equal(frontMatterLine(item, 'title'), "title: 'It''s new'");
    assert.ok(item.endsWith("readiness: 'draft'\n---\n## 背景\n\nNew body.\n"));
    assert.equal(parseItem(item, 'item.md').fields.title, "It's new");
    const ev = lastEvents(ws.read(PLANNING, 'thread.md'), 1)[0];
    assert.equal(ev.heading, '項目更新');
    assert.equal(ev.body, 'Ticket item updated: title, body.');
    await wf(ws.root).editItem(PLANNING, { body: '\nBody only.\n' });
    assert.ok(ws.read(PLANNING, 'item.md').endsWith('---\n\nBody only.\n'));
    assert.equal(lastEvents(ws.read(PLANNING, 'thread.md'), 1)[0].body, 'Ticket item updated: body.');
    await refused(wf(ws.root).editItem(PLANNING, {}), 'invalid-input', 'input.nothing-to-edit');
    await refused(wf(ws.root).editItem(PLANNING, { title: 'two\nlines' }), 'invalid-input', 'input.multiline');
  } finally {
    ws.dispose();
  }
});

test('relations: add validates, sorts, bumps updated_at without a thread event', async (t) => {
  if (!requireShared(t, CORPUS_TICKETS)) return;
  const ws = tempWorkspace([READY, PLANNING, PLANNING2, CLOSED]);
  try {
    const thread = ws.read(READY, 'thread.md');
    await wf(ws.root).addRelation(READY, { kind: 'related', target: PLANNING, note: 'context' });
    await wf(ws.root, 'yoi ticket').addRelation(READY, { kind: 'depends_on', target: PLANNING2 });
    await wf(ws.root).addRelation(READY, { kind: 'related', target: CLOSED });
    const json = JSON.parse(ws.read(READY, 'artifacts/relations.json'));
    assert.deepEqual(json.relations.map((r: { kind: string; target: string }) => `${r.kind}:${r.target}`), [`depends_on:${PLANNING2}`, `related:${CLOSED}`, `related:${PLANNING}`]);
    assert.deepEqual(Object.keys(json.relations[2]), ['ticket_id', 'kind', 'target', 'note', 'author', 'at']);
    assert.deepEqual(Object.keys(json.relations[0]), ['ticket_id', 'kind', 'target', 'author', 'at']);
    assert.equal(ws.read(READY, 'thread.md'), thread);
    assert.equal(frontMatterLine(ws.read(READY, 'item.md'), 'updated_at'), `updated_at: '${AT}'`);
    await refused(wf(ws.root).addRelation(READY, { kind: 'related', target: PLANNING }), 'invalid-input', 'relation.duplicate');
    await refused(wf(ws.root).addRelation(READY, { kind: 'related', target: READY }), 'invalid-input', 'input.relation-self');
    await refused(wf(ws.root).addRelation(READY, { kind: 'related', target: '00001KZZZZZZZ' }), 'not-found', 'relation.target-missing');
    await refused(wf(ws.root).addRelation(READY, { kind: 'parent_of' as 'related', target: PLANNING }), 'invalid-input', 'input.relation-kind');
    // A relations.json we cannot fully read is never rewritten.
    ws.write(READY, 'artifacts/relations.json', '{"version": 2, "relations": []}\n');
    await refused(wf(ws.root).addRelation(READY, { kind: 'related', target: PLANNING2 }), 'unreadable', 'relations.unreadable');
    assert.equal(ws.read(READY, 'artifacts/relations.json'), '{"version": 2, "relations": []}\n');
  } finally {
    ws.dispose();
  }
});

test('plan records: id scheme, validation, append-only, no thread event', async (t) => {
  if (!requireShared(t, CORPUS_TICKETS)) return;
  const ws = tempWorkspace([READY]);
  try {
    const w = wf(ws.root, 'orchestrator', '2026-08-01T10:00:05Z');
    await w.recordPlan(READY, { kind: 'waiting_capacity_note', note: 'Two tickets in progress.' });
    await w.recordPlan(READY, { kind: 'accepted_plan', acceptedPlan: { summary: 'Do it.', branch: `work/${READY}-staging`, worktree: '/tmp/wt', rolePlan: 'Coder then reviewer.' } });
    const lines = ws.read(READY, 'artifacts/orchestration-plan.jsonl').split('\n');
    assert.equal(lines.length, 3);
    assert.equal(lines[2], '');
    assert.deepEqual(JSON.parse(lines[0]), { id: 'orch-plan-20260801-100005-1', ticket_id: READY, kind: 'waiting_capacity_note', note: 'Two tickets in progress.', author: 'orchestrator', at: '2026-08-01T10:00:05Z' });
    assert.equal(lines[1], `{"id":"orch-plan-20260801-100005-2","ticket_id":"${READY}","kind":"accepted_plan","accepted_plan":{"summary":"Do it.","branch":"work/${READY}-staging","worktree":"/tmp/wt","role_plan":"Coder then reviewer."},"author":"orchestrator","at":"2026-08-01T10:00:05Z"}`);
    await refused(w.recordPlan(READY, { kind: 'after' }), 'invalid-input', 'input.plan-field');
    await refused(w.recordPlan(READY, { kind: 'accepted_plan' }), 'invalid-input', 'input.plan-field');
    await refused(w.recordPlan(READY, { kind: 'before', relatedTicket: PLANNING, acceptedPlan: { summary: 'x' } }), 'invalid-input', 'input.plan-accepted-plan');
  } finally {
    ws.dispose();
  }
});

test('create: mints the next free millisecond, writes item.md/thread.md/.gitkeep, JA and EN text', async (t) => {
  if (!requireShared(t, CORPUS_TICKETS)) return;
  const ws = tempWorkspace([READY]);
  const en = tempWorkspace([], { english: true });
  try {
    const ms = Date.parse('2026-08-01T10:00:00.123Z');
    // The first candidate is taken: create must use the next millisecond.
    ws.write(READY, 'x', '');
    const taken = encodeId(ms);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(ws.tickets, taken));
    const r = await new TicketWorkflow({ workspaceRoot: ws.root, clock: fixedClock(new Date(ms)), author: 'yoi ticket' }).create({ title: 'New ticket' });
    assert.equal(r.ticketId, encodeId(ms + 1));
    const dir = join(ws.tickets, r.ticketId);
    assert.deepEqual(readdirSync(dir).sort(), ['artifacts', 'item.md', 'thread.md']);
    assert.equal(readFileSync(join(dir, 'artifacts', '.gitkeep'), 'utf8'), '');
    assert.equal(readFileSync(join(dir, 'item.md'), 'utf8'),
      "---\ntitle: 'New ticket'\nstate: 'planning'\ncreated_at: '2026-08-01T10:00:00Z'\nupdated_at: '2026-08-01T10:00:00Z'\nassignee: null\n---\n\n## 背景\n\nLocalTicketBackend によって作成されました。\n\n## 受け入れ条件\n\n- 未定\n");
    assert.equal(readFileSync(join(dir, 'thread.md'), 'utf8'),
      '<!-- event: create author: "yoi ticket" at: 2026-08-01T10:00:00Z -->\n\n## 作成\n\nLocalTicketBackend によって作成されました。\n\n---\n');
    assert.ok(!readdirSync(ws.tickets).some((n) => n.includes('.tmp.')), 'no temp folder left behind');
    const e = await new TicketWorkflow({ workspaceRoot: en.root, clock: fixedClock(new Date(ms)), author: 'me' })
      .create({ title: 'Ready one', body: '## Goal\n\nShip it.', state: 'ready', readiness: 'implementation_ready', riskFlags: ['ui', "o'k"] });
    const item = readFileSync(join(en.tickets, e.ticketId, 'item.md'), 'utf8');
    assert.equal(item, "---\ntitle: 'Ready one'\nstate: 'ready'\ncreated_at: '2026-08-01T10:00:00Z'\nupdated_at: '2026-08-01T10:00:00Z'\nassignee: null\nreadiness: 'implementation_ready'\nrisk_flags: ['ui', 'o''k']\n---\n\n## Goal\n\nShip it.\n");
    assert.deepEqual(parseItem(item, 'item.md').fields.riskFlags, ['ui', "o'k"]);
    assert.ok(readFileSync(join(en.tickets, e.ticketId, 'thread.md'), 'utf8').startsWith('<!-- event: create author: me at: 2026-08-01T10:00:00Z -->\n\n## Created\n\nCreated by LocalTicketBackend create.\n\n---\n'));
    await refused(new TicketWorkflow({ workspaceRoot: en.root }).create({ title: ' ' }), 'invalid-input', 'input.empty');
    await refused(new TicketWorkflow({ workspaceRoot: en.root }).create({ title: 'x', state: 'queued' as 'ready' }), 'invalid-input', 'input.initial-state');
  } finally {
    ws.dispose();
    en.dispose();
  }
});

test('conflicts: expected state, item.md hash or mtime differing on disk refuse the write and write nothing', async (t) => {
  if (!requireShared(t, CORPUS_TICKETS)) return;
  const ws = tempWorkspace([READY]);
  try {
    const seen = ws.read(READY, 'item.md');
    const thread = ws.read(READY, 'thread.md');
    const s = await refused(wf(ws.root).queue(READY, {}, { expect: { state: 'planning' } }), 'conflict', 'conflict.state');
    assert.match(s.message, /is ready on disk, not planning/);
    // Someone edits item.md underneath (e.g. the user in the editor).
    ws.write(READY, 'item.md', seen.replace('## 背景', '## 背景 (edited)'));
    const c = await refused(wf(ws.root).queue(READY, {}, { expect: { state: 'ready', itemHash: hashText(seen) } }), 'conflict', 'conflict.item-changed');
    assert.match(c.message, /changed on disk since you last saw it/);
    await refused(wf(ws.root).comment(READY, 'x\n', {}, { expect: { itemMtimeMs: 1 } }), 'conflict', 'conflict.item-changed');
    assert.equal(ws.read(READY, 'thread.md'), thread);
    // Unreadable item.md is never patched.
    ws.write(READY, 'item.md', 'no front matter\n');
    await refused(wf(ws.root).queue(READY), 'unreadable', 'item.unreadable');
    await refused(wf(ws.root).comment(READY, 'x\n'), 'unreadable', 'item.unreadable');
    assert.equal(ws.read(READY, 'thread.md'), thread);
    await refused(wf(ws.root).queue('00001KZZZZZZZ'), 'not-found', 'ticket.not-found');
    await refused(wf(ws.root).queue('not-an-id'), 'invalid-input', 'input.invalid-id');
  } finally {
    ws.dispose();
  }
});

test('CRLF item.md and a file without trailing newline keep their bytes except the touched lines', async (t) => {
  if (!requireShared(t, CORPUS_TICKETS)) return;
  const ws = tempWorkspace([READY]);
  try {
    const crlf = ws.read(READY, 'item.md').replace(/\n/g, '\r\n');
    ws.write(READY, 'item.md', crlf);
    await wf(ws.root).queue(READY);
    const item = ws.read(READY, 'item.md');
    assert.ok(!/[^\r]\n/.test(item), 'still CRLF everywhere');
    assert.ok(item.includes(`queued_by: 'tester'\r\nqueued_at: '${AT}'\r\n---\r\n`));
    assert.equal(item.replace(/\r\n/g, '\n').split('\n').length, crlf.replace(/\r\n/g, '\n').split('\n').length + 2);
    ws.write(READY, 'item.md', "---\ntitle: 'x'\nstate: 'queued'\ncreated_at: 'a'\nupdated_at: 'b'\n---\nbody without newline");
    await wf(ws.root).comment(READY, 'x');
    assert.equal(ws.read(READY, 'item.md'), `---\ntitle: 'x'\nstate: 'queued'\ncreated_at: 'a'\nupdated_at: '${AT}'\n---\nbody without newline`);
  } finally {
    ws.dispose();
  }
});

test('no temp files are left and item.md keeps its mode after atomic replace', async (t) => {
  if (!requireShared(t, CORPUS_TICKETS)) return;
  const ws = tempWorkspace([READY]);
  try {
    const { chmodSync, statSync } = await import('node:fs');
    chmodSync(join(ws.ticketDir(READY), 'item.md'), 0o600);
    await wf(ws.root).queue(READY);
    assert.equal(statSync(join(ws.ticketDir(READY), 'item.md')).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(ws.ticketDir(READY)).filter((n) => n.startsWith('.')), []);
    writeFileSync(join(ws.ticketDir(READY), 'probe'), '');
  } finally {
    ws.dispose();
  }
});
