// Workflow commands in the real VS Code on a temp copy of the sample workspace: every command's
// happy path with all inputs passed as options (no prompt is shown), queue from a tree node and
// from a multi-selection, and the refusals (blockers, conflicts, unsaved editors, wrong state).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { YoiApi } from '../../../../src/extension';
import type { TicketTreeNode } from '../../../../src/vscode/tickets/ticketTree';
import type { CommandOutcome } from '../../../../src/vscode/workflow';
import { api, waitFor, workspaceDir } from '../../util';

type TicketNodeT = Extract<TicketTreeNode, { kind: 'ticket' }>;
const PLANNING = '00001M5C9FFKB';
const READY = '00001M57KVHQK';
const READY_BLOCKED = '00001M5EMFEDV';
const QUEUED = '00001M5276393';
const DONE = '00001M4K57YFV';
const CLOSED = '00001M3XMWBNV';

const dir = (id: string) => join(workspaceDir(), '.yoi', 'tickets', id);
const read = (id: string, f: string) => readFileSync(join(dir(id), f), 'utf8');
const stateOnDisk = (id: string) => /^state: '?(\w+)'?$/m.exec(read(id, 'item.md'))?.[1];
const markers = (id: string) => read(id, 'thread.md').split('\n').filter((l) => l.startsWith('<!-- event:'));
const lastMarker = (id: string) => markers(id).at(-1) ?? '';
const run = (cmd: string, ...args: unknown[]) => vscode.commands.executeCommand<CommandOutcome>(cmd, ...args);

describe('workflow commands (sample workspace)', () => {
  let yoi: YoiApi;
  const node = (id: string): TicketNodeT | undefined => {
    for (const g of yoi.ticketTree.getChildren()) {
      const n = (yoi.ticketTree.getChildren(g) as TicketNodeT[]).find((t) => t.kind === 'ticket' && t.id === id);
      if (n) return n;
    }
    return undefined;
  };
  const groupOf = (id: string) => node(id)?.summary.state;
  let created = '';

  before(async () => {
    yoi = await api<YoiApi>();
    await yoi.stores.ready();
    await vscode.commands.executeCommand('yoi.tickets.refresh');
  });

  it('registers every workflow command', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of ['yoi.createTicket', 'yoi.markReady', 'yoi.queueTicket', 'yoi.returnToPlanning', 'yoi.acceptTicket', 'yoi.markDone', 'yoi.closeTicket',
      'yoi.editTicket', 'yoi.addComment', 'yoi.addThreadEntry', 'yoi.addReview', 'yoi.addRelation', 'yoi.addPlanNote', 'yoi.spawnCoderWorktree',
      'yoi.worktrees.refresh', 'yoi.worktrees.open', 'yoi.worktrees.addToWorkspace', 'yoi.worktrees.openTicket', 'yoi.worktrees.remove']) {
      assert.ok(all.includes(c), `${c} registered`);
    }
  });

  it('queues from the tree node: the file on disk and the tree change', async () => {
    const n = await waitFor(() => node(READY), 'ready ticket in the tree');
    assert.equal(n.summary.state, 'ready');
    const o = await run('yoi.queueTicket', n, [n]);
    assert.equal(o.ok, true, o.message);
    assert.match(o.message ?? '', /00001M57KVHQK: Ready → Queued \(written to the workspace copy\)/);
    assert.equal(stateOnDisk(READY), 'queued');
    assert.match(read(READY, 'item.md'), /^queued_by: '?[^'\n]+'?$/m);
    assert.match(lastMarker(READY), /event: state_changed .* from: ready to: queued reason: queued field: state -->/);
    assert.match(read(READY, 'thread.md'), /## State changed\n\nTicket queued for Orchestrator routing\.\n\n\n---\n$/);
    await waitFor(() => groupOf(READY) === 'queued', 'the tree moves the ticket to Queued');
  });

  it('marks a planning ticket ready with an intake summary', async () => {
    const o = await run('yoi.markReady', PLANNING, undefined, { summary: 'Toggle in settings; persisted per user.' });
    assert.equal(o.ok, true, o.message);
    assert.equal(stateOnDisk(PLANNING), 'ready');
    const m = markers(PLANNING);
    assert.match(m.at(-2) ?? '', /event: intake_summary /);
    assert.match(m.at(-1) ?? '', /from: planning to: ready reason: planning_ready/);
    assert.match(read(PLANNING, 'thread.md'), /## Intake summary\n\nToggle in settings; persisted per user\.\n\n---/);
  });

  it('creates a ticket (ID minted like yoi, item.md, thread.md with the create event, artifacts/.gitkeep)', async () => {
    const o = await run('yoi.createTicket', { title: 'Workflow test: nightly export', open: false });
    assert.equal(o.ok, true, o.message);
    created = o.ticketId!;
    assert.match(created, /^[0-9A-HJKMNP-TV-Z]{13}$/);
    assert.match(o.message ?? '', /created \(written to the workspace copy\)/);
    assert.equal(o.details?.gitIgnored, false, 'not a git repository: nothing is ignored');
    assert.match(read(created, 'item.md'), /^---\ntitle: 'Workflow test: nightly export'\nstate: 'planning'\ncreated_at: '\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ'\n/);
    assert.match(read(created, 'item.md'), /## Background\n\nCreated by LocalTicketBackend\.\n\n## Acceptance criteria\n\n- TBD\n$/);
    assert.match(read(created, 'thread.md'), /^<!-- event: create author: \S+ at: \S+ -->\n\n## Created\n\nCreated by LocalTicketBackend create\.\n\n---\n$/);
    assert.equal(readFileSync(join(dir(created), 'artifacts', '.gitkeep'), 'utf8'), '');
    await waitFor(() => groupOf(created) === 'planning', 'the new ticket in the Planning group');
  });

  it('queues a multi-selection: the ready ones are queued, a blocked one is explained and left alone', async () => {
    assert.equal((await run('yoi.markReady', { id: created, summary: 'Ready for routing.' })).ok, true);
    const a = await waitFor(() => (groupOf(created) === 'ready' ? node(created) : undefined), 'created ticket is ready');
    const b = await waitFor(() => node(READY_BLOCKED), 'blocked ready ticket');
    const before = read(READY_BLOCKED, 'thread.md');
    const o = await run('yoi.queueTicket', a, [a, b]);
    assert.equal(o.ok, true, o.message);
    assert.deepEqual(o.results?.map((r) => r.ticketId), [created]);
    assert.equal(o.skipped?.length, 1);
    assert.equal(o.skipped?.[0].id, READY_BLOCKED);
    assert.equal(o.skipped?.[0].reason, 'guard.active-blockers');
    assert.match(o.skipped?.[0].message ?? '', /waiting for 00001M5C9FFKB via depends_on \(Ready\)/);
    assert.equal(stateOnDisk(created), 'queued');
    assert.equal(stateOnDisk(READY_BLOCKED), 'ready');
    assert.equal(read(READY_BLOCKED, 'thread.md'), before);
  });

  it('refuses when the ticket changed on disk since the user looked at it', async () => {
    const before = read(READY_BLOCKED, 'item.md');
    const o = await run('yoi.returnToPlanning', { id: READY_BLOCKED, expectState: 'queued', reason: 'x' });
    assert.equal(o.ok, false);
    assert.equal(o.refused, 'conflict.state');
    assert.match(o.message ?? '', /is Ready on disk, not Queued as you saw it/);
    assert.equal(read(READY_BLOCKED, 'item.md'), before);
  });

  it('never clobbers unsaved edits of the ticket files in an editor', async () => {
    const uri = vscode.Uri.file(join(dir(READY_BLOCKED), 'thread.md'));
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'unsaved note\n'));
    assert.equal(doc.isDirty, true);
    const before = readFileSync(uri.fsPath, 'utf8');
    const o = await run('yoi.addComment', { id: READY_BLOCKED, text: 'Should not be written.' });
    assert.equal(o.ok, false);
    assert.equal(o.refused, 'dirty-editor');
    assert.match(o.message ?? '', /thread\.md has unsaved changes in an editor/);
    assert.equal(readFileSync(uri.fsPath, 'utf8'), before);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor(() => !vscode.workspace.textDocuments.some((d) => d.uri.fsPath === uri.fsPath && d.isDirty), 'editor reverted');
  });

  it('returns a ready ticket to planning with the missing decision', async () => {
    const o = await run('yoi.returnToPlanning', READY_BLOCKED, undefined, { reason: 'Which token names are public API?' });
    assert.equal(o.ok, true, o.message);
    assert.equal(stateOnDisk(READY_BLOCKED), 'planning');
    assert.match(lastMarker(READY_BLOCKED), /from: ready to: planning reason: return_to_planning field: state/);
    assert.match(read(READY_BLOCKED, 'thread.md'), /## User refinement instruction\n\nWhich token names are public API\?\n\n\n---\n$/);
  });

  it('adds a relation, and Accept explains unresolved blockers', async () => {
    const r = await run('yoi.addRelation', { id: created, relation: 'depends_on', target: PLANNING, note: 'needs the toggle' });
    assert.equal(r.ok, true, r.message);
    const rel = JSON.parse(read(created, 'artifacts/relations.json'));
    assert.deepEqual(rel.relations.map((x: { kind: string; target: string; note: string }) => [x.kind, x.target, x.note]), [['depends_on', PLANNING, 'needs the toggle']]);
    const before = read(created, 'item.md');
    const o = await run('yoi.acceptTicket', { id: created, confirmed: true });
    assert.equal(o.ok, false);
    assert.equal(o.refused, 'guard.unresolved-blockers');
    assert.match(o.message ?? '', /blocked by 00001M5C9FFKB via depends_on \(Ready\); blockers must be done or closed first/);
    assert.equal(read(created, 'item.md'), before);
  });

  it('accepts a queued ticket (confirmed), writing the workspace copy when there is no orchestration worktree', async () => {
    const o = await run('yoi.acceptTicket', { id: QUEUED, confirmed: true });
    assert.equal(o.ok, true, o.message);
    assert.equal(stateOnDisk(QUEUED), 'inprogress');
    assert.match(lastMarker(QUEUED), /from: queued to: inprogress reason: orchestrator_acceptance field: state/);
    assert.match(o.message ?? '', /Queued → In progress \(written to the workspace copy, as there is no orchestration worktree\)\./);
  });

  it('marks an accepted ticket done', async () => {
    const o = await run('yoi.markDone', { id: QUEUED, reason: 'Merged and validated.' });
    assert.equal(o.ok, true, o.message);
    assert.equal(stateOnDisk(QUEUED), 'done');
    assert.match(lastMarker(QUEUED), /from: inprogress to: done reason: merged_and_validated/);
    assert.match(read(QUEUED, 'thread.md'), /Merged and validated\.\n\n---\n$/);
  });

  it('closes a done ticket with a resolution (resolution.md + close event); a closed one is refused', async () => {
    const resolution = 'Fixed by isolating temp dirs per test.\n';
    const o = await run('yoi.closeTicket', { id: DONE, resolution });
    assert.equal(o.ok, true, o.message);
    assert.equal(stateOnDisk(DONE), 'closed');
    assert.equal(read(DONE, 'resolution.md'), resolution);
    assert.match(markers(DONE).at(-2) ?? '', /from: done to: closed reason: closed/);
    assert.match(lastMarker(DONE), /event: close .* status: closed -->/);
    const again = await run('yoi.closeTicket', { id: CLOSED, resolution: 'again' });
    assert.equal(again.refused, 'guard.already-closed');
    assert.match(again.message ?? '', /already closed/);
  });

  it('edits the title and the body (item_edit events)', async () => {
    const t = await run('yoi.editTicket', { id: PLANNING, title: 'Add a dark-mode toggle (settings page)' });
    assert.equal(t.ok, true, t.message);
    assert.match(read(PLANNING, 'item.md'), /^title: 'Add a dark-mode toggle \(settings page\)'$/m);
    assert.match(read(PLANNING, 'thread.md'), /## Item updated\n\nTicket item updated: title\.\n\n---\n$/);
    const b = await run('yoi.editTicket', PLANNING, undefined, { body: '\n## Background\n\nUsers asked for it.\n' });
    assert.equal(b.ok, true, b.message);
    assert.match(read(PLANNING, 'item.md'), /\n---\n\n## Background\n\nUsers asked for it\.\n$/);
    assert.match(read(PLANNING, 'thread.md'), /Ticket item updated: body\.\n\n---\n$/);
  });

  it('adds a comment, a decision and a review to the thread', async () => {
    const c = await run('yoi.addComment', { id: PLANNING, text: 'Looks good.\n---\nnot a separator' });
    assert.equal(c.ok, true, c.message);
    assert.match(c.message ?? '', /Comment added to 00001M5C9FFKB \(written to the workspace copy\)\. 1 line\(s\) of the text were changed/);
    assert.match(read(PLANNING, 'thread.md'), /## Comment\n\nLooks good\.\n----\nnot a separator\n\n---\n$/);
    const d = await run('yoi.addThreadEntry', { id: PLANNING, kind: 'decision', text: 'Use CSS variables.' });
    assert.equal(d.ok, true, d.message);
    assert.match(lastMarker(PLANNING), /^<!-- event: decision author: /);
    const r = await run('yoi.addReview', { id: PLANNING, status: 'request_changes', text: 'Add a test.' });
    assert.equal(r.ok, true, r.message);
    assert.match(lastMarker(PLANNING), /event: review .* status: request_changes -->/);
    assert.match(read(PLANNING, 'thread.md'), /## Review: request changes\n\nAdd a test\.\n\n---\n$/);
  });

  it('records an orchestration plan note', async () => {
    const o = await run('yoi.addPlanNote', { id: PLANNING, kind: 'waiting_capacity_note', note: 'Waiting for a free coder.' });
    assert.equal(o.ok, true, o.message);
    const lines = read(PLANNING, 'artifacts/orchestration-plan.jsonl').trim().split('\n');
    const rec = JSON.parse(lines.at(-1)!);
    assert.equal(rec.kind, 'waiting_capacity_note');
    assert.equal(rec.note, 'Waiting for a free coder.');
    assert.match(rec.id, /^orch-plan-\d{8}-\d{6}-1$/);
    assert.match(o.message ?? '', /\(written to the workspace copy, as there is no orchestration worktree\)/);
  });

  it('explains a disabled action instead of writing (queue on a planning ticket, unknown ticket)', async () => {
    const o = await run('yoi.queueTicket', { id: READY_BLOCKED });
    assert.equal(o.refused, 'guard.not-ready');
    assert.match(o.message ?? '', /mark it ready before queueing/);
    const missing = await run('yoi.queueTicket', { id: '00001ZZZZZZZZ' });
    assert.equal(missing.refused, 'not-found');
    assert.ok(!existsSync(dir('00001ZZZZZZZZ')));
  });
});
