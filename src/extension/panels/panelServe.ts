import type * as vscode from 'vscode';
import type { RequestType } from 'vscode-jsonrpc';

/**
 * What the panels need of the extension's `fluke serve` client (src/extension/serve/
 * serveClient.ts): its typed requests and the store-changed event. ServeClient fits it.
 */
export interface PanelServe {
  request<P, R>(type: RequestType<P, R, void>, params: P): Promise<R>;
  readonly onRunsChanged: vscode.Event<{ runIds: number[] }>;
}
