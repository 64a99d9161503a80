import * as vscode from 'vscode';
import {
  CompareMessageType,
  type CompareData,
  type CompareHostMessage,
  type CompareWebviewMessage,
} from '../../protocol/compareContract';
import { listClusterings, listEpochBatches, listEpochs, listMetrics, listRuns } from '../../protocol/rpc';
import type { ClusteringRecord, RunRecord } from '../../protocol/records';
import { PanelHost, type PanelContext } from '../panels/panelHost';
import { pickRuns } from '../panels/pickRuns';
import { buildCompareData, chartCsv } from './compareModel';
import { parseCompareMessage } from './compareMessages';

/** The Compare Runs panel's host: loads the picked runs from the store and keeps the page current. */
export class ComparePanel extends PanelHost<CompareHostMessage, CompareWebviewMessage> {
  static readonly viewType = 'fluke.compare';
  private static current: ComparePanel | undefined;
  private lastData: CompareData | undefined;

  private constructor(panel: vscode.WebviewPanel, context: PanelContext, private runIds: number[]) {
    super(panel, context, 'compare', parseCompareMessage, CompareMessageType.Initialized);
    panel.onDidDispose(() => {
      if (ComparePanel.current === this) ComparePanel.current = undefined;
    });
    ComparePanel.current = this;
  }

  /** Opens the panel (or brings the open one forward) comparing these runs. */
  static show(context: PanelContext, runIds: number[]): void {
    const open = ComparePanel.current;
    if (open) {
      open.runIds = runIds;
      open.panel.reveal();
      open.resend();
      return;
    }
    const panel = vscode.window.createWebviewPanel(ComparePanel.viewType, 'Compare Runs', vscode.ViewColumn.Active, {
      enableScripts: true,
    });
    new ComparePanel(panel, context, runIds);
  }

  /** Brings a panel back after a reload, with the runs its page had saved. */
  static revive(panel: vscode.WebviewPanel, context: PanelContext, runIds: number[]): void {
    ComparePanel.current?.dispose();
    new ComparePanel(panel, context, runIds);
  }

  protected async sendAll(): Promise<void> {
    await this.refresh();
  }

  protected concernsRuns(runIds: readonly number[]): boolean {
    // New runs matter too: the page lists every run to pick from.
    return runIds.length === 0 || runIds.some((id) => this.runIds.includes(id) || !this.lastData?.availableRuns.some((run) => run.runId === id));
  }

  protected async refresh(): Promise<void> {
    const serve = this.context.serve;
    const all = await serve.request(listRuns, {});
    const byId = new Map(all.map((run) => [run.id, run]));
    const runs = this.runIds.map((id) => byId.get(id)).filter((run): run is RunRecord => run !== undefined);
    const ids = runs.map((run) => run.id);
    const [epochs, metrics, epochBatches, clusterings] = await Promise.all([
      ids.length ? serve.request(listEpochs, { runIds: ids }) : [],
      ids.length ? serve.request(listMetrics, { runIds: ids }) : [],
      ids.length ? serve.request(listEpochBatches, { runIds: ids }) : [],
      Promise.all(
        runs
          .filter((run) => run.config.method.clusters > 1)
          .map(async (run) => [run.id, await serve.request(listClusterings, { runId: run.id })] as const),
      ),
    ]);
    this.lastData = buildCompareData({
      runs,
      availableRuns: all,
      epochs,
      metrics,
      epochBatches,
      clusterings: new Map<number, ClusteringRecord[]>(clusterings),
    });
    await this.post({ type: CompareMessageType.SetData, data: this.lastData });
  }

  protected async handle(message: CompareWebviewMessage): Promise<void> {
    switch (message.type) {
      case CompareMessageType.Initialized:
        return;
      case CompareMessageType.SelectRuns:
        this.runIds = message.runIds;
        return this.refresh();
      case CompareMessageType.PickRuns: {
        const picked = await pickRuns(this.context.serve, { title: 'Runs to compare', canPickMany: true, preselected: this.runIds });
        if (!picked) return;
        // Keep the runs already shown first, so their colours stay.
        const pickedIds = picked.map((run) => run.id);
        this.runIds = [...this.runIds.filter((id) => pickedIds.includes(id)), ...pickedIds.filter((id) => !this.runIds.includes(id))];
        return this.refresh();
      }
      case CompareMessageType.ExportPng:
        return this.save(`${message.chartId}.png`, { 'PNG image': ['png'] }, Buffer.from(message.dataUrl.slice(message.dataUrl.indexOf(',') + 1), 'base64'));
      case CompareMessageType.ExportCsv: {
        const chart = this.lastData?.charts.find((c) => c.id === message.chartId);
        if (!chart) {
          this.context.log.warn(`fluke.compare: no chart "${message.chartId}" to export (ignored)`);
          return;
        }
        return this.save(`${message.chartId}.csv`, { CSV: ['csv'] }, Buffer.from(chartCsv(chart), 'utf8'));
      }
    }
  }

  private async save(fileName: string, filters: Record<string, string[]>, bytes: Uint8Array): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
      filters,
      title: `Save ${fileName}`,
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, bytes);
    this.context.log.info(`fluke.compare: saved ${target.fsPath}`);
  }
}
