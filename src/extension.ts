// Composition root: builds services and registers them as disposables. Nothing else lives here.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  void context;
}

export function deactivate(): void {}
