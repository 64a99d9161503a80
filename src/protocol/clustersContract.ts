/**
 * Messages between the Clusters panel (webview-ui/clusters) and its host
 * (src/extension/clusters). Both sides import this file.
 */
import type { ClusterUsageRecord } from './records';
import type { ThumbnailSource, ThumbnailSize } from './retrievalContract';

export enum ClustersMessageType {
  /** Webview -> host: the page is ready. */
  Initialized = 'initialized',
  /** Host -> webview: the runs to pick from, the run shown and its reclusterings. */
  SetRun = 'setRun',
  /** Host -> webview: what one reclustering looks like. */
  SetClustering = 'setClustering',
  /** Host -> webview: image sources answering RequestThumbnails. */
  Thumbnails = 'thumbnails',
  /** Webview -> host: show another run. */
  SelectRun = 'selectRun',
  /** Webview -> host: show the reclustering with this id. */
  SelectClustering = 'selectClustering',
  /** Webview -> host: images the page is about to show. */
  RequestThumbnails = 'requestThumbnails',
  /** Webview -> host: pick out this cluster on the Embedding Map. */
  ShowOnMap = 'showOnMap',
}

export interface ClusteringChoice {
  clusteringId: number;
  epoch: number;
  k: number;
  /** NMI with the previous clustering (1 = nothing moved); null for the first division. */
  churnNmi: number | null;
}

export interface ClusterView {
  cluster: number;
  size: number;
  /** Share of the cluster's images that belong to its most common identity, in [0, 1]. */
  purity: number;
  topIdentity: string | null;
  identities: number;
  sampleImageIds: number[];
  /** Loss of the learner that trains on this cluster, at the first epoch after the reclustering. */
  learnerLoss: number | null;
  /** What this cluster's batches drew in the first epoch trained on it; null if not recorded. */
  usage: ClusterUsageRecord | null;
}

export interface ClusterMovement {
  fromClusteringId: number;
  fromEpoch: number;
  /** matrix[i][j]: images in cluster i at the previous reclustering and in cluster j now. */
  matrix: number[][];
  /** Share of images (present in both) whose cluster changed. */
  movedShare: number;
}

export interface ClusteringView {
  runId: number;
  clusteringId: number;
  epoch: number;
  k: number;
  features: 'backbone' | 'embedding';
  clusters: ClusterView[];
  /** The epoch the clusters' usage is from (the first trained on this clustering); null if none recorded. */
  usageEpoch: number | null;
  movement: ClusterMovement | null;
}

export type ClustersHostMessage =
  | {
      type: ClustersMessageType.SetRun;
      availableRuns: Array<{ runId: number; name: string; clusters: number }>;
      runId: number | null;
      runName: string;
      clusterings: ClusteringChoice[];
      /** The reclustering shown first (the state's, else the latest). */
      clusteringId: number | null;
    }
  | { type: ClustersMessageType.SetClustering; view: ClusteringView }
  | { type: ClustersMessageType.Thumbnails; images: ThumbnailSource[] };

export type ClustersWebviewMessage =
  | { type: ClustersMessageType.Initialized }
  | { type: ClustersMessageType.SelectRun; runId: number }
  | { type: ClustersMessageType.SelectClustering; clusteringId: number }
  | { type: ClustersMessageType.RequestThumbnails; runId: number; imageIds: number[]; size: ThumbnailSize }
  | { type: ClustersMessageType.ShowOnMap; runId: number; epoch: number; cluster: number };

export interface ClustersViewState {
  runId: number | null;
  clusteringId: number | null;
}
