/**
 * The JSON-RPC methods `fluke serve` answers on stdio (vscode-jsonrpc), imported by the
 * server (src/cli) and the client in the extension host alike.
 */
import { NotificationType, RequestType } from 'vscode-jsonrpc';
import type {
  ClusterAssignments,
  ClusteringRecord,
  DataProblemRecord,
  EmbeddingMapRecord,
  EmbeddingMapSummary,
  EpochBatchesRecord,
  EpochRecord,
  ImageRecord,
  MetricsRecord,
  RetrievalResult,
  RunRecord,
} from './records';

export interface StoreInfo {
  path: string;
  schemaVersion: number;
  nodeVersion: string;
  /** The database's own id: run logs and checkpoints live in folders named by it. */
  storeId: string;
}

/** The JSON-RPC error code of a request refused because serve runs read-only (`--read-only`, Restricted Mode). */
export const readOnlyRefusedCode = -32001;

export const storeInfo = new RequestType<Record<string, never>, StoreInfo, void>('store/info');

/** Runs, newest first; only those of one experiment file when `experimentPath` is given. */
export const listRuns = new RequestType<{ experimentPath?: string }, RunRecord[], void>('runs/list');
export const getRun = new RequestType<{ runId: number }, RunRecord | null, void>('runs/get');
export const deleteRun = new RequestType<{ runId: number }, { deleted: boolean }, void>('runs/delete');
/** Marks runs whose process is gone as crashed; returns their ids. */
export const reconcileRuns = new RequestType<Record<string, never>, { crashed: number[] }, void>('runs/reconcile');

export const listEpochs = new RequestType<{ runIds: number[] }, EpochRecord[], void>('runs/epochs');
export const listMetrics = new RequestType<{ runIds: number[] }, MetricsRecord[], void>('runs/metrics');
/** Per epoch, what each cluster's batches drew and how hard each learner's batches were. */
export const listEpochBatches = new RequestType<{ runIds: number[] }, EpochBatchesRecord[], void>('runs/epochBatches');
export const listDataProblems = new RequestType<{ runId: number }, DataProblemRecord[], void>('runs/dataProblems');

export const listClusterings = new RequestType<{ runId: number }, ClusteringRecord[], void>('runs/clusterings');
export const getClusterAssignments = new RequestType<{ clusteringId: number }, ClusterAssignments, void>(
  'clusterings/assignments',
);

/** Evaluation epochs of a run that have stored retrieval results. */
export const listRetrievalEpochs = new RequestType<{ runId: number }, number[], void>('runs/retrievalEpochs');
export const listRetrievals = new RequestType<{ runId: number; epoch: number }, RetrievalResult[], void>(
  'runs/retrievals',
);

/** Stored Embedding Maps of a run (without their points), by epoch. */
export const listEmbeddingMaps = new RequestType<{ runId: number }, EmbeddingMapSummary[], void>('runs/embeddingMaps');
/** One epoch's map with its points; null when that epoch has none. */
export const getEmbeddingMap = new RequestType<{ runId: number; epoch: number }, EmbeddingMapRecord | null, void>('runs/embeddingMap');

/** Images of a run (all of them, or those with the given ids). */
export const listImages = new RequestType<{ runId: number; imageIds?: number[] }, ImageRecord[], void>('runs/images');

/**
 * A PNG thumbnail of one image the store registered for a run, made by the image cache;
 * returns the thumbnail's path on disk. Only files inside the run's dataset folder are read.
 */
export const makeThumbnail = new RequestType<
  { runId: number; imageId: number; width: number; height: number },
  { thumbnailPath: string },
  void
>('images/thumbnail');

/** Sent by the server when the store changed (a run wrote an epoch, a status changed...). */
export const runsChanged = new NotificationType<{ runIds: number[] }>('runs/changed');
