import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { YoiApi } from '../../../../src/extension';
import { api } from '../../util';

const labelOf = (item: vscode.TreeItem) => (typeof item.label === 'string' ? item.label : item.label?.label ?? '');

describe('multi-root workspace with two stores', () => {
  it('shows one root per store, each with its own state groups', async () => {
    const yoi = await api<YoiApi>();
    await yoi.stores.ready();
    assert.equal(vscode.workspace.workspaceFolders?.length, 2);
    const roots = yoi.ticketTree.getChildren();
    assert.deepEqual(roots.map((r) => labelOf(yoi.ticketTree.getTreeItem(r))), ['alpha', 'beta']);
    for (const r of roots) {
      const groups = yoi.ticketTree.getChildren(r).map((g) => `${labelOf(yoi.ticketTree.getTreeItem(g))}=${yoi.ticketTree.getTreeItem(g).description}`);
      assert.deepEqual(groups, ['Planning=1', 'Ready=2', 'Queued=1', 'In progress=1', 'Done=1', 'Closed=1', 'Unreadable=1']);
    }
    assert.match(yoi.statusBar.text, /4 ready · 2 queued/);
  });
});
