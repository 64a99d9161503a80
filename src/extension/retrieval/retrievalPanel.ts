import * as vscode from 'vscode';
import {
  RetrievalMessageType,
  type RetrievalHostMessage,
  type RetrievalSlotState,
  type RetrievalWebviewMessage,
  type RunSlot,
} from '../../protocol/retrievalContract';
import { getRun, listRetrievalEpochs, listRetrievals, listRuns } from '../../protocol/rpc';
import { PanelHost, type PanelContext } from '../panels/panelHost';
import { PanelSlot } from '../panels/panelSlot';
import { ThumbnailSources } from '../panels/thumbnailSources';
import type { PredictionReport } from '../../protocol/predictions';
import { identifiedSubmission } from '../../shared/identifiedPhotos';
import { forgetIdentifiedReport, keepIdentifiedReport } from './identifiedReportFile';
import { parseRetrievalMessage } from './retrievalMessages';

/** A shown run and the evaluation epoch chosen for it (null = its latest). */
export interface RetrievalSlotChoice {
  runId: number;
  epoch: number | null;
}

/** The Retrieval Preview's host: run A (and optionally B) at an evaluation epoch, and their images. */
export class RetrievalPanel extends PanelHost<RetrievalHostMessage, RetrievalWebviewMessage> {
  static readonly viewType = 'fluke.retrieval';
  private static readonly slot = new PanelSlot<RetrievalPanel>(RetrievalPanel.viewType, 'Retrieval Preview');
  private readonly thumbnails: ThumbnailSources;
  /** The epoch each slot shows (its choice, or its latest when it follows the latest). */
  private resolvedEpochs: Record<RunSlot, number | null> = { a: null, b: null };
  /** "run:epoch" last sent per slot, to tell whether a live update changed what is shown. */
  private shownEpochs: Record<RunSlot, string> = { a: '', b: '' };
  /** A query to select once the results are on the page (opened from the Embedding Map). */
  private focusQueryId: number | null = null;

  private constructor(
    panel: vscode.WebviewPanel,
    context: PanelContext,
    private a: RetrievalSlotChoice,
    private b: RetrievalSlotChoice | null,
    /** Photos identified with run A's model, shown instead of its stored queries. */
    private identified: PredictionReport | null = null,
  ) {
    super(panel, context, 'retrieval', parseRetrievalMessage, RetrievalMessageType.Initialized);
    this.thumbnails = new ThumbnailSources(context.serve, context.log);
  }

  static show(context: PanelContext, a: RetrievalSlotChoice, b: RetrievalSlotChoice | null, identified: PredictionReport | null = null, focusQueryId: number | null = null): void {
    RetrievalPanel.slot.show(
      (open) => {
        open.a = a;
        open.b = b;
        open.identified = identified;
        open.keepIdentified();
        open.focusQueryId = focusQueryId;
        open.resend();
      },
      (panel) => {
        const created = new RetrievalPanel(panel, context, a, b, identified);
        created.keepIdentified();
        created.focusQueryId = focusQueryId;
        return created;
      },
    );
  }

  /** Opens run A at `epoch` with one query selected (from the Embedding Map). */
  static showQuery(context: PanelContext, runId: number, epoch: number, queryImageId: number): void {
    RetrievalPanel.show(context, { runId, epoch }, null, null, queryImageId);
  }

  /** After a reload: the runs the page showed, and the identified photos it showed (null when none, or no longer kept). */
  static revive(panel: vscode.WebviewPanel, context: PanelContext, a: RetrievalSlotChoice, b: RetrievalSlotChoice | null, identified: PredictionReport | null): void {
    RetrievalPanel.slot.revive(() => new RetrievalPanel(panel, context, a, b, identified));
  }

  /** Keeps the identified photos shown (or forgets the last ones), for a reload to show them again. */
  private keepIdentified(): void {
    try {
      if (this.identified) keepIdentifiedReport(this.context.storageFolder, this.identified);
      else forgetIdentifiedReport(this.context.storageFolder);
    } catch (error) {
      this.context.log.warn(`fluke.retrieval: the identified photos are not kept for a reload: ${(error as Error).message}`);
    }
  }

  protected async sendAll(): Promise<void> {
    await this.sendRuns();
    if (this.identified) await this.post({ type: RetrievalMessageType.SetIdentified, report: this.identified });
    else await this.sendRetrievals();
    if (this.focusQueryId !== null) await this.post({ type: RetrievalMessageType.FocusQuery, queryImageId: this.focusQueryId });
  }

  protected concernsRuns(runIds: readonly number[]): boolean {
    return runIds.length === 0 || runIds.includes(this.a.runId) || (this.b !== null && runIds.includes(this.b.runId));
  }

  /** A new evaluation epoch: list it, and move to it where the latest was shown. */
  protected async refresh(): Promise<void> {
    const before = { ...this.shownEpochs };
    await this.sendRuns();
    if (this.identified) return;
    if (before.a !== this.shownEpochs.a || before.b !== this.shownEpochs.b) await this.sendRetrievals();
  }

  private async slotState(choice: RetrievalSlotChoice | null): Promise<RetrievalSlotState | null> {
    if (!choice) return null;
    const [run, epochs] = await Promise.all([
      this.context.serve.request(getRun, { runId: choice.runId }),
      this.context.serve.request(listRetrievalEpochs, { runId: choice.runId }),
    ]);
    if (!run) return null;
    const sorted = epochs.slice().sort((x, y) => x - y);
    const epoch = choice.epoch !== null && sorted.includes(choice.epoch) ? choice.epoch : (sorted.at(-1) ?? null);
    return {
      runId: run.id,
      name: run.name,
      epochs: sorted,
      epoch,
      newWhaleLabel: run.config.data.newWhaleLabel,
      newWhaleThreshold: run.config.evaluation.newWhaleThreshold,
    };
  }

  private async sendRuns(): Promise<void> {
    const [runs, a, b] = await Promise.all([
      this.context.serve.request(listRuns, {}),
      this.slotState(this.a),
      this.slotState(this.b),
    ]);
    this.resolvedEpochs = { a: a?.epoch ?? null, b: b?.epoch ?? null };
    this.shownEpochs = { a: `${a?.runId}:${a?.epoch}`, b: `${b?.runId}:${b?.epoch}` };
    await this.post({
      type: RetrievalMessageType.SetRuns,
      availableRuns: runs.map((run) => ({ runId: run.id, name: run.name, status: run.status })),
      a,
      b,
    });
  }

  private async sendRetrievals(): Promise<void> {
    const load = async (choice: RetrievalSlotChoice | null, epoch: number | null) =>
      choice && epoch !== null
        ? { runId: choice.runId, epoch, results: await this.context.serve.request(listRetrievals, { runId: choice.runId, epoch }) }
        : null;
    const [a, b] = await Promise.all([load(this.a, this.resolvedEpochs.a), load(this.b, this.resolvedEpochs.b)]);
    await this.post({ type: RetrievalMessageType.SetRetrievals, a, b });
  }

  protected async handle(message: RetrievalWebviewMessage): Promise<void> {
    switch (message.type) {
      case RetrievalMessageType.Initialized:
        return;
      case RetrievalMessageType.SelectRun:
        this.identified = null;
        this.keepIdentified();
        if (message.slot === 'a' && message.runId !== null) this.a = { runId: message.runId, epoch: null };
        if (message.slot === 'b') this.b = message.runId === null ? null : { runId: message.runId, epoch: null };
        return this.sendAll();
      case RetrievalMessageType.SelectEpoch: {
        const choice = message.slot === 'a' ? this.a : this.b;
        if (!choice) return;
        this.identified = null;
        this.keepIdentified();
        choice.epoch = message.epoch;
        return this.sendAll();
      }
      case RetrievalMessageType.RequestThumbnails: {
        const shown = [this.a.runId, this.b?.runId];
        if (!shown.includes(message.runId)) {
          this.context.log.warn(`fluke.retrieval: thumbnails asked for run ${message.runId}, which is not shown (ignored)`);
          return;
        }
        const images = await this.thumbnails.sources(message.runId, message.imageIds, message.size);
        return this.post({ type: RetrievalMessageType.Thumbnails, images });
      }
      case RetrievalMessageType.ExportSubmission:
        return this.saveSubmission(message.threshold);
      case RetrievalMessageType.ShowOnMap:
        await vscode.commands.executeCommand('fluke.showOnEmbeddingMap', {
          runId: message.runId,
          epoch: message.epoch,
          highlight: { kind: 'images', imageIds: [message.queryImageId, ...message.neighbourImageIds], label: `query ${message.queryImageId} and its neighbours` },
        });
        return;
    }
  }

  private async saveSubmission(threshold: number | null): Promise<void> {
    const report = this.identified;
    if (!report) {
      this.context.log.warn('fluke.retrieval: a submission was asked for, but no identified photos are shown (ignored)');
      return;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, `submission-run-${report.runId}.csv`) : undefined,
      filters: { CSV: ['csv'] },
      title: `Kaggle submission of ${report.predictions.length} identified photos`,
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(identifiedSubmission(report, threshold)));
    void vscode.window.showInformationMessage(
      `Fluke: submission of ${report.predictions.length} photos written to ${target.fsPath} (new_whale ${threshold === null ? 'not inserted' : `at ${threshold.toFixed(3)}`})`,
    );
  }
}
