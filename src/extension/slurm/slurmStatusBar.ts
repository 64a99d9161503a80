import * as vscode from 'vscode';
import type { ExperimentsTree } from '../experiments/experimentsTree';
import { showStatusBarContent } from '../runs/runStatusBar';
import { slurmStatusText } from './slurmJobText';

/** How many of the workspace's Slurm jobs wait and run; a click shows the Experiments view. */
export function registerSlurmStatusBar(context: vscode.ExtensionContext, tree: ExperimentsTree): void {
  const item = vscode.window.createStatusBarItem('fluke.slurm', vscode.StatusBarAlignment.Left, 49);
  item.name = 'Fluke Slurm Jobs';
  item.command = 'fluke.experiments.focus';
  const update = () => showStatusBarContent(item, slurmStatusText(tree.storedRuns()));
  context.subscriptions.push(item, tree.onDidChangeTreeData(update));
  update();
}
