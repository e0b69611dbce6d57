// The orchestration worktree's copy of the store: when it is further on, the tree shows an overlay.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { cpSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { YoiApi } from '../../../../src/extension';
import type { TicketTreeNode } from '../../../../src/vscode/tickets/ticketTree';
import { api, waitFor, workspaceDir } from '../../util';

type TicketNodeT = Extract<TicketTreeNode, { kind: 'ticket' }>;
const QUEUED = '00001M5276393';

describe('orchestration overlay', () => {
  let yoi: YoiApi;
  const orch = () => join(workspaceDir(), '.worktree', 'orchestration');
  const queuedNode = () => {
    const g = yoi.ticketTree.getChildren().find((n) => n.kind === 'group' && n.state === 'queued')!;
    return (yoi.ticketTree.getChildren(g) as TicketNodeT[]).find((n) => n.id === QUEUED)!;
  };

  before(async () => {
    yoi = await api<YoiApi>();
    await yoi.stores.ready();
  });
  after(() => rmSync(join(workspaceDir(), '.worktree'), { recursive: true, force: true }));

  it('shows "Queued → In progress in orchestration" when the orchestrator accepted the ticket there', async () => {
    cpSync(join(workspaceDir(), '.yoi'), join(orch(), '.yoi'), { recursive: true });
    const item = join(orch(), '.yoi', 'tickets', QUEUED, 'item.md');
    writeFileSync(item, readFileSync(item, 'utf8').replace("state: 'queued'", "state: 'inprogress'"));
    await vscode.commands.executeCommand('yoi.tickets.refresh');
    const node = await waitFor(() => { const n = queuedNode(); return n?.summary.overlay ? n : undefined; }, 'overlay');
    assert.equal(node.summary.overlay?.state, 'inprogress');
    const item2 = yoi.ticketTree.getTreeItem(node);
    assert.match(String(item2.description), /Queued → In progress in orchestration/);
  });

  it('picks up an orchestration worktree created after activation, without a refresh', async () => {
    rmSync(join(workspaceDir(), '.worktree'), { recursive: true, force: true });
    await vscode.commands.executeCommand('yoi.tickets.refresh');
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(queuedNode().summary.overlay, undefined);
    cpSync(join(workspaceDir(), '.yoi'), join(orch(), '.yoi'), { recursive: true });
    const item = join(orch(), '.yoi', 'tickets', QUEUED, 'item.md');
    writeFileSync(item, readFileSync(item, 'utf8').replace("state: 'queued'", "state: 'inprogress'"));
    await waitFor(() => queuedNode()?.summary.overlay?.state === 'inprogress', 'overlay from the new worktree');
  });
});
