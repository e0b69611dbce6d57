// Workflow commands on a temp copy of the real corpus (record language Japanese): queue the ready
// ticket from its tree node, create a ticket; the bytes written are yoi's Japanese texts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { YoiApi } from '../../../../src/extension';
import type { TicketTreeNode } from '../../../../src/vscode/tickets/ticketTree';
import type { CommandOutcome } from '../../../../src/vscode/workflow';
import { api, waitFor, workspaceDir } from '../../util';

type TicketNodeT = Extract<TicketTreeNode, { kind: 'ticket' }>;
const READY = '00001KXMK846H';
const read = (id: string, f: string) => readFileSync(join(workspaceDir(), '.yoi', 'tickets', id, f), 'utf8');

describe('workflow commands on the corpus (Japanese records)', () => {
  let yoi: YoiApi;
  const node = (id: string): TicketNodeT | undefined => {
    for (const g of yoi.ticketTree.getChildren()) {
      const n = (yoi.ticketTree.getChildren(g) as TicketNodeT[]).find((t) => t.kind === 'ticket' && t.id === id);
      if (n) return n;
    }
    return undefined;
  };

  before(async () => {
    yoi = await api<YoiApi>();
    await yoi.stores.ready();
  });

  it('queues the ready ticket from its tree node; disk and tree change', async () => {
    const n = await waitFor(() => node(READY), 'the ready ticket in the tree');
    assert.equal(n.summary.state, 'ready');
    const threadBefore = read(READY, 'thread.md');
    const o = await vscode.commands.executeCommand<CommandOutcome>('yoi.queueTicket', n, [n]);
    assert.equal(o.ok, true, o.message);
    assert.match(o.message ?? '', /Ready → Queued \(written to the workspace copy\)/);
    assert.match(read(READY, 'item.md'), /^state: 'queued'$/m);
    const appended = read(READY, 'thread.md').slice(threadBefore.length);
    assert.match(appended, /^\n<!-- event: state_changed author: \S+ at: \S+ from: ready to: queued reason: queued field: state -->\n\n## State changed\n\nTicket を `[^`]+` が queued にしました。\n\n\n---\n$/);
    await waitFor(() => node(READY)?.summary.state === 'queued', 'the tree shows it queued');
    const queued = yoi.ticketTree.getChildren().find((g) => g.kind === 'group' && g.state === 'queued')!;
    assert.ok((yoi.ticketTree.getChildren(queued) as TicketNodeT[]).some((t) => t.id === READY));
  });

  it('creates a ticket with the Japanese generated texts', async () => {
    const o = await vscode.commands.executeCommand<CommandOutcome>('yoi.createTicket', { title: 'ワークフローのテスト', open: false });
    assert.equal(o.ok, true, o.message);
    assert.match(read(o.ticketId!, 'thread.md'), /^<!-- event: create author: \S+ at: \S+ -->\n\n## 作成\n\nLocalTicketBackend によって作成されました。\n\n---\n$/);
    assert.match(read(o.ticketId!, 'item.md'), /## 背景\n\nLocalTicketBackend によって作成されました。\n\n## 受け入れ条件\n\n- 未定\n$/);
  });
});
