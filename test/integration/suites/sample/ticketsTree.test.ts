import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { YoiApi } from '../../../../src/extension';
import type { TicketTreeNode } from '../../../../src/vscode/tickets/ticketTree';
import { api, waitFor } from '../../util';

const labelOf = (item: vscode.TreeItem) => (typeof item.label === 'string' ? item.label : item.label?.label ?? '');

describe('Tickets view on the sample workspace', () => {
  let yoi: YoiApi;
  before(async () => {
    yoi = await api<YoiApi>();
    await yoi.stores.ready();
  });

  it('groups the sample tickets by state in workflow order, with counts', async () => {
    const groups = await waitFor(() => {
      const g = yoi.ticketTree.getChildren();
      return g.length >= 6 ? g : undefined;
    }, 'state groups');
    const rows = groups.map((g) => { const it = yoi.ticketTree.getTreeItem(g); return `${labelOf(it)}=${it.description}`; });
    assert.deepEqual(rows, ['Planning=1', 'Ready=2', 'Queued=1', 'In progress=1', 'Done=1', 'Closed=1', 'Unreadable=1']);
    const closed = yoi.ticketTree.getTreeItem(groups[5]);
    assert.equal(closed.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed, 'closed is collapsed by default');
  });

  it('lists tickets with ID, blockers and problems', () => {
    const groups = yoi.ticketTree.getChildren();
    const ready = yoi.ticketTree.getChildren(groups[1]) as Extract<TicketTreeNode, { kind: 'ticket' }>[];
    assert.equal(ready.length, 2);
    const blocked = ready.find((n) => n.summary.activeBlockers.length > 0);
    assert.ok(blocked, 'one ready ticket is blocked by a planning ticket');
    const item = yoi.ticketTree.getTreeItem(blocked);
    assert.match(String(item.description), /00001M5EMFEDV/);
    assert.match(String(item.description), /blocked by 00001M5C9FFKB/);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'lock');
    const unreadable = yoi.ticketTree.getChildren(groups[6]) as Extract<TicketTreeNode, { kind: 'ticket' }>[];
    assert.equal(unreadable.length, 1);
    assert.ok(unreadable[0].summary.problems.some((p) => p.severity === 'error' && p.line > 0), 'the malformed ticket carries a located error');
  });

  it('shows ready and queued counts in the status bar', () => {
    assert.match(yoi.statusBar.text, /2 ready · 1 queued/);
  });
});
