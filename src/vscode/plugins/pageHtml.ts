// The inspector page shell: the ticket view's rules — CSP default-src 'none', one nonce'd script,
// styles and fonts only from the extension — and nothing else. Content arrives as messages.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

export function pluginInspectorHtml(webview: vscode.Webview, extensionUri: vscode.Uri, loadingText: string, lang: string): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'pluginInspector.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'pluginInspector.css'));
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
<title>yoi plugin inspector</title>
</head>
<body>
<div id="root" aria-busy="true"><p class="empty">${esc(loadingText)}</p></div>
<script nonce="${nonce}" src="${esc(script.toString())}"></script>
</body>
</html>`;
}
