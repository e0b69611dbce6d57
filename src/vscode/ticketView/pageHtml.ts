// The Ticket view page shell (shared CSP shell; all content arrives as `snapshot` messages).
import * as vscode from 'vscode';
import { pageShellHtml } from '../webview/pageShell';

export function ticketViewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, loadingText: string, lang: string): string {
  return pageShellHtml(webview, extensionUri, { script: 'ticketView.js', style: 'ticketView.css', title: 'yoi ticket', loadingText, lang });
}
