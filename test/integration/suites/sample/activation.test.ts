import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionId, waitFor } from '../../util';

describe('activation (sample workspace)', () => {
  it('runs inside a real VS Code', () => {
    assert.match(vscode.version, /^1\.\d+\.\d+/);
    console.log(`    VS Code ${vscode.version}, appHost=${vscode.env.appHost}, remote=${vscode.env.remoteName}`);
  });

  it('activates on a workspace containing .yoi/', async () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext, 'extension is installed');
    await waitFor(() => ext.isActive, 'extension activated by workspaceContains:.yoi');
  });

  it('registers its commands', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of ['yoi.tickets.refresh', 'yoi.tickets.filter', 'yoi.tickets.clearFilter', 'yoi.goToTicket', 'yoi.openTicket']) {
      assert.ok(all.includes(c), `command ${c} registered`);
    }
  });
});
