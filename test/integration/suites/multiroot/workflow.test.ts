// Multi-root: two folders hold copies of the same tickets (same IDs). A command writes only the
// folder it was invoked for (tree node, or `id, folderPath`), and says so.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { YoiApi } from '../../../../src/extension';
import type { TicketTreeNode } from '../../../../src/vscode/tickets/ticketTree';
import type { CommandOutcome } from '../../../../src/vscode/workflow';
import { api, waitFor } from '../../util';

type TicketNodeT = Extract<TicketTreeNode, { kind: 'ticket' }>;
const READY = '00001M57KVHQK';
const QUEUED = '00001M5276393';

describe('workflow commands in a multi-root workspace', () => {
  let yoi: YoiApi;
  const folder = (name: string) => vscode.workspace.workspaceFolders!.find((f) => f.name === name)!.uri.fsPath;
  const state = (name: string, id: string) => /^state: '(\w+)'$/m.exec(readFileSync(join(folder(name), '.yoi', 'tickets', id, 'item.md'), 'utf8'))?.[1];

  before(async () => {
    yoi = await api<YoiApi>();
    await yoi.stores.ready();
  });

  it('queues from the second root\'s tree node: only that folder changes', async () => {
    const beta = yoi.ticketTree.getChildren().find((r) => r.kind === 'store' && r.folder.folder.name === 'beta')!;
    const ready = yoi.ticketTree.getChildren(beta).find((g) => g.kind === 'group' && g.state === 'ready')!;
    const n = (yoi.ticketTree.getChildren(ready) as TicketNodeT[]).find((t) => t.id === READY)!;
    const o = await vscode.commands.executeCommand<CommandOutcome>('yoi.queueTicket', n, [n]);
    assert.equal(o.ok, true, o.message);
    assert.equal(state('beta', READY), 'queued');
    assert.equal(state('alpha', READY), 'ready');
    await waitFor(() => /3 ready · 3 queued/.test(yoi.statusBar.text), 'status bar counts both roots');
  });

  it('accepts by (id, folderPath) in the first root only', async () => {
    const o = await vscode.commands.executeCommand<CommandOutcome>('yoi.acceptTicket', QUEUED, folder('alpha'), { confirmed: true });
    assert.equal(o.ok, true, o.message);
    assert.equal(state('alpha', QUEUED), 'inprogress');
    assert.equal(state('beta', QUEUED), 'queued');
  });
});
