import * as vscode from 'vscode';
import type { RunRecord } from '../../protocol/records';
import { listRuns } from '../../protocol/rpc';
import type { RunManager } from '../runs/runManager';
import type { ServeClient } from '../serve/serveClient';
import { gridRunCount } from './experimentGrid';
import { groupExperiments, type ExperimentGroup, type PendingRunRow } from './experimentGroups';
import { presentExperiment, presentPendingRun, presentRun, type RowPresentation } from './runPresentation';

export interface ExperimentNode extends ExperimentGroup {
  kind: 'experiment';
}

/** A run in the store. The panel commands read `runId` from the clicked and selected nodes. */
export interface RunNode {
  kind: 'run';
  runId: number;
  run: RunRecord;
}

/** A run the extension queued or is starting, not yet in the store. */
export interface PendingRunNode extends PendingRunRow {
  kind: 'pending';
}

export interface MessageNode {
  kind: 'message';
  text: string;
  tooltip: string;
}

export type FlukeTreeNode = ExperimentNode | RunNode | PendingRunNode | MessageNode;

const experimentGlob = '**/*.experiment.json';
const excludedFolders = '**/{node_modules,.git,.fluke,dist}/**';

/** The Experiments view: experiment files of the workspace, each with its runs from the store. */
export class ExperimentsTree implements vscode.TreeDataProvider<FlukeTreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<FlukeTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private files = new Map<string, { gridRuns: number }>();
  private runs: RunRecord[] = [];
  private storeError: string | null = null;
  private filesScanned = false;
  private refreshTimer: NodeJS.Timeout | null = null;
  private rescanPending = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly serve: ServeClient,
    private readonly manager: RunManager,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(experimentGlob);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => void this.updateFile(uri)),
      watcher.onDidChange((uri) => void this.updateFile(uri)),
      watcher.onDidDelete((uri) => {
        this.files.delete(uri.fsPath);
        this.refreshSoon();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.refreshSoon(true)),
      serve.onRunsChanged(() => this.refreshSoon()),
      serve.onDidStart(() => this.refreshSoon()),
      manager.onDidChange(() => this.refreshSoon()),
    );
  }

  /** Reloads the runs (and re-scans the experiment files) shortly, coalescing bursts of changes. */
  refreshSoon(rescanFiles = false): void {
    this.rescanPending ||= rescanFiles;
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.reload();
    }, 200);
  }

  async reload(): Promise<void> {
    const rescan = this.rescanPending || !this.filesScanned;
    this.rescanPending = false;
    await Promise.all([rescan ? this.scanFiles() : Promise.resolve(), this.loadRuns()]);
    this.changeEmitter.fire(undefined);
  }

  /** Every stored run, newest first (for pickers when a command comes from the palette). */
  storedRuns(): RunRecord[] {
    return this.runs;
  }

  experimentPaths(): string[] {
    return [...this.files.keys()].sort();
  }

  getTreeItem(node: FlukeTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'experiment': {
        const { runs, pending } = node;
        const best = runs.reduce<number | null>((top, run) => (run.bestRecallAt1 !== null && (top === null || run.bestRecallAt1 > top) ? run.bestRecallAt1 : top), null);
        const item = treeItem(
          presentExperiment({
            relativePath: vscode.workspace.asRelativePath(node.experimentPath, false),
            exists: node.exists,
            hasGrid: node.gridRuns > 0,
            runCount: runs.length,
            bestRecallAt1: best,
          }),
          runs.length + pending.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
        );
        // A new id once it has runs: VS Code applies Expanded only to rows it has not seen, so the first run shows at once.
        item.id = `experiment:${runs.length + pending.length > 0 ? 'runs' : 'empty'}:${node.experimentPath}`;
        if (node.exists) {
          item.resourceUri = vscode.Uri.file(node.experimentPath);
          item.command = { title: 'Open Experiment', command: 'vscode.open', arguments: [item.resourceUri] };
        }
        return item;
      }
      case 'run': {
        const live = this.manager.findByRunId(node.runId);
        const progress = live?.epoch !== null && live?.epochs !== null && live ? { epoch: live.epoch!, epochs: live.epochs! } : undefined;
        const item = treeItem(presentRun(node.run, progress), vscode.TreeItemCollapsibleState.None);
        item.id = `run:${node.runId}`;
        return item;
      }
      case 'pending': {
        const item = treeItem(presentPendingRun(node), vscode.TreeItemCollapsibleState.None);
        item.id = `pending:${node.key}`;
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.tooltip = node.tooltip;
        item.command = { title: 'Check Environment', command: 'fluke.checkEnvironment' };
        return item;
      }
    }
  }

  async getChildren(node?: FlukeTreeNode): Promise<FlukeTreeNode[]> {
    // The first time, wait for the files and the store, so the welcome view does not flash up.
    if (!node && !this.filesScanned) await this.reload();
    if (!node) return this.rootNodes();
    if (node.kind !== 'experiment') return [];
    const runs: FlukeTreeNode[] = node.runs.map((run) => ({ kind: 'run', runId: run.id, run }));
    return [...node.pending.map((row): FlukeTreeNode => ({ kind: 'pending', ...row })), ...runs];
  }

  getParent(node: FlukeTreeNode): FlukeTreeNode | undefined {
    const path = node.kind === 'run' ? node.run.experimentPath : node.kind === 'pending' ? node.experimentPath : null;
    return path === null ? undefined : this.experimentNodes().find((experiment) => experiment.experimentPath === path);
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const disposable of this.disposables) disposable.dispose();
    this.changeEmitter.dispose();
  }

  private rootNodes(): FlukeTreeNode[] {
    const message: FlukeTreeNode[] = this.storeError
      ? [{ kind: 'message', text: 'Cannot read the run store', tooltip: `${this.storeError}\n\nClick to check the environment (fluke doctor).` }]
      : [];
    return [...message, ...this.experimentNodes()];
  }

  private experimentNodes(): ExperimentNode[] {
    return groupExperiments(this.files, this.runs, this.manager.active()).map((group) => ({ kind: 'experiment', ...group }));
  }

  private async scanFiles(): Promise<void> {
    this.filesScanned = true;
    const uris = await vscode.workspace.findFiles(experimentGlob, excludedFolders);
    const files = new Map<string, { gridRuns: number }>();
    await Promise.all(uris.map(async (uri) => files.set(uri.fsPath, { gridRuns: await gridRunsOf(uri) })));
    this.files = files;
  }

  private async updateFile(uri: vscode.Uri): Promise<void> {
    if (/[\\/](node_modules|\.git|\.fluke|dist)[\\/]/.test(uri.fsPath)) return;
    this.files.set(uri.fsPath, { gridRuns: await gridRunsOf(uri) });
    this.refreshSoon();
  }

  private async loadRuns(): Promise<void> {
    try {
      this.runs = await this.serve.request(listRuns, {});
      this.storeError = null;
    } catch (error) {
      const message = (error as Error).message;
      if (message !== this.storeError) this.log.error(`cannot list runs: ${message}`);
      this.storeError = message;
    }
  }
}

async function gridRunsOf(uri: vscode.Uri): Promise<number> {
  try {
    return gridRunCount(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
  } catch {
    return 0;
  }
}

function treeItem(row: RowPresentation, state: vscode.TreeItemCollapsibleState): vscode.TreeItem {
  const item = new vscode.TreeItem(row.label, state);
  item.description = row.description;
  item.iconPath = new vscode.ThemeIcon(row.icon.id, row.icon.color ? new vscode.ThemeColor(row.icon.color) : undefined);
  item.contextValue = row.contextValue;
  item.tooltip = new vscode.MarkdownString(row.tooltip);
  return item;
}
