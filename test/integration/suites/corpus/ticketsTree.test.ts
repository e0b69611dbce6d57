// The Tickets view on a temp copy of the real 352-ticket corpus, including live updates when
// files change on disk outside VS Code.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { YoiApi } from '../../../../src/extension';
import type { TicketTreeNode } from '../../../../src/vscode/tickets/ticketTree';
import { api, waitFor, workspaceDir } from '../../util';

type TicketNodeT = Extract<TicketTreeNode, { kind: 'ticket' }>;
const labelOf = (item: vscode.TreeItem) => (typeof item.label === 'string' ? item.label : item.label?.label ?? '');

describe('Tickets view on the real corpus', () => {
  let yoi: YoiApi;
  let tickets: string;
  const groupRows = () => yoi.ticketTree.getChildren().map((g) => { const it = yoi.ticketTree.getTreeItem(g); return `${labelOf(it)}=${it.description}`; });
  const groupOf = (label: string) => yoi.ticketTree.getChildren().find((g) => labelOf(yoi.ticketTree.getTreeItem(g)) === label)!;
  const idsIn = (label: string) => (yoi.ticketTree.getChildren(groupOf(label)) as TicketNodeT[]).map((n) => n.id);

  before(async () => {
    yoi = await api<YoiApi>();
    await yoi.stores.ready();
    tickets = join(workspaceDir(), '.yoi', 'tickets');
  });

  it('shows 352 tickets: 8 planning, 1 ready, 343 closed', () => {
    assert.deepEqual(groupRows(), ['Planning=8', 'Ready=1', 'Queued=0', 'In progress=0', 'Done=0', 'Closed=343']);
    assert.deepEqual(idsIn('Ready'), ['00001KXMK846H']);
    assert.equal(idsIn('Closed').length, 343);
  });

  it('sorts each group by updated_at, newest first', () => {
    const planning = (yoi.ticketTree.getChildren(groupOf('Planning')) as TicketNodeT[]).map((n) => n.summary.updatedAt ?? '');
    assert.deepEqual(planning, [...planning].sort().reverse());
  });

  it('filters by text and state, and clears', async () => {
    await vscode.commands.executeCommand('yoi.tickets.filter', { text: 'plugin', states: ['planning', 'closed'] });
    const rows = groupRows();
    assert.ok(rows.every((r) => /^(Planning|Closed)=\d+ of \d+$/.test(r)), rows.join(','));
    const closedShown = idsIn('Closed').length;
    assert.ok(closedShown > 0 && closedShown < 343);
    // Body words count too: a word that only occurs in bodies.
    await vscode.commands.executeCommand('yoi.tickets.filter', { text: 'LocalTicketBackend' });
    assert.ok(yoi.ticketTree.getChildren().length > 0);
    await vscode.commands.executeCommand('yoi.tickets.clearFilter');
    assert.deepEqual(groupRows(), ['Planning=8', 'Ready=1', 'Queued=0', 'In progress=0', 'Done=0', 'Closed=343']);
  });

  it('updates live when a ticket is written, changed and deleted on disk', async () => {
    const before = yoi.ticketTree.stats.fullRefreshes;
    const id = '00001M0000000';
    const dir = join(tickets, id);
    // Write the way yoi does: a temp file renamed into place.
    mkdirSync(join(dir, 'artifacts'), { recursive: true });
    writeFileSync(join(dir, '.item.md.tmp'), "---\ntitle: 'Live ticket from outside'\nstate: 'ready'\ncreated_at: '2026-11-01T00:00:00Z'\nupdated_at: '2026-11-01T00:00:00Z'\n---\n\nBody\n");
    renameSync(join(dir, '.item.md.tmp'), join(dir, 'item.md'));
    await waitFor(() => idsIn('Ready').includes(id), 'new ticket in Ready');
    assert.equal(groupRows()[1], 'Ready=2');

    const item = join(dir, 'item.md');
    writeFileSync(item, readFileSync(item, 'utf8').replace("state: 'ready'", "state: 'queued'"));
    await waitFor(() => idsIn('Queued').includes(id) && !idsIn('Ready').includes(id), 'ticket moved to Queued');

    rmSync(dir, { recursive: true, force: true });
    await waitFor(() => !idsIn('Queued').includes(id), 'ticket gone');
    assert.deepEqual(groupRows(), ['Planning=8', 'Ready=1', 'Queued=0', 'In progress=0', 'Done=0', 'Closed=343']);
    assert.equal(yoi.ticketTree.stats.fullRefreshes, before, 'file events refreshed groups, not the whole tree');
  });

  it('a ticket copied in by git checkout shows up (folder created with files at once)', async () => {
    const src = join(tickets, '00001KXMK846H');
    const id = '00001M0000001';
    const tmp = join(workspaceDir(), 'staging-copy');
    cpSync(src, tmp, { recursive: true });
    renameSync(tmp, join(tickets, id));
    await waitFor(() => idsIn('Ready').includes(id), 'copied ticket appears');
    rmSync(join(tickets, id), { recursive: true, force: true });
    await waitFor(() => !idsIn('Ready').includes(id), 'copied ticket removed');
  });
});
