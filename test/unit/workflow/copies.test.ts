// Two copies of the store: human writes go to the workspace copy, Orchestrator writes to the
// orchestration worktree's copy; state changes are refused when the copies have diverged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { requireShared } from '../helpers/shared';
import { CORPUS_TICKETS, copyTicket, tempWorkspace } from './tempStore';
import { TicketWorkflow } from '../../../src/core/workflow/ticketWorkflow';
import { fixedClock } from '../../../src/core/workflow/ports';
import { isWorkflowError } from '../../../src/core/workflow/errors';
import { frontMatterLine } from '../../../src/core/workflow/frontMatterPatch';
import { unseenStateChanges } from '../../../src/core/workflow/storeCopies';
import { readFileSync } from 'node:fs';

const READY = '00001KXMK846H';
const PLANNING = '00001KY1ZKCPC';

test('unseenStateChanges counts state changes only the other copy has', () => {
  const base = '<!-- event: create author: a at: T -->\n\n## C\n\nx\n\n---\n';
  const sc = '\n<!-- event: state_changed author: o at: T from: queued to: inprogress reason: r field: state -->\n\n## State changed\n\nx\n\n---\n';
  const cm = '\n<!-- event: comment author: o at: T -->\n\n## Comment\n\nx\n\n---\n';
  assert.equal(unseenStateChanges(base, base), 0);
  assert.equal(unseenStateChanges(base + sc, base), 0, 'other lags behind: nothing unseen');
  assert.equal(unseenStateChanges(base, base + sc + cm + sc), 2);
  assert.equal(unseenStateChanges(base + cm, base + sc), 1, 'diverged after a common prefix');
  assert.equal(unseenStateChanges(base + cm, base + cm.replace('x', 'y')), 0);
});

test('copies: human → workspace, orchestrator → orchestration; divergence refused unless allowed', async (t) => {
  if (!requireShared(t, CORPUS_TICKETS)) return;
  const ws = tempWorkspace([READY, PLANNING]);
  try {
    const orchTickets = join(ws.root, '.worktree', 'orchestration', '.yoi', 'tickets');
    const human = new TicketWorkflow({ workspaceRoot: ws.root, clock: fixedClock('2026-08-01T10:00:00Z'), author: 'hare' });
    const orch = new TicketWorkflow({ workspaceRoot: ws.root, clock: fixedClock('2026-08-01T10:05:00Z'), author: 'orchestrator' });
    copyTicket(ws.tickets, orchTickets, PLANNING);
    const q = await human.queue(READY, { queuedBy: 'workspace-panel' });
    assert.equal(q.copy, 'workspace');
    // Not synced yet: the orchestration copy lacks the Ticket, so the acceptance lands in the workspace copy, with a note.
    const early = await orch.recordEvent(READY, 'implementation_report', { body: 'r\n' });
    assert.equal(early.copy, 'workspace');
    assert.match(early.note ?? '', /does not have this ticket yet/);
    // Panel queue sync (ff-only) copies the Ticket into the orchestration worktree.
    copyTicket(ws.tickets, orchTickets, READY);
    const acc = await orch.accept(READY, { reason: 'orchestrator_acceptance', body: 'Accepted.\n' });
    assert.equal(acc.copy, 'orchestration');
    assert.equal(frontMatterLine(readFileSync(join(orchTickets, READY, 'item.md'), 'utf8'), 'state'), "state: 'inprogress'");
    assert.equal(frontMatterLine(ws.read(READY, 'item.md'), 'state'), "state: 'queued'", 'workspace copy untouched');
    const rep = await orch.recordEvent(READY, 'implementation_report', { body: 'Coder done.\n' });
    assert.equal(rep.copy, 'orchestration');
    const plan = await orch.recordPlan(READY, { kind: 'accepted_plan', acceptedPlan: { summary: 's' } });
    assert.equal(plan.copy, 'orchestration');
    // Human comment: fine (no state change), goes to the workspace copy.
    assert.equal((await human.comment(READY, 'note\n')).copy, 'workspace');
    // Human state change while the Orchestrator moved the Ticket on its own copy: refused.
    await assert.rejects(human.returnToPlanning(READY, { reason: 'missing_decision' }), (e) => {
      assert.ok(isWorkflowError(e, 'copies-diverged'), String(e));
      assert.match(e.message, /orchestration copy has ticket 00001KXMK846H in state inprogress \(further along\)/);
      assert.match(e.message, /merge the orchestration branch into the workspace first/);
      assert.equal(e.params.otherState, 'inprogress');
      return true;
    });
    await assert.rejects(human.close(READY, { resolution: 'r' }), (e) => isWorkflowError(e, 'copies-diverged'));
    // The Orchestrator finishing on its own copy is fine (the workspace copy only lags).
    assert.equal((await orch.markDone(READY, { reason: 'merged_and_validated', body: 'Merged.\n' })).copy, 'orchestration');
    // Explicit override.
    const forced = await human.returnToPlanning(READY, { reason: 'user_override' }, { allowDivergence: true });
    assert.equal(forced.copy, 'workspace');
    // Now the workspace has its own unseen state change: an Orchestrator state change is refused too.
    await assert.rejects(orch.returnToPlanning(READY, { reason: 'x' }, { actor: 'orchestrator' }), (e) => isWorkflowError(e, 'copies-diverged') && /workspace copy/.test(e.message));
    // Pinning a copy.
    const pinned = await human.comment(PLANNING, 'pinned\n', {}, { copy: 'orchestration' });
    assert.equal(pinned.copy, 'orchestration');
  } finally {
    ws.dispose();
  }
});

test('copies: pinning the orchestration copy without an orchestration worktree is refused', async (t) => {
  if (!requireShared(t, CORPUS_TICKETS)) return;
  const ws = tempWorkspace([READY]);
  try {
    const w = new TicketWorkflow({ workspaceRoot: ws.root, author: 'x' });
    await assert.rejects(w.comment(READY, 'c\n', {}, { copy: 'orchestration' }), (e) => isWorkflowError(e, 'not-found') && e.reason === 'copies.no-orchestration');
  } finally {
    ws.dispose();
  }
});
