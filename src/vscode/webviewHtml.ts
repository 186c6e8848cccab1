import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

/** What a webview page loads. */
export interface WebviewPage {
  title: string;
  /** The bundled script (dist/…), loaded by nonce. */
  script: vscode.Uri;
  /** Stylesheets (media/…). */
  styles: readonly vscode.Uri[];
}

/**
 * The one HTML helper for every webview: nothing loads unless listed here, scripts only
 * by nonce, styles only from the extension, no network, no inline handlers.
 */
export function webviewHtml(webview: vscode.Webview, page: WebviewPage): string {
  const nonce = randomBytes(16).toString('base64');
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const links = page.styles.map((uri) => `<link rel="stylesheet" href="${escapeAttribute(webview.asWebviewUri(uri).toString())}">`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${csp}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${links}
    <title>${escapeAttribute(page.title)}</title>
  </head>
  <body>
    <main id="root" aria-live="polite"></main>
    <script nonce="${nonce}" src="${escapeAttribute(webview.asWebviewUri(page.script).toString())}"></script>
  </body>
</html>`;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
