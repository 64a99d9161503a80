import * as vscode from 'vscode';
import {
  EmbeddingMapMessageType,
  type EmbeddingMapHostMessage,
  type EmbeddingMapWebviewMessage,
  type MapHighlight,
  type MapPoints,
  type MapSlotState,
} from '../../protocol/embeddingMapContract';
import type { RunSlot } from '../../protocol/retrievalContract';
import type { ImageRecord } from '../../protocol/records';
import { getEmbeddingMap, getRun, listEmbeddingMaps, listImages, listRetrievals, listRuns } from '../../protocol/rpc';
import { PanelHost, type PanelContext } from '../panels/panelHost';
import { PanelSlot } from '../panels/panelSlot';
import { ThumbnailSources } from '../panels/thumbnailSources';
import { RetrievalPanel } from '../retrieval/retrievalPanel';
import type { Layout } from './alignLayout';
import { parseEmbeddingMapMessage } from './embeddingMapMessages';
import { mapPoints } from './mapPoints';

/** What the panel is asked to show: run A, maybe run B, an epoch (null = the latest) and a highlight. */
export interface EmbeddingMapChoice {
  runIdA: number;
  runIdB: number | null;
  epoch: number | null;
  highlight: MapHighlight | null;
}

/** The Embedding Map's host: the 2-D maps of one run (and another beside it) at an evaluation epoch. */
export class EmbeddingMapPanel extends PanelHost<EmbeddingMapHostMessage, EmbeddingMapWebviewMessage> {
  static readonly viewType = 'fluke.embeddingMap';
  private static readonly slot = new PanelSlot<EmbeddingMapPanel>(EmbeddingMapPanel.viewType, 'Embedding Map');
  private readonly thumbnails: ThumbnailSources;
  private slots: Record<RunSlot, MapSlotState | null> = { a: null, b: null };
  /** The epoch shown, resolved (the choice, or A's latest map). */
  private shownEpoch: number | null = null;
  private readonly images = new Map<number, ImageRecord[]>();
  /** Each run's latest map: the frame every epoch of that run is turned into. */
  private readonly references = new Map<number, { epoch: number; layout: Layout }>();

  private constructor(
    panel: vscode.WebviewPanel,
    context: PanelContext,
    private choice: EmbeddingMapChoice,
  ) {
    super(panel, context, 'embeddingMap', parseEmbeddingMapMessage, EmbeddingMapMessageType.Initialized);
    this.thumbnails = new ThumbnailSources(context.serve, context.log);
  }

  static show(context: PanelContext, choice: EmbeddingMapChoice): void {
    EmbeddingMapPanel.slot.show(
      (open) => {
        open.choice = choice;
        open.resend();
      },
      (panel) => new EmbeddingMapPanel(panel, context, choice),
    );
  }

  static revive(panel: vscode.WebviewPanel, context: PanelContext, choice: EmbeddingMapChoice): void {
    EmbeddingMapPanel.slot.revive(() => new EmbeddingMapPanel(panel, context, choice));
  }

  protected concernsRuns(runIds: readonly number[]): boolean {
    return runIds.length === 0 || runIds.includes(this.choice.runIdA) || (this.choice.runIdB !== null && runIds.includes(this.choice.runIdB));
  }

  /** A new evaluation: list its epoch, and move to it when the latest was shown. */
  protected async refresh(): Promise<void> {
    const before = this.shownEpoch;
    await this.sendRuns();
    if (before !== this.shownEpoch) await this.sendMaps();
  }

  protected async sendAll(): Promise<void> {
    await this.sendRuns();
    await this.sendMaps();
    await this.post({ type: EmbeddingMapMessageType.Highlight, highlight: this.choice.highlight });
  }

  private async slotState(runId: number | null): Promise<MapSlotState | null> {
    if (runId === null) return null;
    const [run, maps] = await Promise.all([this.context.serve.request(getRun, { runId }), this.context.serve.request(listEmbeddingMaps, { runId })]);
    if (!run) return null;
    return { runId, name: run.name, clusters: run.config.method.clusters, epochs: maps.map((map) => map.epoch).sort((x, y) => x - y) };
  }

  private async sendRuns(): Promise<void> {
    const [runs, a, b] = await Promise.all([
      this.context.serve.request(listRuns, {}),
      this.slotState(this.choice.runIdA),
      this.slotState(this.choice.runIdB),
    ]);
    this.slots = { a, b };
    const epochs = a?.epochs ?? [];
    // The first map at or after the asked epoch (a reclustering's epoch need not be evaluated), else the latest.
    const asked = this.choice.epoch;
    this.shownEpoch = (asked === null ? undefined : epochs.find((epoch) => epoch >= asked)) ?? epochs.at(-1) ?? null;
    await this.post({
      type: EmbeddingMapMessageType.SetRuns,
      availableRuns: runs.map((run) => ({ runId: run.id, name: run.name })),
      a,
      b,
      epoch: this.shownEpoch,
    });
  }

  private async imagesOf(runId: number): Promise<ImageRecord[]> {
    let images = this.images.get(runId);
    if (!images) {
      images = await this.context.serve.request(listImages, { runId });
      this.images.set(runId, images);
    }
    return images;
  }

  private async referenceOf(slot: MapSlotState): Promise<Layout | null> {
    const latest = slot.epochs.at(-1);
    if (latest === undefined) return null;
    const cached = this.references.get(slot.runId);
    if (cached?.epoch === latest) return cached.layout;
    const map = await this.context.serve.request(getEmbeddingMap, { runId: slot.runId, epoch: latest });
    if (!map) return null;
    this.references.set(slot.runId, { epoch: latest, layout: map });
    return map;
  }

  /** Run B at the shown epoch, or at its latest map before it when it has none there. */
  private async pointsOf(slot: MapSlotState | null, epoch: number | null): Promise<MapPoints | null> {
    if (!slot || epoch === null) return null;
    const at = slot.epochs.filter((e) => e <= epoch).at(-1);
    if (at === undefined) return null;
    const serve = this.context.serve;
    const [map, images, retrievals, reference] = await Promise.all([
      serve.request(getEmbeddingMap, { runId: slot.runId, epoch: at }),
      this.imagesOf(slot.runId),
      serve.request(listRetrievals, { runId: slot.runId, epoch: at }),
      this.referenceOf(slot),
    ]);
    return map ? mapPoints(map, images, retrievals, reference) : null;
  }

  private async sendMaps(): Promise<void> {
    const [a, b] = await Promise.all([this.pointsOf(this.slots.a, this.shownEpoch), this.pointsOf(this.slots.b, this.shownEpoch)]);
    await this.post({ type: EmbeddingMapMessageType.SetMaps, a, b });
  }

  protected async handle(message: EmbeddingMapWebviewMessage): Promise<void> {
    switch (message.type) {
      case EmbeddingMapMessageType.Initialized:
        return;
      case EmbeddingMapMessageType.SelectRun:
        if (message.slot === 'a' && message.runId !== null) this.choice = { ...this.choice, runIdA: message.runId, epoch: null, highlight: null };
        if (message.slot === 'b') this.choice = { ...this.choice, runIdB: message.runId };
        return this.sendAll();
      case EmbeddingMapMessageType.SelectEpoch:
        this.choice = { ...this.choice, epoch: message.epoch };
        await this.sendRuns();
        return this.sendMaps();
      case EmbeddingMapMessageType.RequestThumbnails: {
        if (message.runId !== this.choice.runIdA && message.runId !== this.choice.runIdB) {
          this.context.log.warn(`fluke.embeddingMap: thumbnails asked for run ${message.runId}, which is not shown (ignored)`);
          return;
        }
        const images = await this.thumbnails.sources(message.runId, message.imageIds, message.size);
        return this.post({ type: EmbeddingMapMessageType.Thumbnails, images });
      }
      case EmbeddingMapMessageType.OpenQuery:
        RetrievalPanel.showQuery(this.context, message.runId, message.epoch, message.queryImageId);
        return;
    }
  }
}
