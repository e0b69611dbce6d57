// Workspace Trust on, folder untrusted: every write and spawn command is refused with its reason,
// nothing on disk changes, no git runs (the Worktrees view lists nothing and says why).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { YoiApi } from '../../../../src/extension';
import type { CommandOutcome } from '../../../../src/vscode/workflow';
import { api, workspaceDir } from '../../util';

function fingerprint(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(p, createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

const PLANNING = '00001M5C9FFKB';
const READY = '00001M57KVHQK';
const QUEUED = '00001M5276393';
const INPROGRESS = '00001M4WPSS3V';
const DONE = '00001M4K57YFV';

describe('workflow commands in an untrusted workspace', () => {
  let yoi: YoiApi;
  let baseline: Map<string, string>;

  const calls: Array<[string, ...unknown[]]> = [
    ['yoi.createTicket', { title: 'Should not exist', open: false }],
    ['yoi.markReady', { id: PLANNING, summary: 'x' }],
    ['yoi.queueTicket', { id: READY }],
    ['yoi.returnToPlanning', { id: READY, reason: 'x' }],
    ['yoi.acceptTicket', { id: QUEUED, confirmed: true }],
    ['yoi.markDone', { id: INPROGRESS, reason: 'x' }],
    ['yoi.closeTicket', { id: DONE, resolution: 'x' }],
    ['yoi.editTicket', { id: PLANNING, title: 'x' }],
    ['yoi.addComment', { id: PLANNING, text: 'x' }],
    ['yoi.addThreadEntry', { id: PLANNING, kind: 'implementation_report', text: 'x' }],
    ['yoi.addReview', { id: PLANNING, status: 'approve', text: 'x' }],
    ['yoi.addRelation', { id: PLANNING, relation: 'related', target: READY }],
    ['yoi.addPlanNote', { id: PLANNING, kind: 'waiting_capacity_note', note: 'x' }],
    ['yoi.spawnCoderWorktree', { id: INPROGRESS, slug: 'x', confirmed: true }],
    ['yoi.worktrees.remove', { path: '/tmp', confirmed: true }],
    // The same commands as the tree and CodeLenses call them.
    ['yoi.queueTicket', READY, undefined],
    ['yoi.acceptTicket', QUEUED, undefined],
    ['yoi.spawnCoderWorktree', INPROGRESS, undefined],
  ];

  before(async () => {
    yoi = await api<YoiApi>();
    await yoi.stores.ready();
    baseline = fingerprint(workspaceDir());
  });

  for (const [cmd, ...args] of calls) {
    it(`${cmd} (${typeof args[0] === 'string' ? 'id, folder' : 'options'}) is refused with the reason`, async () => {
      const o = await vscode.commands.executeCommand<CommandOutcome>(cmd, ...args);
      assert.equal(o.ok, false);
      assert.equal(o.refused, 'untrusted');
      assert.match(o.message ?? '', /is disabled because this workspace is not trusted: yoi does not write tickets, run git or launch processes in an untrusted workspace/);
    });
  }

  it('changed nothing on disk and created no worktree', () => {
    const after = fingerprint(workspaceDir());
    assert.deepEqual([...after.entries()].sort(), [...baseline.entries()].sort());
    assert.ok(!existsSync(join(workspaceDir(), '.worktree')));
  });

  it('the Worktrees view runs no git and says why', async () => {
    const children = await yoi.workflow.worktrees.getChildren();
    assert.deepEqual(children, []);
    assert.match(yoi.workflow.worktreesView.message ?? '', /listed with git, which yoi does not run in an untrusted workspace/);
  });
});
