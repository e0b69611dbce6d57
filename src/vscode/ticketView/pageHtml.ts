// The Ticket view page shell: a strict CSP (default-src 'none', nonce'd script, styles only from
// the extension) and nothing else. All content arrives as `snapshot` messages.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

export function ticketViewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, loadingText: string, lang: string): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'ticketView.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'ticketView.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return `<!DOCTYPE html>
<html lang="${esc(lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${esc(style.toString())}">
<title>yoi ticket</title>
</head>
<body>
<div id="root"><p class="empty">${esc(loadingText)}</p></div>
<script nonce="${nonce}" src="${esc(script.toString())}"></script>
</body>
</html>`;
}
