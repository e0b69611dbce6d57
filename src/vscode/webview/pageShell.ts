// The one page shell every webview of the extension uses: a strict CSP (default-src 'none', one
// nonce'd script, styles/fonts/images only from the extension) and an empty root. All content
// arrives afterwards as typed messages (src/shared/protocol.ts), never as HTML from the host.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

export interface PageShell {
  /** Bundle under dist/webview/ (e.g. `ticketView.js`). */
  script: string;
  /** The page's stylesheet under media/ (e.g. `ticketView.css`), linked after the shared base.css. */
  style: string;
  title: string;
  loadingText: string;
  lang: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function pageShellHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: PageShell): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', page.script));
  const base = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'base.css'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', page.style));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${esc(page.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${esc(base.toString())}">
<link rel="stylesheet" href="${esc(style.toString())}">
<title>${esc(page.title)}</title>
</head>
<body>
<div id="root" aria-busy="true"><p class="empty">${esc(page.loadingText)}</p></div>
<script nonce="${nonce}" src="${esc(script.toString())}"></script>
</body>
</html>`;
}

/** Options every panel of the extension uses: scripts on, resources only from dist/webview and media. */
export function webviewPanelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    // Pages restore from their own state (vscode.setState) instead of staying alive when hidden.
    retainContextWhenHidden: false,
    localResourceRoots: [
      vscode.Uri.joinPath(extensionUri, 'dist', 'webview'),
      vscode.Uri.joinPath(extensionUri, 'media'),
    ],
  };
}
