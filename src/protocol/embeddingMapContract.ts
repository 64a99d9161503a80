/**
 * Messages between the Embedding Map panel (webview-ui/embeddingMap) and its host
 * (src/extension/embeddingMap). Both sides import this file.
 */
import type { RunSlot, ThumbnailSize, ThumbnailSource } from './retrievalContract';

export enum EmbeddingMapMessageType {
  /** Webview -> host: the page is ready. */
  Initialized = 'initialized',
  /** Host -> webview: the runs to pick from, the shown run(s) and their epochs with a map. */
  SetRuns = 'setRuns',
  /** Host -> webview: the points of run A (and B) at the chosen epoch. */
  SetMaps = 'setMaps',
  /** Host -> webview: images to pick out (from Clusters or Retrieval Preview). */
  Highlight = 'highlight',
  /** Host -> webview: image sources answering RequestThumbnails. */
  Thumbnails = 'thumbnails',
  /** Webview -> host: show another run as A, or B (null: none). */
  SelectRun = 'selectRun',
  /** Webview -> host: show both runs at this epoch. */
  SelectEpoch = 'selectEpoch',
  /** Webview -> host: images the page is about to show. */
  RequestThumbnails = 'requestThumbnails',
  /** Webview -> host: open this query in the Retrieval Preview. */
  OpenQuery = 'openQuery',
}

export type PointSplit = 'train' | 'query' | 'gallery';
/** Codes of MapPoints.splits. */
export const pointSplits: readonly PointSplit[] = ['train', 'query', 'gallery'];

/** Retrieval of a query at the map's epoch: its nearest neighbour has its identity, or not. */
export enum PointRetrieval {
  NotAQuery = 0,
  Correct = 1,
  Incorrect = 2,
}

/** One run's map at one epoch; every array is index-aligned with imageIds. */
export interface MapPoints {
  runId: number;
  epoch: number;
  method: 'umap' | 'pca';
  /** Images that could have been mapped; more than imageIds.length when the map is a sample. */
  candidates: number;
  imageIds: number[];
  /** x0, y0, x1, y1, ...: centred, unit spread, turned to match the run's latest map. */
  xy: number[];
  /** Index into `identityNames`. */
  identities: number[];
  identityNames: string[];
  /** Index into pointSplits. */
  splits: number[];
  learners: number[];
  retrieval: PointRetrieval[];
}

export interface MapSlotState {
  runId: number;
  name: string;
  clusters: number;
  /** Epochs with a stored map, ascending. */
  epochs: number[];
}

export type MapHighlight =
  | { kind: 'cluster'; cluster: number; label: string }
  | { kind: 'images'; imageIds: number[]; label: string };

export type EmbeddingMapHostMessage =
  | {
      type: EmbeddingMapMessageType.SetRuns;
      availableRuns: Array<{ runId: number; name: string }>;
      a: MapSlotState | null;
      b: MapSlotState | null;
      /** The epoch shown (null when run A has no map yet). */
      epoch: number | null;
    }
  | { type: EmbeddingMapMessageType.SetMaps; a: MapPoints | null; b: MapPoints | null }
  | { type: EmbeddingMapMessageType.Highlight; highlight: MapHighlight | null }
  | { type: EmbeddingMapMessageType.Thumbnails; images: ThumbnailSource[] };

export type EmbeddingMapWebviewMessage =
  | { type: EmbeddingMapMessageType.Initialized }
  | { type: EmbeddingMapMessageType.SelectRun; slot: RunSlot; runId: number | null }
  | { type: EmbeddingMapMessageType.SelectEpoch; epoch: number }
  | { type: EmbeddingMapMessageType.RequestThumbnails; runId: number; imageIds: number[]; size: ThumbnailSize }
  | { type: EmbeddingMapMessageType.OpenQuery; runId: number; epoch: number; queryImageId: number };

export type MapColouring = 'identity' | 'cluster' | 'retrieval' | 'learner';

/** What the webview keeps with setState; the serializer reads the runs and the epoch. */
export interface EmbeddingMapViewState {
  runIdA: number | null;
  runIdB: number | null;
  epoch: number | null;
  colouring: MapColouring;
}
