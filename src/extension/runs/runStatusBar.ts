import * as vscode from 'vscode';
import type { RunManager } from './runManager';
import { statusBarContent } from './statusBarText';

/** What is training now; a click shows the Experiments view. */
export function registerRunStatusBar(context: vscode.ExtensionContext, manager: RunManager): void {
  const item = vscode.window.createStatusBarItem('fluke.runs', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Fluke Runs';
  item.command = 'fluke.experiments.focus';
  const update = () => {
    const active = manager.active();
    const running = active.filter((run) => run.state !== 'queued').map((run) => ({ name: run.label, epoch: run.epoch, epochs: run.epochs }));
    showStatusBarContent(item, statusBarContent(running, active.length - running.length));
  };
  context.subscriptions.push(item, manager.onDidChange(update));
  update();
}

/** Shows text and tooltip on a status bar item, or hides it when there is nothing to say. */
export function showStatusBarContent(item: vscode.StatusBarItem, content: { text: string; tooltip: string } | null): void {
  if (!content) {
    item.hide();
    return;
  }
  item.text = content.text;
  item.tooltip = content.tooltip;
  item.show();
}
