import * as vscode from 'vscode';
import {
  ClustersMessageType,
  type ClustersHostMessage,
  type ClustersWebviewMessage,
  type ClusteringView,
} from '../../protocol/clustersContract';
import type { ClusteringRecord } from '../../protocol/records';
import { getClusterAssignments, getRun, listClusterings, listEpochBatches, listEpochs, listImages, listRuns } from '../../protocol/rpc';
import { PanelHost, type PanelContext } from '../panels/panelHost';
import { PanelSlot } from '../panels/panelSlot';
import { ThumbnailSources } from '../panels/thumbnailSources';
import { clusterMovement, clusterUsageAfter, clusterViews, learnerLossesAfter } from './clustersModel';
import { parseClustersMessage } from './clustersMessages';

const samplesPerCluster = 8;

/** The Clusters panel's host: one divide-and-conquer run, one reclustering at a time. */
export class ClustersPanel extends PanelHost<ClustersHostMessage, ClustersWebviewMessage> {
  static readonly viewType = 'fluke.clusters';
  private static readonly slot = new PanelSlot<ClustersPanel>(ClustersPanel.viewType, 'Clusters');
  private readonly thumbnails: ThumbnailSources;
  private clusterings: ClusteringRecord[] = [];
  /** Identity of every image of the shown run, loaded once per run. */
  private identities: { runId: number; byImage: Map<number, string> } | undefined;

  private constructor(
    panel: vscode.WebviewPanel,
    context: PanelContext,
    private runId: number,
    private clusteringId: number | null,
  ) {
    super(panel, context, 'clusters', parseClustersMessage, ClustersMessageType.Initialized);
    this.thumbnails = new ThumbnailSources(context.serve, context.log);
  }

  static show(context: PanelContext, runId: number): void {
    ClustersPanel.slot.show(
      (open) => {
        open.runId = runId;
        open.clusteringId = null;
        open.resend();
      },
      (panel) => new ClustersPanel(panel, context, runId, null),
    );
  }

  static revive(panel: vscode.WebviewPanel, context: PanelContext, runId: number, clusteringId: number | null): void {
    ClustersPanel.slot.revive(() => new ClustersPanel(panel, context, runId, clusteringId));
  }

  protected concernsRuns(runIds: readonly number[]): boolean {
    return runIds.length === 0 || runIds.includes(this.runId);
  }

  /** A new reclustering: list it, and show it when the latest was shown. */
  protected async refresh(): Promise<void> {
    const latestShown = this.clusteringId === null || this.clusteringId === this.clusterings.at(-1)?.id;
    const count = this.clusterings.length;
    await this.sendRun(latestShown);
    if (this.clusterings.length !== count && latestShown) await this.sendClustering();
  }

  protected async sendAll(): Promise<void> {
    await this.sendRun(false);
    await this.sendClustering();
  }

  private async sendRun(followLatest: boolean): Promise<void> {
    const serve = this.context.serve;
    const [runs, run, clusterings] = await Promise.all([
      serve.request(listRuns, {}),
      serve.request(getRun, { runId: this.runId }),
      serve.request(listClusterings, { runId: this.runId }),
    ]);
    this.clusterings = clusterings.slice().sort((x, y) => x.epoch - y.epoch || x.id - y.id);
    if (followLatest || !this.clusterings.some((c) => c.id === this.clusteringId)) {
      this.clusteringId = this.clusterings.at(-1)?.id ?? null;
    }
    await this.post({
      type: ClustersMessageType.SetRun,
      availableRuns: runs
        // Divide-and-conquer runs, and the shown run even when it is a K = 1 baseline.
        .filter((r) => r.config.method.clusters > 1 || r.id === this.runId)
        .map((r) => ({ runId: r.id, name: r.name, clusters: r.config.method.clusters })),
      runId: run ? run.id : null,
      runName: run?.name ?? `run ${this.runId} (not in the store)`,
      clusterings: this.clusterings.map((c) => ({ clusteringId: c.id, epoch: c.epoch, k: c.k, churnNmi: c.churnNmi })),
      clusteringId: this.clusteringId,
    });
  }

  private async identityOf(): Promise<Map<number, string>> {
    if (this.identities?.runId !== this.runId) {
      const images = await this.context.serve.request(listImages, { runId: this.runId });
      this.identities = { runId: this.runId, byImage: new Map(images.map((image) => [image.id, image.identity])) };
    }
    return this.identities.byImage;
  }

  private async sendClustering(): Promise<void> {
    const index = this.clusterings.findIndex((c) => c.id === this.clusteringId);
    const clustering = this.clusterings[index];
    if (!clustering) return;
    const previous = index > 0 ? this.clusterings[index - 1]! : null;
    const serve = this.context.serve;
    const [assignments, previousAssignments, epochs, epochBatches, identityOf] = await Promise.all([
      serve.request(getClusterAssignments, { clusteringId: clustering.id }),
      previous ? serve.request(getClusterAssignments, { clusteringId: previous.id }) : null,
      serve.request(listEpochs, { runIds: [this.runId] }),
      serve.request(listEpochBatches, { runIds: [this.runId] }),
      this.identityOf(),
    ]);
    const usage = clusterUsageAfter(epochBatches, clustering);
    const view: ClusteringView = {
      runId: this.runId,
      clusteringId: clustering.id,
      epoch: clustering.epoch,
      k: clustering.k,
      features: clustering.features,
      clusters: clusterViews(clustering, assignments, identityOf, learnerLossesAfter(epochs, clustering.epoch), usage?.usage ?? null, samplesPerCluster),
      usageEpoch: usage?.epoch ?? null,
      movement: previous && previousAssignments ? clusterMovement(previous, previousAssignments, clustering, assignments) : null,
    };
    await this.post({ type: ClustersMessageType.SetClustering, view });
  }

  protected async handle(message: ClustersWebviewMessage): Promise<void> {
    switch (message.type) {
      case ClustersMessageType.Initialized:
        return;
      case ClustersMessageType.SelectRun:
        this.runId = message.runId;
        this.clusteringId = null;
        return this.sendAll();
      case ClustersMessageType.SelectClustering:
        if (!this.clusterings.some((c) => c.id === message.clusteringId)) {
          this.context.log.warn(`fluke.clusters: no reclustering ${message.clusteringId} in run ${this.runId} (ignored)`);
          return;
        }
        this.clusteringId = message.clusteringId;
        return this.sendClustering();
      case ClustersMessageType.RequestThumbnails: {
        if (message.runId !== this.runId) return;
        const images = await this.thumbnails.sources(message.runId, message.imageIds, message.size);
        return this.post({ type: ClustersMessageType.Thumbnails, images });
      }
      case ClustersMessageType.ShowOnMap:
        await vscode.commands.executeCommand('fluke.showOnEmbeddingMap', {
          runId: message.runId,
          epoch: message.epoch,
          highlight: { kind: 'cluster', cluster: message.cluster, label: `cluster ${message.cluster + 1} of the reclustering at epoch ${message.epoch}` },
        });
        return;
    }
  }
}
