// Plugin inspection is static (no plugin code runs), so it works in an untrusted workspace: the
// sample's two plugin packages are listed with their statuses and their diagnostics appear.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { join } from 'node:path';
import type { YoiApi } from '../../../../src/extension';
import { api, waitFor, workspaceDir } from '../../util';

describe('plugin inspection in an untrusted workspace', () => {
  it('lists and inspects the sample plugin packages', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const yoi = await api<YoiApi>();
    await vscode.commands.executeCommand('yoi.plugins.focus');
    await waitFor(() => yoi.plugins.packages.started, 'the visible view started discovery');
    await yoi.plugins.packages.ready();
    const rows = (await yoi.plugins.view.getChildren()).map((n) => String(yoi.plugins.view.getTreeItem(n).description));
    assert.deepEqual(rows, ['Active · .yoi/plugins/echo', 'Rejected · runtime would reject · .yoi/plugins/word-count']);
    const uri = vscode.Uri.file(join(workspaceDir(), '.yoi', 'plugins', 'word-count', 'plugin.toml'));
    const diags = await waitFor(() => { const d = vscode.languages.getDiagnostics(uri); return d.length === 2 ? d : undefined; }, 'word-count diagnostics');
    assert.deepEqual(diags.map((d) => d.code).sort(), ['binary.export-signature', 'static.tool']);
  });
});
