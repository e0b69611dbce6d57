// Editor features on a temp copy of the real corpus, through VS Code's own provider commands:
// doctor diagnostics in the Problems view (incl. the hideClosedTickets setting), quick fixes
// applied as workspace edits, CodeLenses (also while editing), links, hovers, completion and
// thread symbols.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { YoiApi } from '../../../../src/extension';
import { api, waitFor, workspaceDir } from '../../util';

const CANONICAL = '00001KXNYXNM6'; // full lifecycle, IntentPacket decision, `related` relation
const READY = '00001KXMK846H';
const NO_ARTIFACTS = '00001KY1ZKCPC';
const UNQUOTED_AUTHOR = '00001KTCSRR6R';
const CLOSED_WITH_CLOSE_EVENT = '00001KVMGAEJN';

const SOURCES = new Set(['yoi doctor', 'yoi extension check']);
const ours = () => vscode.languages.getDiagnostics().flatMap(([uri, ds]) => ds.filter((d) => SOURCES.has(d.source ?? '')).map((d) => ({ uri, d })));
const rangeOf = (d: vscode.Diagnostic) => [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character];
const lensTitles = (ls: vscode.CodeLens[]) => ls.map((l) => l.command?.title ?? '');
/** Quick fixes offered at a diagnostic. Retried: the workbench's markers (what code actions are
 * computed from) catch up with the extension host's diagnostics asynchronously. */
async function quickFix(uri: vscode.Uri, diag: vscode.Diagnostic, title: (t: string) => boolean): Promise<vscode.CodeAction> {
  return waitFor(async () => {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    return actions.find((a) => title(a.title));
  }, `a quick fix at ${uri.fsPath}:${diag.range.start.line + 1} (${diag.code})`);
}

async function setHideClosed(value: boolean | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('yoi.doctor').update('hideClosedTickets', value, vscode.ConfigurationTarget.Workspace);
}

describe('Editor features on the real corpus', () => {
  let yoi: YoiApi;
  let tickets: string;
  const file = (id: string, name: string) => vscode.Uri.file(join(tickets, id, name));
  const idle = () => yoi.editor.diagnostics.whenIdle();
  /** A Markdown file outside the tickets root mentioning two tickets and a well-formed unknown ID. */
  const notes = async () => {
    const uri = vscode.Uri.file(join(workspaceDir(), 'notes-editor-test.md'));
    if (!existsSync(uri.fsPath)) writeFileSync(uri.fsPath, `# Notes\n\nSee ${CANONICAL} and ${READY}, not 00001KZZZZZZZ.\n`);
    await vscode.workspace.openTextDocument(uri);
    return uri;
  };

  before(async () => {
    yoi = await api<YoiApi>();
    await yoi.stores.ready();
    await idle();
    tickets = join(workspaceDir(), '.yoi', 'tickets');
  });

  after(async () => {
    await setHideClosed(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Problems shows the doctor for the whole store; closed tickets are hidden by default', async () => {
    assert.equal(yoi.editor.diagnosticsName, 'yoi-doctor');
    await waitFor(() => ours().length > 0, 'doctor diagnostics');
    const all = ours();
    // Only the open tickets' findings: the planning ticket without artifacts/ (spec §8.4), on a file never opened.
    assert.deepEqual(all.map(({ uri, d }) => [uri.fsPath, d.code, d.severity, rangeOf(d), d.source]), [
      [file(NO_ARTIFACTS, 'item.md').fsPath, 'ticket.missing-artifacts', vscode.DiagnosticSeverity.Error, [0, 0, 0, 3], 'yoi doctor'],
    ]);
    assert.equal(all[0].d.message, 'artifacts/ folder is missing');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.fsPath === all[0].uri.fsPath), 'reported without opening the file');
  });

  it('with hideClosedTickets off, the yoi-family warnings of closed tickets appear too', async () => {
    await setHideClosed(false);
    const yoiFamily = () => ours().filter(({ d }) => d.source === 'yoi doctor');
    await waitFor(() => yoiFamily().length === 5, 'five yoi-family findings');
    const rows = yoiFamily().map(({ uri, d }) => `${uri.fsPath.slice(tickets.length + 1)} ${d.code} ${d.severity} ${rangeOf(d).join(',')}`).sort();
    assert.deepEqual(rows, [
      `00001KST3MFXR/item.md ticket.closed-without-resolution ${vscode.DiagnosticSeverity.Warning} 2,0,2,15`,
      `00001KSTRGFX0/thread.md thread.review-without-status ${vscode.DiagnosticSeverity.Warning} 8,0,8,89`,
      `00001KT02TCCG/item.md ticket.closed-without-resolution ${vscode.DiagnosticSeverity.Warning} 2,0,2,15`,
      `00001KTTW04W2/thread.md thread.review-result-instead-of-status ${vscode.DiagnosticSeverity.Warning} 679,97,679,112`,
      `${NO_ARTIFACTS}/item.md ticket.missing-artifacts ${vscode.DiagnosticSeverity.Error} 0,0,0,3`,
    ]);
    // The extension's own checks are Information, with their own codes.
    const ext = ours().filter(({ d }) => d.source === 'yoi extension check');
    assert.ok(ext.length > 50);
    assert.ok(ext.every(({ d }) => d.severity === vscode.DiagnosticSeverity.Information));
    const quote = ext.find(({ uri, d }) => uri.fsPath === file(UNQUOTED_AUTHOR, 'thread.md').fsPath && d.code === 'thread.unquoted-multiword-value')!;
    assert.deepEqual(rangeOf(quote.d), [0, 27, 0, 37]);
    assert.equal(quote.d.message, 'Unquoted multi-word `author`: yoi reads only `yoi` and drops `ticket`');
  });

  it('quick fix: create artifacts/.gitkeep; the error goes away after the edit', async () => {
    const uri = file(NO_ARTIFACTS, 'item.md');
    // Provider commands need the document's model.
    await vscode.workspace.openTextDocument(uri);
    const diag = vscode.languages.getDiagnostics(uri).find((d) => d.code === 'ticket.missing-artifacts')!;
    const fix = await quickFix(uri, diag, (t) => t === 'Create artifacts/.gitkeep');
    assert.ok(fix.edit);
    assert.ok(await vscode.workspace.applyEdit(fix.edit, { isRefactoring: true }));
    assert.ok(existsSync(join(tickets, NO_ARTIFACTS, 'artifacts', '.gitkeep')));
    assert.equal(readFileSync(join(tickets, NO_ARTIFACTS, 'artifacts', '.gitkeep'), 'utf8'), '');
    await waitFor(() => !vscode.languages.getDiagnostics(uri).some((d) => d.code === 'ticket.missing-artifacts'), 'the missing-artifacts error cleared');
  });

  it('quick fix: quote a multi-word author (the title says it edits a written event)', async () => {
    const uri = file(UNQUOTED_AUTHOR, 'thread.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    const diag = vscode.languages.getDiagnostics(uri).find((d) => d.code === 'thread.unquoted-multiword-value')!;
    const fix = await quickFix(uri, diag, (t) => t.startsWith('Quote author'));
    assert.equal(fix.title, 'Quote author as "yoi ticket" (edits a written event)');
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.equal(doc.lineAt(0).text, '<!-- event: create author: "yoi ticket" at: 2026-06-05T21:07:03Z -->');
    const checksBefore = yoi.editor.diagnostics.stats.ticketChecks;
    assert.ok(await doc.save());
    await waitFor(() => !vscode.languages.getDiagnostics(uri).some((d) => d.code === 'thread.unquoted-multiword-value'), 'the unquoted-author note cleared');
    // Incremental: the save re-checked that ticket, not the 352-ticket store.
    const rechecked = yoi.editor.diagnostics.stats.ticketChecks - checksBefore;
    assert.ok(rechecked >= 1 && rechecked <= 3, `re-checked ${rechecked} tickets`);
  });

  it('quick fix: resolution.md recreated from the close event equals the original', async () => {
    const resolution = join(tickets, CLOSED_WITH_CLOSE_EVENT, 'resolution.md');
    const original = readFileSync(resolution, 'utf8');
    rmSync(resolution);
    const uri = file(CLOSED_WITH_CLOSE_EVENT, 'item.md');
    await vscode.workspace.openTextDocument(uri);
    const diag = await waitFor(() => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'ticket.closed-without-resolution'), 'closed-without-resolution warning');
    const fix = await quickFix(uri, diag, (t) => t === 'Create resolution.md from the close event');
    // Applied like the light bulb does (a refactoring: files it creates are saved, `files.refactoring.autoSave`).
    assert.ok(await vscode.workspace.applyEdit(fix.edit!, { isRefactoring: true }));
    await waitFor(() => existsSync(resolution) && readFileSync(resolution, 'utf8') === original, 'resolution.md written');
    await waitFor(() => !vscode.languages.getDiagnostics(uri).some((d) => d.code === 'ticket.closed-without-resolution'), 'warning cleared');
    await setHideClosed(undefined);
    await waitFor(() => ours().length === 0, 'default again: nothing left for open tickets after the artifacts fix');
  });

  it('CodeLenses in thread.md: state and title, Open Ticket View, one summary per event, Show IntentPacket', async () => {
    const uri = file(CANONICAL, 'thread.md');
    await vscode.workspace.openTextDocument(uri);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const titles = lensTitles(lenses);
    const summary = yoi.stores.find(CANONICAL)!.main.summary(CANONICAL)!;
    assert.ok(titles[0].startsWith(`Closed · ${summary.title.slice(0, 20)}`), titles[0]);
    assert.equal(lenses[0].range.start.line, 0);
    assert.equal(titles[1], '$(preview) Open Ticket View');
    assert.deepEqual(lenses[1].command!.arguments, [CANONICAL, workspaceDir()]);
    const thread = yoi.stores.find(CANONICAL)!.main.thread(CANONICAL)!;
    const eventLenses = lenses.filter((l) => l.command?.command === 'yoi.showTicketEvent' && !l.command.title.includes('IntentPacket'));
    assert.equal(eventLenses.length, thread.events.length);
    assert.deepEqual(eventLenses.map((l) => l.range.start.line), thread.events.map((e) => e.markerLine - 1));
    const queue = eventLenses.find((l) => l.command!.title.includes('Ready → Queued'))!;
    assert.match(queue.command!.title, /^State changed · workspace-panel · .+ · Ready → Queued$/);
    assert.ok(eventLenses.some((l) => /^Review · .* · approved$/.test(l.command!.title)));
    assert.ok(eventLenses.some((l) => l.command!.title.includes('routing: implementation_ready')));
    const packet = lenses.find((l) => l.command?.title === '$(symbol-structure) Show IntentPacket')!;
    const packetEvent = thread.events.find((e) => e.markerLine - 1 === packet.range.start.line)!;
    assert.equal(packetEvent.kind, 'decision');
    assert.deepEqual(packet.command!.arguments, [CANONICAL, workspaceDir(), packetEvent.index]);
    // Closed: no workflow action.
    assert.ok(!titles.some((t) => ['$(play) Queue', '$(check) Accept…', '$(git-branch) Spawn coder worktree'].includes(t) || /^(Queue|Accept): /.test(t)));
    // Show IntentPacket opens the ticket view.
    await vscode.commands.executeCommand(packet.command!.command, ...packet.command!.arguments!);
    await waitFor(() => yoi.ticketView.openPanels().some((p) => p.id === CANONICAL), 'ticket view opened');
  });

  it('CodeLenses follow the editor text (unsaved edits) and stay out of other Markdown', async () => {
    const uri = file(READY, 'thread.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const count = async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).length;
    const before = await count();
    await editor.edit((b) => b.insert(new vscode.Position(doc.lineCount, 0), '\n<!-- event: comment author: itest at: 2026-11-25T10:00:00Z -->\n\n## Comment\n\nunsaved\n\n---\n'));
    await waitFor(async () => (await count()) === before + 1, 'one more event lens for the unsaved event');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.match(lensTitles(lenses).at(-1)!, /^Comment · itest · /);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    // item.md of the ready ticket: the header lens (and Queue only when that command exists).
    const item = file(READY, 'item.md');
    await vscode.workspace.openTextDocument(item);
    const itemLenses = lensTitles(await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', item));
    assert.ok(itemLenses[0].startsWith('Ready · '), itemLenses[0]);
    const queueRegistered = (await vscode.commands.getCommands(true)).includes('yoi.queueTicket');
    assert.equal(itemLenses.includes('$(play) Queue'), queueRegistered);
    // Markdown outside the tickets root: no lenses.
    const other = await notes();
    assert.deepEqual(await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', other), []);
  });

  it('links and hovers on ticket IDs in any Markdown file and in relations.json', async () => {
    const other = await notes();
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', other);
    assert.deepEqual(links.map((l) => [l.range.start.line, l.range.start.character, l.range.end.character]), [[2, 4, 17], [2, 22, 35]]);
    const target = decodeURIComponent(links[0].target!.toString(true));
    assert.equal(links[0].target!.scheme, 'command');
    assert.ok(target.includes(`yoi.openTicket?`) && target.includes(CANONICAL), target);
    const rel = file(CANONICAL, 'artifacts/relations.json');
    const relDoc = await vscode.workspace.openTextDocument(rel);
    const relLinks = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', rel);
    const targets = relLinks.map((l) => relDoc.getText(l.range));
    assert.ok(targets.includes(READY), targets.join(','));

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', other, new vscode.Position(2, 8));
    const md = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    const title = yoi.stores.find(CANONICAL)!.main.summary(CANONICAL)!.title;
    assert.ok(md.includes('State: Closed'), md);
    assert.ok(md.includes('Last event: '), md);
    assert.ok(md.includes('command:yoi.openTicket'), md);
    // The title is untrusted text: escaped, never raw Markdown (its CJK prefix survives escaping).
    assert.ok(md.includes(title.slice(0, 6)), md);
    const none = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', other, new vscode.Position(2, 48));
    assert.ok(!none.some((h) => h.contents.some((c) => (typeof c === 'string' ? c : c.value).includes('Open Ticket View'))));
  });

  it('settings: the extension family, the doctor and the CodeLenses can be turned off', async () => {
    const doctor = vscode.workspace.getConfiguration('yoi.doctor');
    await setHideClosed(false);
    await waitFor(() => ours().some(({ d }) => d.source === 'yoi extension check'), 'extension checks shown');
    await doctor.update('extensionChecks', false, vscode.ConfigurationTarget.Workspace);
    await waitFor(() => ours().length > 0 && ours().every(({ d }) => d.source === 'yoi doctor'), 'only yoi-family findings');
    await doctor.update('enabled', false, vscode.ConfigurationTarget.Workspace);
    await waitFor(() => ours().length === 0, 'doctor off clears Problems');
    await doctor.update('enabled', undefined, vscode.ConfigurationTarget.Workspace);
    await doctor.update('extensionChecks', undefined, vscode.ConfigurationTarget.Workspace);
    await yoi.editor.diagnostics.whenIdle();
    await waitFor(() => ours().some(({ d }) => d.source === 'yoi extension check'), 'doctor back on');
    await setHideClosed(undefined);

    const uri = file(CANONICAL, 'thread.md');
    await vscode.workspace.openTextDocument(uri);
    const lensCount = async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).length;
    assert.ok((await lensCount()) > 0);
    await vscode.workspace.getConfiguration('yoi.codeLens').update('enabled', false, vscode.ConfigurationTarget.Workspace);
    await waitFor(async () => (await lensCount()) === 0, 'no lenses when disabled');
    await vscode.workspace.getConfiguration('yoi.codeLens').update('enabled', undefined, vscode.ConfigurationTarget.Workspace);
    await waitFor(async () => (await lensCount()) > 0, 'lenses back');
  });

  it('document symbols: one per thread event; ID completion in .yoi Markdown', async () => {
    const uri = file(CANONICAL, 'thread.md');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
    const ours = symbols.filter((s) => s.kind === vscode.SymbolKind.Event);
    const thread = yoi.stores.find(CANONICAL)!.main.thread(CANONICAL)!;
    assert.equal(ours.length, thread.events.length);
    assert.equal(ours[0].name, 'Created: 作成');
    assert.equal(ours[0].detail, `yoi ticket · ${thread.events[0].at}`);
    assert.deepEqual(ours.map((s) => s.selectionRange.start.line), thread.events.map((e) => e.markerLine - 1));

    const item = file(READY, 'item.md');
    const doc = await vscode.workspace.openTextDocument(item);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', item, new vscode.Position(doc.lineCount - 1, 0));
    const ids = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(ids.includes(CANONICAL) && ids.includes(READY), `${ids.length} items`);
  });
});
