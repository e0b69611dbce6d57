// The inspector page shell (shared CSP shell; the report arrives as messages).
import * as vscode from 'vscode';
import { pageShellHtml } from '../webview/pageShell';

export function pluginInspectorHtml(webview: vscode.Webview, extensionUri: vscode.Uri, loadingText: string, lang: string): string {
  return pageShellHtml(webview, extensionUri, { script: 'pluginInspector.js', style: 'pluginInspector.css', title: 'yoi plugin inspector', loadingText, lang });
}
