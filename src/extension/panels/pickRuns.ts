import * as vscode from 'vscode';
import { listRuns } from '../../protocol/rpc';
import type { RunRecord } from '../../protocol/records';
import type { PanelServe } from './panelServe';

export interface PickRunsOptions {
  title: string;
  canPickMany: boolean;
  /** Runs offered; all when absent. */
  accept?: (run: RunRecord) => boolean;
  preselected?: readonly number[];
}

/** A quick pick over the store's runs (newest first); undefined when cancelled. */
export async function pickRuns(serve: PanelServe, options: PickRunsOptions): Promise<RunRecord[] | undefined> {
  const runs = (await serve.request(listRuns, {})).filter((run) => options.accept?.(run) ?? true);
  if (runs.length === 0) {
    void vscode.window.showInformationMessage(`Fluke Lab: no runs to show (${options.title}).`);
    return undefined;
  }
  const items = runs.map((run) => ({
    label: run.name,
    description: `#${run.id} · ${run.status}`,
    detail: `${run.lastEpoch}/${run.epochs} epochs${run.bestRecallAt1 !== null ? ` · best R@1 ${run.bestRecallAt1.toFixed(3)}` : ''} · K = ${run.config.method.clusters}`,
    picked: options.preselected?.includes(run.id) ?? false,
    run,
  }));
  if (options.canPickMany) {
    const picked = await vscode.window.showQuickPick(items, { title: options.title, canPickMany: true, matchOnDescription: true, ignoreFocusOut: true });
    return picked && picked.length ? picked.map((item) => item.run) : undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { title: options.title, matchOnDescription: true });
  return picked ? [picked.run] : undefined;
}
