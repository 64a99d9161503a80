import * as vscode from 'vscode';
import { Deferred } from './deferred';
import { InvalidWebviewMessage } from './messageFields';
import type { PanelServe } from './panelServe';
import { webviewDistRoot, webviewHtml } from './webviewHtml';

export interface PanelContext {
  extensionUri: vscode.Uri;
  serve: PanelServe;
  log: vscode.LogOutputChannel;
  /** The extension's storage for this workspace: what a panel keeps to show again after a reload. */
  storageFolder: string;
}

/**
 * The host side every panel shares: the page, the INITIALIZED handshake (nothing is posted
 * before the webview is ready, and again after it was hidden and reloaded: panels do not
 * retain their context), checked messages, live updates and disposal.
 */
export abstract class PanelHost<HostMessage, WebviewMessage extends { type: string }> implements vscode.Disposable {
  private ready = new Deferred<void>();
  private readonly disposables: vscode.Disposable[] = [];
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  protected constructor(
    readonly panel: vscode.WebviewPanel,
    protected readonly context: PanelContext,
    webviewName: string,
    private readonly parse: (raw: unknown) => WebviewMessage,
    private readonly initializedType: string,
  ) {
    panel.webview.options = { enableScripts: true, localResourceRoots: [webviewDistRoot(context.extensionUri)] };
    panel.webview.html = webviewHtml(panel.webview, context.extensionUri, webviewName, panel.title);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidChangeViewState(() => {
        // A hidden panel's page is gone; it says INITIALIZED again when it comes back.
        if (!panel.visible && this.ready.isSettled) this.ready = new Deferred<void>();
      }),
      panel.onDidDispose(() => this.dispose()),
      context.serve.onRunsChanged(({ runIds }) => {
        if (this.concernsRuns(runIds)) this.scheduleRefresh();
      }),
    );
  }

  /** Sends everything the page shows; called at every INITIALIZED. */
  protected abstract sendAll(): Promise<void>;
  protected abstract handle(message: WebviewMessage): Promise<void>;
  /** Whether a change to these runs changes what the panel shows. */
  protected abstract concernsRuns(runIds: readonly number[]): boolean;
  /** Re-sends what changed when a shown run wrote something. */
  protected abstract refresh(): Promise<void>;

  /** Sends everything again (the panel was asked to show other runs). */
  protected resend(): void {
    this.sendAll().catch((error: unknown) => this.report('loading the panel', error));
  }

  protected async post(message: HostMessage): Promise<void> {
    await this.ready.promise;
    if (!this.disposed) await this.panel.webview.postMessage(message);
  }

  protected report(action: string, error: unknown): void {
    const text = error instanceof Error ? error.message : String(error);
    this.context.log.error(`${this.panel.viewType}: ${action} failed: ${text}`);
    void vscode.window.showErrorMessage(`Fluke Lab: ${action} failed: ${text}`);
  }

  private receive(raw: unknown): void {
    let message: WebviewMessage;
    try {
      message = this.parse(raw);
    } catch (error) {
      if (!(error instanceof InvalidWebviewMessage)) throw error;
      this.context.log.warn(`${this.panel.viewType}: ${error.message} (ignored)`);
      return;
    }
    if (message.type === this.initializedType) {
      this.ready.resolve();
      this.resend();
      return;
    }
    this.handle(message).catch((error: unknown) => this.report(message.type, error));
  }

  private scheduleRefresh(): void {
    // An epoch writes several rows; one refresh per burst is enough.
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      if (this.disposed || !this.ready.isSettled) return;
      this.refresh().catch((error: unknown) => this.context.log.error(`${this.panel.viewType}: live update failed: ${String(error)}`));
    }, 300);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.refreshTimer);
    this.panel.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
