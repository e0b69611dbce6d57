// Status bar: how many tickets wait for a human (ready) or the Orchestrator (queued).
import * as vscode from 'vscode';
import { WorkspaceStores } from './workspaceStores';

export class TicketStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('yoi.tickets.status', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly stores: WorkspaceStores) {
    this.item.name = vscode.l10n.t('yoi Tickets');
    this.item.command = 'yoi.goToTicket';
    this.disposables.push(this.item, stores.onDidChange(() => this.update()), stores.onDidChangeFolders(() => this.update()));
    this.update();
  }

  /** Text currently shown (for tests). */
  get text(): string {
    return this.item.text;
  }

  update(): void {
    if (!this.stores.hasStore) { this.item.hide(); return; }
    let ready = 0, queued = 0;
    for (const f of this.stores.all()) {
      const c = f.main.countByState();
      ready += c.ready ?? 0;
      queued += c.queued ?? 0;
    }
    this.item.text = `$(checklist) ${vscode.l10n.t('{0} ready · {1} queued', ready, queued)}`;
    this.item.tooltip = vscode.l10n.t('yoi: {0} tickets ready to queue, {1} queued for the Orchestrator. Click to go to a ticket.', ready, queued);
    this.item.accessibilityInformation = { label: this.item.tooltip };
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
