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
import { PanelSlot } from '../panels/panelSlot';
import { pickRuns } from '../panels/pickRuns';
import { buildCompareData, chartCsv } from './compareModel';
import { parseCompareMessage } from './compareMessages';

/** The Compare Runs panel's host: loads the picked runs from the store and keeps the page current. */
export class ComparePanel extends PanelHost<CompareHostMessage, CompareWebviewMessage> {
  static readonly viewType = 'fluke.compare';
  private static readonly slot = new PanelSlot<ComparePanel>(ComparePanel.viewType, 'Compare Runs');
  private lastData: CompareData | undefined;
  /** Data loaded while the page was still starting; dropped when a run changes meanwhile. */
  private early: Promise<CompareData> | undefined;

  private constructor(panel: vscode.WebviewPanel, context: PanelContext, private runIds: number[]) {
    super(panel, context, 'compare', parseCompareMessage, CompareMessageType.Initialized);
    // The store queries run while the page loads, not after it says it is ready.
    this.early = this.load();
    this.early.catch(() => undefined);
    const runsChanged = context.serve.onRunsChanged(() => (this.early = undefined));
    panel.onDidDispose(() => runsChanged.dispose());
  }

  /** Opens the panel (or brings the open one forward) comparing these runs. */
  static show(context: PanelContext, runIds: number[]): void {
    ComparePanel.slot.show(
      (open) => {
        open.runIds = runIds;
        open.early = undefined;
        open.resend();
      },
      (panel) => new ComparePanel(panel, context, runIds),
    );
  }

  /** Brings a panel back after a reload, with the runs its page had saved. */
  static revive(panel: vscode.WebviewPanel, context: PanelContext, runIds: number[]): void {
    ComparePanel.slot.revive(() => new ComparePanel(panel, context, runIds));
  }

  protected async sendAll(): Promise<void> {
    const early = this.early;
    this.early = undefined;
    if (!early) return this.refresh();
    this.lastData = await early;
    await this.post({ type: CompareMessageType.SetData, data: this.lastData });
  }

  protected concernsRuns(runIds: readonly number[]): boolean {
    // New runs matter too: the page lists every run to pick from.
    return runIds.length === 0 || runIds.some((id) => this.runIds.includes(id) || !this.lastData?.availableRuns.some((run) => run.runId === id));
  }

  protected async refresh(): Promise<void> {
    this.lastData = await this.load();
    await this.post({ type: CompareMessageType.SetData, data: this.lastData });
  }

  private async load(): Promise<CompareData> {
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
    return buildCompareData({
      runs,
      availableRuns: all,
      epochs,
      metrics,
      epochBatches,
      clusterings: new Map<number, ClusteringRecord[]>(clusterings),
    });
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
