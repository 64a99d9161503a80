import type { RetrievalResult } from '../protocol/records';
import type { Store } from './openStore';
import { float32Blob, float32FromBlob, int32Blob, int32FromBlob } from './binaryColumns';

/**
 * Retrieval results of one evaluation epoch: one row per query, its neighbours' ids and
 * distances as BLOBs (nearest first); identities come from the images table on read.
 * Replaces what an earlier attempt at the same epoch wrote (a resumed run). Call inside
 * the epoch's transaction.
 */
export function replaceRetrievals(store: Store, runId: number, epoch: number, results: RetrievalResult[]): void {
  store.db.prepare('DELETE FROM retrievals WHERE run_id = ? AND epoch = ?').run(runId, epoch);
  const insert = store.db.prepare(
    'INSERT INTO retrievals (run_id, epoch, query_image_id, neighbour_image_ids, distances) VALUES (?, ?, ?, ?, ?)',
  );
  for (const result of results) {
    const sorted = [...result.neighbours].sort((a, b) => a.rank - b.rank);
    insert.run(
      runId,
      epoch,
      result.queryImageId,
      int32Blob(sorted.map((n) => n.imageId)),
      float32Blob(sorted.map((n) => n.distance)),
    );
  }
}

export function listRetrievalEpochs(store: Store, runId: number): number[] {
  const rows = store.db
    .prepare('SELECT DISTINCT epoch FROM retrievals WHERE run_id = ? ORDER BY epoch')
    .all(runId) as Array<{ epoch: number }>;
  return rows.map((row) => row.epoch);
}

/** Results ordered by query image id; ranks are 1-based. */
export function listRetrievals(store: Store, runId: number, epoch: number): RetrievalResult[] {
  const identities = new Map(
    (store.db.prepare('SELECT id, identity FROM images WHERE run_id = ?').all(runId) as Array<{ id: number; identity: string }>).map(
      (row) => [row.id, row.identity],
    ),
  );
  const rows = store.db
    .prepare(
      'SELECT query_image_id, neighbour_image_ids, distances FROM retrievals WHERE run_id = ? AND epoch = ? ORDER BY query_image_id',
    )
    .all(runId, epoch) as Array<{ query_image_id: number; neighbour_image_ids: Buffer; distances: Buffer }>;
  return rows.map((row) => {
    const ids = int32FromBlob(row.neighbour_image_ids);
    const distances = float32FromBlob(row.distances);
    return {
      queryImageId: row.query_image_id,
      queryIdentity: identities.get(row.query_image_id) ?? '',
      neighbours: Array.from(ids, (imageId, index) => ({
        rank: index + 1,
        imageId,
        identity: identities.get(imageId) ?? '',
        distance: distances[index]!,
      })),
    };
  });
}
