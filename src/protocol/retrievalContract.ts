/**
 * Messages between the Retrieval Preview panel (webview-ui/retrieval) and its host
 * (src/extension/retrieval). Both sides import this file.
 */
import type { PredictionReport } from './predictions';
import type { RetrievalResult } from './records';

export enum RetrievalMessageType {
  /** Webview -> host: the page is ready. */
  Initialized = 'initialized',
  /** Host -> webview: the runs to pick from and which are shown. */
  SetRuns = 'setRuns',
  /** Host -> webview: the retrieval results of the shown run(s) at the chosen epoch(s). */
  SetRetrievals = 'setRetrievals',
  /** Host -> webview: image sources (data: URIs) answering RequestThumbnails. */
  Thumbnails = 'thumbnails',
  /** Webview -> host: show run A or B (B may be null: no second run). */
  SelectRun = 'selectRun',
  /** Webview -> host: show run A or B at this evaluation epoch. */
  SelectEpoch = 'selectEpoch',
  /** Webview -> host: images the page is about to show. */
  RequestThumbnails = 'requestThumbnails',
  /** Host -> webview: new photos identified with run A's model (Fluke: Identify Photos...), shown instead of its stored queries (until another run or epoch is chosen). */
  SetIdentified = 'setIdentified',
  /** Webview -> host: save the identified photos' submission (top 5 at this threshold) as a CSV file. */
  ExportSubmission = 'exportSubmission',
  /** Host -> webview: select this query (opened from the Embedding Map). */
  FocusQuery = 'focusQuery',
  /** Webview -> host: show this query and its neighbours on the Embedding Map. */
  ShowOnMap = 'showOnMap',
}

/**
 * Identified photos are in no run's store: their thumbnails come with them (data: URIs made
 * by `fluke predict --thumbnails`), under this run id, which no stored run has, and with
 * their position in the report as image id.
 */
export const identifiedPhotosRunId = 0;

export type RunSlot = 'a' | 'b';
export type ThumbnailSize = 'small' | 'large';

export interface RetrievalRunChoice {
  runId: number;
  name: string;
  status: string;
}

export interface RetrievalSlotState {
  runId: number;
  name: string;
  /** Evaluation epochs with stored retrieval results, ascending. */
  epochs: number[];
  /** The epoch shown (null when the run has none yet). */
  epoch: number | null;
  newWhaleLabel: string;
  /** The run's configured MAP@5 threshold, the slider's starting point. */
  newWhaleThreshold: number | null;
}

export interface RetrievalSlotResults {
  runId: number;
  epoch: number;
  results: RetrievalResult[];
}

export interface ThumbnailSource {
  runId: number;
  imageId: number;
  size: ThumbnailSize;
  /** A data: URI, or null when the image could not be read (the page shows a placeholder). */
  src: string | null;
}

export type RetrievalHostMessage =
  | {
      type: RetrievalMessageType.SetRuns;
      availableRuns: RetrievalRunChoice[];
      a: RetrievalSlotState | null;
      b: RetrievalSlotState | null;
    }
  | { type: RetrievalMessageType.SetRetrievals; a: RetrievalSlotResults | null; b: RetrievalSlotResults | null }
  | { type: RetrievalMessageType.Thumbnails; images: ThumbnailSource[] }
  | { type: RetrievalMessageType.SetIdentified; report: PredictionReport }
  | { type: RetrievalMessageType.FocusQuery; queryImageId: number };

export type RetrievalWebviewMessage =
  | { type: RetrievalMessageType.Initialized }
  | { type: RetrievalMessageType.SelectRun; slot: RunSlot; runId: number | null }
  | { type: RetrievalMessageType.SelectEpoch; slot: RunSlot; epoch: number }
  | { type: RetrievalMessageType.RequestThumbnails; runId: number; imageIds: number[]; size: ThumbnailSize }
  | { type: RetrievalMessageType.ExportSubmission; threshold: number | null }
  | { type: RetrievalMessageType.ShowOnMap; runId: number; epoch: number; queryImageId: number; neighbourImageIds: number[] };

export type RetrievalFilter = 'all' | 'failures' | 'newWhale' | 'fixedByB' | 'brokenByB';
export type RetrievalSort = 'failuresFirst' | 'bestFirst' | 'identity' | 'queryId';

/** What the webview keeps with setState; the serializer reads the run ids and epochs. */
export interface RetrievalViewState {
  runIdA: number | null;
  runIdB: number | null;
  epochA: number | null;
  epochB: number | null;
  filter: RetrievalFilter;
  sort: RetrievalSort;
  identitySearch: string;
  selectedQueryId: number | null;
  threshold: number | null;
  /** The run whose identified photos are shown (the host keeps them for a reload); null while stored queries are. */
  identifiedRunId: number | null;
}
