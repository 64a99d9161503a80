/** What a panel's page needs from the webview: where its files are and the CSP source. */
export interface PanelPageInput {
  /** The panel's name: its bundle is `<name>.js`, its styles `<name>.css`. */
  name: string;
  title: string;
  cspSource: string;
  nonce: string;
  /** The webview URI of a file in dist/webview. */
  assetUri: (file: string) => string;
}

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The CSP of every panel: nothing but its own files, data: images, and nonce'd script and styles. */
export function panelContentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/** The HTML of a panel: its bundle, its stylesheet and the codicon font, under the strict CSP. */
export function panelPage(input: PanelPageInput): string {
  const { nonce } = input;
  const asset = (file: string) => escapeAttribute(input.assetUri(file));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(panelContentSecurityPolicy(input.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${asset('codicon.css')}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" nonce="${nonce}" href="${asset(`${input.name}.css`)}">
<title>${escapeAttribute(input.title)}</title>
</head>
<body>
<div id="root" data-panel="${escapeAttribute(input.name)}"></div>
<script nonce="${nonce}" src="${asset(`${input.name}.js`)}"></script>
</body>
</html>`;
}
