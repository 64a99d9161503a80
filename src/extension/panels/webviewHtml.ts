import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { panelPage } from './panelPage';

/** The folder the webview bundles are built into; the only resource root a panel needs. */
export function webviewDistRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

/** The page of one panel, with a fresh nonce per render. */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, name: string, title: string): string {
  return panelPage({
    name,
    title,
    cspSource: webview.cspSource,
    nonce: randomBytes(16).toString('base64'),
    assetUri: (file) => webview.asWebviewUri(vscode.Uri.joinPath(webviewDistRoot(extensionUri), file)).toString(),
  });
}
