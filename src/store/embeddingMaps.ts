import type { EmbeddingMapRecord, EmbeddingMapSummary } from '../protocol/records';
import type { EmbeddingMapWrite } from '../engine/trainer/runSink';
import type { Store } from './openStore';
import { float32Blob, float32FromBlob, int32Blob, numbersFromInt32Blob } from './binaryColumns';

/**
 * Embedding Maps: one row per evaluation epoch, image ids, x/y pairs (float32) and learners
 * as BLOBs. Replaces what an earlier attempt at the same epoch wrote (a resumed run). Call
 * inside the epoch's transaction.
 */
export function replaceEmbeddingMap(store: Store, runId: number, map: EmbeddingMapWrite): void {
  const points = map.imageIds.length;
  if (map.xy.length !== 2 * points || map.learners.length !== points) {
    throw new Error(`embedding map of epoch ${map.epoch}: ${points} image ids, ${map.xy.length} coordinates, ${map.learners.length} learners`);
  }
  store.db
    .prepare(
      `INSERT OR REPLACE INTO embedding_maps (run_id, epoch, method, candidates, seconds, image_ids, xy, learners)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(runId, map.epoch, map.method, map.candidates, map.seconds, int32Blob(map.imageIds), float32Blob(map.xy), int32Blob(map.learners));
}

/** The stored maps of a run, by epoch, without their points. */
export function listEmbeddingMaps(store: Store, runId: number): EmbeddingMapSummary[] {
  const rows = store.db
    .prepare('SELECT epoch, method, candidates, seconds, length(image_ids) / 4 AS points FROM embedding_maps WHERE run_id = ? ORDER BY epoch')
    .all(runId) as Array<{ epoch: number; method: 'umap' | 'pca'; candidates: number; seconds: number; points: number }>;
  return rows.map((row) => ({ runId, ...row }));
}

/** The map of one epoch, or null when that epoch has none. */
export function getEmbeddingMap(store: Store, runId: number, epoch: number): EmbeddingMapRecord | null {
  const row = store.db
    .prepare('SELECT method, candidates, seconds, image_ids, xy, learners FROM embedding_maps WHERE run_id = ? AND epoch = ?')
    .get(runId, epoch) as
    | { method: 'umap' | 'pca'; candidates: number; seconds: number; image_ids: Buffer; xy: Buffer; learners: Buffer }
    | undefined;
  if (!row) return null;
  const imageIds = numbersFromInt32Blob(row.image_ids);
  return {
    runId,
    epoch,
    method: row.method,
    points: imageIds.length,
    candidates: row.candidates,
    seconds: row.seconds,
    imageIds,
    xy: Array.from(float32FromBlob(row.xy)),
    learners: numbersFromInt32Blob(row.learners),
  };
}
