// Composition root: builds services and registers them as disposables. Nothing else lives here.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  for (const id of ['yoi.tickets.refresh', 'yoi.tickets.filter', 'yoi.tickets.clearFilter', 'yoi.goToTicket', 'yoi.openTicket']) {
    context.subscriptions.push(vscode.commands.registerCommand(id, () => undefined));
  }
}

export function deactivate(): void {}
