// Workspace Trust enabled and the folder not trusted: read-only features keep working.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { YoiApi } from '../../../../src/extension';
import { api } from '../../util';

describe('untrusted workspace', () => {
  it('is really untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still lists tickets (reading is allowed)', async () => {
    const yoi = await api<YoiApi>();
    await yoi.stores.ready();
    assert.equal(yoi.ticketTree.getChildren().length, 7);
  });
});
