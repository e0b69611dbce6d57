// The orchestration worktree's copy of the store exists when VS Code opens: the tree shows where
// the orchestrator's copy is further on, and follows its changes live.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { YoiApi } from '../../../../src/extension';
import type { TicketTreeNode } from '../../../../src/vscode/tickets/ticketTree';
import { api, waitFor, workspaceDir } from '../../util';

type TicketNodeT = Extract<TicketTreeNode, { kind: 'ticket' }>;
const QUEUED = '00001M5276393';

describe('orchestration overlay (copy present at startup)', () => {
  let yoi: YoiApi;
  const item = () => join(workspaceDir(), '.worktree', 'orchestration', '.yoi', 'tickets', QUEUED, 'item.md');
  const queuedNode = () => {
    const g = yoi.ticketTree.getChildren().find((n) => n.kind === 'group' && n.state === 'queued')!;
    return (yoi.ticketTree.getChildren(g) as TicketNodeT[]).find((n) => n.id === QUEUED)!;
  };
  const setState = (from: string, to: string) => writeFileSync(item(), readFileSync(item(), 'utf8').replace(`state: '${from}'`, `state: '${to}'`));

  before(async () => {
    yoi = await api<YoiApi>();
    await yoi.stores.ready();
  });

  it('shows "Queued → In progress in orchestration"', () => {
    const node = queuedNode();
    assert.equal(node.summary.overlay?.state, 'inprogress');
    assert.match(String(yoi.ticketTree.getTreeItem(node).description), /Queued → In progress in orchestration/);
  });

  it('follows live changes in the orchestration copy', async () => {
    setState('inprogress', 'done');
    await waitFor(() => queuedNode()?.summary.overlay?.state === 'done', 'overlay moves to done');
    setState('done', 'queued');
    await waitFor(() => queuedNode() && !queuedNode().summary.overlay, 'overlay gone when the copies agree');
  });
});
