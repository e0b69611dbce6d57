// The Ticket view panel inside the real extension host, on a temp copy of the corpus: one panel
// per ticket, reopening reveals it, and a file written on disk reaches the page as a new snapshot.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { YoiApi } from '../../../../src/extension';
import { api, waitFor, workspaceDir } from '../../util';

const TICKET = '00001KVFDX9AY';
const OTHER = '00001KXNYXNM6';

const ticketTabs = () => vscode.window.tabGroups.all
  .flatMap((g) => g.tabs)
  .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('yoi.ticketView'));

describe('Ticket view on the real corpus', () => {
  let yoi: YoiApi;
  let tickets: string;

  before(async () => {
    yoi = await api<YoiApi>();
    await yoi.stores.ready();
    tickets = join(workspaceDir(), '.yoi', 'tickets');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('yoi.openTicket opens one panel whose page receives the snapshot', async () => {
    await vscode.commands.executeCommand('yoi.openTicket', TICKET);
    await waitFor(() => ticketTabs().length === 1, 'one ticket view tab');
    const snap = await waitFor(() => yoi.ticketView.lastSnapshot(TICKET), 'a snapshot sent after the page said ready');
    assert.equal(snap.ticket.id, TICKET);
    assert.equal(snap.header.state, 'closed');
    assert.ok(snap.relations.outgoing.some((r) => r.kind === 'depends_on'));
    assert.ok(snap.intent.packets.some((p) => p.current));
    assert.deepEqual(yoi.ticketView.openPanels().map((p) => p.id), [TICKET]);
    assert.match(ticketTabs()[0].label, new RegExp(TICKET));
  });

  it('opening the same ticket again reveals the panel instead of creating a second one', async () => {
    await vscode.commands.executeCommand('yoi.openTicket', OTHER);
    await waitFor(() => ticketTabs().length === 2, 'a second ticket opens a second panel');
    await vscode.commands.executeCommand('yoi.openTicket', TICKET);
    await waitFor(() => {
      const active = vscode.window.tabGroups.activeTabGroup.activeTab;
      return active?.input instanceof vscode.TabInputWebview && active.label.includes(TICKET);
    }, 'the first panel is active again');
    assert.equal(ticketTabs().length, 2);
    assert.deepEqual(yoi.ticketView.openPanels().map((p) => p.id).sort(), [OTHER, TICKET].sort());
  });

  it('a thread event appended on disk reaches the page as a new full snapshot', async () => {
    const before = yoi.ticketView.lastSnapshot(TICKET)!;
    const sent = yoi.ticketView.openPanels().find((p) => p.id === TICKET)!.snapshotsSent;
    const n = before.timeline.events.length;
    appendFileSync(join(tickets, TICKET, 'thread.md'),
      '\n<!-- event: comment author: itest at: 2026-11-25T10:00:00Z -->\n\n## Comment\n\nAppended by the integration test.\n\n---\n');
    const after = await waitFor(() => {
      const s = yoi.ticketView.lastSnapshot(TICKET);
      return s && s.timeline.events.length === n + 1 ? s : undefined;
    }, 'a snapshot with the appended event');
    const last = after.timeline.events[n];
    assert.deepEqual([last.kind, last.author, last.body], ['comment', 'itest', 'Appended by the integration test.']);
    assert.ok(yoi.ticketView.openPanels().find((p) => p.id === TICKET)!.snapshotsSent > sent);
  });

  it('a changed title of a related ticket updates the relation row', async () => {
    const item = join(tickets, OTHER, 'item.md');
    const text = readFileSync(item, 'utf8');
    writeFileSync(item, text.replace(/^title: .*$/m, "title: 'Renamed by the integration test'"));
    // 00001KXNYXNM6 relates to 00001KXMK846H: open that one and watch the incoming row.
    await vscode.commands.executeCommand('yoi.openTicket', '00001KXMK846H');
    const s = await waitFor(() => {
      const v = yoi.ticketView.lastSnapshot('00001KXMK846H');
      return v?.relations.incoming.find((r) => r.other === OTHER)?.otherTitle === 'Renamed by the integration test' ? v : undefined;
    }, 'the incoming relation shows the new title');
    assert.equal(s.relations.incoming.find((r) => r.other === OTHER)!.label, 'related');
    writeFileSync(item, text);
  });

  it('closing a panel forgets it; the page reported no CSP violation on corpus tickets', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(() => yoi.ticketView.openPanels().length === 0, 'all panels disposed');
    assert.deepEqual(yoi.ticketView.cspViolations, []);
  });
});
