import { ErrorCodes, ResponseError, type MessageConnection } from 'vscode-jsonrpc/node';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCheckpointDir } from '../storeLocation';
import * as rpc from '../../protocol/rpc';
import { getClusterAssignments, listClusterings } from '../../store/clusterings';
import { listImages } from '../../store/images';
import type { Store } from '../../store/openStore';
import { storeSchemaVersion } from '../../store/openStore';
import { reconcileRuns } from '../../store/reconcileRuns';
import { listRetrievalEpochs, listRetrievals } from '../../store/retrievals';
import { listDataProblems, listEpochs, listMetrics } from '../../store/runResults';
import { listEpochBatches } from '../../store/epochBatches';
import { deleteRun, getRun, listRuns } from '../../store/runs';
import type { ImageCache } from '../../data/imageCache';

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
 * only reports other connections' writes.
 */
export function registerStoreHandlers(connection: MessageConnection, store: Store, onLocalChange: (runIds: number[]) => void): void {
  let imageCache: ImageCache | null = null;
  connection.onRequest(rpc.storeInfo, () => ({ path: store.path, schemaVersion: storeSchemaVersion(store), nodeVersion: process.version }));
  connection.onRequest(rpc.listRuns, (params) => listRuns(store, typeof params?.experimentPath === 'string' ? params.experimentPath : undefined));
  connection.onRequest(rpc.getRun, (params) => getRun(store, runIdOf(params, rpc.getRun.method)));
  connection.onRequest(rpc.deleteRun, (params) => {
    const runId = runIdOf(params, rpc.deleteRun.method);
    const run = getRun(store, runId);
    if (run && (run.status === 'running' || run.status === 'queued')) {
      throw new ResponseError(ErrorCodes.InvalidRequest, `run ${runId} is ${run.status}; stop it before deleting it`);
    }
    const deleted = deleteRun(store, runId);
    if (deleted) {
      // Checkpoints hold the model's weights: the largest thing a run leaves; fluke train keeps them here.
      rmSync(runCheckpointDir(store.path, runId), { recursive: true, force: true });
      onLocalChange([runId]);
    }
    return { deleted };
  });
  connection.onRequest(rpc.reconcileRuns, () => {
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
  connection.onRequest(rpc.listImages, (params) => {
    const runId = runIdOf(params, rpc.listImages.method);
    if (params.imageIds !== undefined && (!Array.isArray(params.imageIds) || params.imageIds.some((id) => typeof id !== 'number'))) {
      throw invalidParams(`${rpc.listImages.method}: imageIds must be an array of integers`);
    }
    return listImages(store, runId, params.imageIds);
  });
  connection.onRequest(rpc.makeThumbnail, async (params) => {
    const { path, width, height } = params ?? ({} as Partial<typeof params>);
    if (typeof path !== 'string' || !Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 4096 || height > 4096) {
      throw invalidParams(`${rpc.makeThumbnail.method}: needs a path and integer width and height in [1, 4096]`);
    }
    if (!imageCache) {
      // sharp loads only when a thumbnail is first asked for.
      const { ImageCache } = await import('../../data/imageCache');
      imageCache = new ImageCache(join(dirname(store.path), 'cache'));
    }
    try {
      return { thumbnailPath: await imageCache.thumbnail(path, width, height) };
    } catch (error) {
      throw invalidParams(`cannot make a thumbnail of ${path}: ${(error as Error).message}`);
    }
  });
}
