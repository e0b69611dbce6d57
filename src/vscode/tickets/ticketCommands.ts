// Commands of the Tickets view: filter / clear filter, refresh, Go to Ticket…, open a ticket.
import * as vscode from 'vscode';
import { TICKET_STATES, TicketState } from '../../core/states';
import { TicketFilter } from '../../core/query/ticketQuery';
import { compareByUpdatedDesc } from '../../core/query/ticketQuery';
import { WorkspaceStores } from './workspaceStores';
import { TicketTreeProvider, TicketTreeNode } from './ticketTree';
import { stateIcon, stateLabel, relativeTimeLabel } from './presentation';

/** Opens a ticket (the ticket view implements it). */
export interface TicketOpener {
  open(id: string, folderPath?: string, opts?: { eventIndex?: number }): Promise<void>;
}

interface TicketPick extends vscode.QuickPickItem { id: string; folderPath: string }

export function registerTicketCommands(
  stores: WorkspaceStores,
  tree: TicketTreeProvider,
  view: vscode.TreeView<TicketTreeNode>,
  opener: () => TicketOpener,
): vscode.Disposable[] {
  const updateMessage = () => {
    const f = tree.activeFilter;
    view.message = f ? describeFilter(f) : undefined;
  };
  return [
    vscode.commands.registerCommand('yoi.tickets.refresh', async () => {
      await stores.reloadAll();
      tree.refreshAll();
    }),
    vscode.commands.registerCommand('yoi.tickets.clearFilter', () => {
      tree.setFilter(undefined);
      updateMessage();
    }),
    vscode.commands.registerCommand('yoi.tickets.filter', async (preset?: TicketFilter) => {
      const filter = preset ?? (await pickFilter(stores, tree.activeFilter));
      if (filter === undefined) return;
      tree.setFilter(filter);
      updateMessage();
    }),
    vscode.commands.registerCommand('yoi.goToTicket', async () => {
      await stores.ready();
      const multi = stores.all().length > 1;
      const items: TicketPick[] = [];
      for (const f of stores.all()) {
        for (const s of f.overlay.summaries().sort(compareByUpdatedDesc)) {
          items.push({
            id: s.id,
            folderPath: f.folder.uri.fsPath,
            label: `$(${s.state ? stateIcon(s.state).id : 'error'}) ${s.title || s.id}`,
            description: `${s.id} · ${s.state ? stateLabel(s.state) : vscode.l10n.t('Unreadable')}`,
            detail: [relativeTimeLabel(s.updatedAt), multi ? f.folder.name : '', s.readiness ?? ''].filter(Boolean).join(' · '),
          });
        }
      }
      const qp = vscode.window.createQuickPick<TicketPick>();
      qp.items = items;
      qp.placeholder = vscode.l10n.t('Type a ticket ID or words of its title');
      qp.matchOnDescription = true;
      qp.matchOnDetail = true;
      const picked = await new Promise<TicketPick | undefined>((resolve) => {
        qp.onDidAccept(() => { resolve(qp.selectedItems[0]); qp.hide(); });
        qp.onDidHide(() => resolve(undefined));
        qp.show();
      });
      qp.dispose();
      if (picked) await opener().open(picked.id, picked.folderPath);
    }),
    vscode.commands.registerCommand('yoi.openTicket', async (idOrNode?: string | TicketTreeNode, folderPath?: string) => {
      if (idOrNode && typeof idOrNode === 'object' && idOrNode.kind === 'ticket') {
        return opener().open(idOrNode.id, idOrNode.folder.folder.uri.fsPath);
      }
      let id = typeof idOrNode === 'string' ? idOrNode : undefined;
      if (!id) {
        id = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Ticket ID'), validateInput: (v) => (/^[0-9A-HJKMNP-TV-Z]{13}$/.test(v.trim()) ? undefined : vscode.l10n.t('A ticket ID has 13 characters of Crockford base32 (0-9, A-Z without I, L, O, U).')) });
        if (!id) return;
      }
      return opener().open(id.trim(), folderPath);
    }),
  ];
}

function describeFilter(f: TicketFilter): string {
  const parts: string[] = [];
  if (f.text?.trim()) parts.push(`“${f.text.trim()}”`);
  if (f.states?.length) parts.push(f.states.map(stateLabel).join(', '));
  if (f.riskFlags?.length) parts.push(f.riskFlags.map((r) => `#${r}`).join(' '));
  return vscode.l10n.t('Filtered by {0}. Use “Clear Ticket Filter” in the view title to show all tickets.', parts.join(' · '));
}

interface FilterPick extends vscode.QuickPickItem { state?: TicketState; risk?: string }

/** One quick pick: typed text filters by title/ID/body words; items toggle states and risk flags. */
async function pickFilter(stores: WorkspaceStores, current: TicketFilter | undefined): Promise<TicketFilter | undefined> {
  await stores.ready();
  const flags = new Map<string, number>();
  for (const f of stores.all()) for (const s of f.main.summaries()) for (const r of s.riskFlags) flags.set(r, (flags.get(r) ?? 0) + 1);
  const items: FilterPick[] = [
    { label: vscode.l10n.t('States'), kind: vscode.QuickPickItemKind.Separator },
    ...TICKET_STATES.map((s) => ({ label: `$(${stateIcon(s).id}) ${stateLabel(s)}`, state: s, alwaysShow: true })),
    { label: vscode.l10n.t('Risk flags'), kind: vscode.QuickPickItemKind.Separator },
    ...[...flags.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([r, n]) => ({ label: `#${r}`, description: String(n), risk: r, alwaysShow: true })),
  ];
  const qp = vscode.window.createQuickPick<FilterPick>();
  qp.canSelectMany = true;
  qp.items = items;
  qp.value = current?.text ?? '';
  qp.selectedItems = items.filter((i) => (i.state && current?.states?.includes(i.state)) || (i.risk && current?.riskFlags?.includes(i.risk)));
  qp.title = vscode.l10n.t('Filter Tickets');
  qp.placeholder = vscode.l10n.t('Words of the title, ID or body; tick states and risk flags; Enter to apply');
  // Typed text is the text filter; alwaysShow keeps the toggles visible while typing.
  qp.keepScrollPosition = true;
  let text = qp.value;
  qp.onDidChangeValue((v) => { text = v; });
  const accepted = await new Promise<boolean>((resolve) => {
    qp.onDidAccept(() => { resolve(true); qp.hide(); });
    qp.onDidHide(() => resolve(false));
    qp.show();
  });
  const selected = qp.selectedItems;
  qp.dispose();
  if (!accepted) return undefined;
  return {
    text: text.trim() || undefined,
    states: selected.filter((i) => i.state).map((i) => i.state!) ,
    riskFlags: selected.filter((i) => i.risk).map((i) => i.risk!),
  };
}
