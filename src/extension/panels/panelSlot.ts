import * as vscode from 'vscode';

/**
 * The one open panel of a kind (Compare Runs, Retrieval Preview, Clusters): showing it again
 * brings the open one forward with new content; a panel revived after a reload replaces it.
 */
export class PanelSlot<Host extends { readonly panel: vscode.WebviewPanel; dispose(): void }> {
  private current: Host | undefined;

  constructor(
    private readonly viewType: string,
    private readonly title: string,
  ) {}

  /** `update` the open panel and reveal it, or open a new one made by `create`. */
  show(update: (open: Host) => void, create: (panel: vscode.WebviewPanel) => Host): void {
    if (this.current) {
      update(this.current);
      this.current.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(this.viewType, this.title, vscode.ViewColumn.Active, { enableScripts: true });
    this.hold(create(panel));
  }

  /** A panel VS Code restored after a reload takes the place of any open one. */
  revive(create: () => Host): void {
    this.current?.dispose();
    this.hold(create());
  }

  private hold(host: Host): void {
    this.current = host;
    host.panel.onDidDispose(() => {
      if (this.current === host) this.current = undefined;
    });
  }
}
