import { ErrorCodes, ResponseError, type MessageConnection } from 'vscode-jsonrpc/node';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCheckpointDir } from '../storeLocation';
import * as rpc from '../../protocol/rpc';
import { getClusterAssignments, listClusterings } from '../../store/clusterings';
import { getEmbeddingMap, listEmbeddingMaps } from '../../store/embeddingMaps';
import { listImages } from '../../store/images';
import type { Store } from '../../store/openStore';
import { storeSchemaVersion } from '../../store/openStore';
import { reconcileRuns } from '../../store/reconcileRuns';
import { listRetrievalEpochs, listRetrievals } from '../../store/retrievals';
import { listDataProblems, listEpochs, listMetrics } from '../../store/runResults';
import { listEpochBatches } from '../../store/epochBatches';
import { deleteRun, getRun, listRuns } from '../../store/runs';
import { storeId } from '../../store/storeIdentity';
import { registeredRunLogPath } from '../../scheduler/ingest/ingestRunLog';
import { removeTaskFolder } from '../../scheduler/slurm/submissionFolder';
import type { ImageCache } from '../../data/imageCache';
import { readOnlyRefusal } from './readOnlyRefusal';
import { ImageRefusedError, registeredImageFile } from './registeredImageFile';

/** A thumbnail that takes longer is answered with an error; later requests are not held up by it. */
const thumbnailTimeoutMs = 10_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function invalidParams(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

function runIdOf(params: { runId?: unknown } | undefined, method: string): number {
  const runId = params?.runId;
  if (typeof runId !== 'number' || !Number.isInteger(runId)) throw invalidParams(`${method}: runId must be an integer`);
  return runId;
}

function runIdsOf(params: { runIds?: unknown } | undefined, method: string): number[] {
  const runIds = params?.runIds;
  if (!Array.isArray(runIds) || runIds.some((id) => typeof id !== 'number' || !Number.isInteger(id))) throw invalidParams(`${method}: runIds must be an array of integers`);
  return runIds as number[];
}

/**
 * Answers every request of src/protocol/rpc.ts from the store. `onLocalChange` is told
 * about runs this server itself changed (a delete, a reconcile): SQLite's data_version
 * only reports other connections' writes. Thumbnails are made only of images inside
 * `imagesUnder` when it is given.
 */
export function registerStoreHandlers(connection: MessageConnection, store: Store, onLocalChange: (runIds: number[]) => void, imagesUnder: string | null, readOnly: boolean): void {
  let imageCache: ImageCache | null = null;
  connection.onRequest(rpc.storeInfo, () => ({ path: store.path, schemaVersion: storeSchemaVersion(store), nodeVersion: process.version, storeId: storeId(store) }));
  connection.onRequest(rpc.listRuns, (params) => listRuns(store, typeof params?.experimentPath === 'string' ? params.experimentPath : undefined));
  connection.onRequest(rpc.getRun, (params) => getRun(store, runIdOf(params, rpc.getRun.method)));
  connection.onRequest(rpc.deleteRun, (params) => {
    if (readOnly) throw readOnlyRefusal(rpc.deleteRun.method);
    const runId = runIdOf(params, rpc.deleteRun.method);
    const run = getRun(store, runId);
    if (run && (run.status === 'running' || run.status === 'queued')) {
      throw new ResponseError(ErrorCodes.InvalidRequest, `run ${runId} is ${run.status}; stop it before deleting it`);
    }
    // Checkpoints hold the model's weights: the largest thing a run leaves; fluke train keeps them here.
    const checkpointDir = runCheckpointDir(store, runId);
    // A Slurm run's checkpoints are in its job's task folder.
    const runLog = registeredRunLogPath(store, runId);
    const deleted = deleteRun(store, runId);
    if (deleted) {
      rmSync(checkpointDir, { recursive: true, force: true });
      if (runLog !== null) removeTaskFolder(store, runLog);
      onLocalChange([runId]);
    }
    return { deleted };
  });
  connection.onRequest(rpc.reconcileRuns, () => {
    if (readOnly) throw readOnlyRefusal(rpc.reconcileRuns.method);
    const crashed = reconcileRuns(store);
    if (crashed.length) onLocalChange(crashed);
    return { crashed };
  });
  connection.onRequest(rpc.listEpochs, (params) => listEpochs(store, runIdsOf(params, rpc.listEpochs.method)));
  connection.onRequest(rpc.listMetrics, (params) => listMetrics(store, runIdsOf(params, rpc.listMetrics.method)));
  connection.onRequest(rpc.listEpochBatches, (params) => listEpochBatches(store, runIdsOf(params, rpc.listEpochBatches.method)));
  connection.onRequest(rpc.listDataProblems, (params) => listDataProblems(store, runIdOf(params, rpc.listDataProblems.method)));
  connection.onRequest(rpc.listClusterings, (params) => listClusterings(store, runIdOf(params, rpc.listClusterings.method)));
  connection.onRequest(rpc.getClusterAssignments, (params) => {
    const id = params?.clusteringId;
    if (typeof id !== 'number' || !Number.isInteger(id)) throw invalidParams(`${rpc.getClusterAssignments.method}: clusteringId must be an integer`);
    try {
      return getClusterAssignments(store, id);
    } catch (error) {
      throw invalidParams((error as Error).message);
    }
  });
  connection.onRequest(rpc.listRetrievalEpochs, (params) => listRetrievalEpochs(store, runIdOf(params, rpc.listRetrievalEpochs.method)));
  connection.onRequest(rpc.listRetrievals, (params) => {
    const runId = runIdOf(params, rpc.listRetrievals.method);
    if (typeof params.epoch !== 'number') throw invalidParams(`${rpc.listRetrievals.method}: epoch must be a number`);
    return listRetrievals(store, runId, params.epoch);
  });
  connection.onRequest(rpc.listEmbeddingMaps, (params) => listEmbeddingMaps(store, runIdOf(params, rpc.listEmbeddingMaps.method)));
  connection.onRequest(rpc.getEmbeddingMap, (params) => {
    const runId = runIdOf(params, rpc.getEmbeddingMap.method);
    if (typeof params.epoch !== 'number') throw invalidParams(`${rpc.getEmbeddingMap.method}: epoch must be a number`);
    return getEmbeddingMap(store, runId, params.epoch);
  });
  connection.onRequest(rpc.listImages, (params) => {
    const runId = runIdOf(params, rpc.listImages.method);
    if (params.imageIds !== undefined && (!Array.isArray(params.imageIds) || params.imageIds.some((id) => typeof id !== 'number'))) {
      throw invalidParams(`${rpc.listImages.method}: imageIds must be an array of integers`);
    }
    return listImages(store, runId, params.imageIds);
  });
  connection.onRequest(rpc.makeThumbnail, async (params) => {
    const runId = runIdOf(params, rpc.makeThumbnail.method);
    const { imageId, width, height } = params;
    if (!Number.isInteger(imageId) || !Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 4096 || height > 4096) {
      throw invalidParams(`${rpc.makeThumbnail.method}: needs an integer imageId and integer width and height in [1, 4096]`);
    }
    let path: string;
    try {
      path = registeredImageFile(store, runId, imageId, imagesUnder);
    } catch (error) {
      if (error instanceof ImageRefusedError) throw invalidParams(error.message);
      throw error;
    }
    if (!imageCache) {
      // sharp loads only when a thumbnail is first asked for.
      const { ImageCache } = await import('../../data/imageCache');
      imageCache = new ImageCache(join(dirname(store.path), 'cache'));
    }
    try {
      return { thumbnailPath: await withTimeout(imageCache.thumbnail(path, width, height), thumbnailTimeoutMs) };
    } catch (error) {
      throw invalidParams(`cannot make a thumbnail of image ${imageId} of run ${runId}: ${(error as Error).message}`);
    }
  });
}
