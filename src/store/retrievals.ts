import type { RetrievalResult } from '../protocol/records';
import type { Store } from './openStore';
import { float32Blob, float32FromBlob, int32Blob, int32FromBlob } from './binaryColumns';

/**
 * Retrieval results of one evaluation epoch: one row per query, its neighbours' ids and
 * distances as BLOBs (nearest first), and the same for its nearest neighbour of each of 5
 * distinct identities (NULL when the result has none); identities come from the images table
 * on read.
 * Replaces what an earlier attempt at the same epoch wrote (a resumed run). Call inside
 * the epoch's transaction.
 */
export function replaceRetrievals(store: Store, runId: number, epoch: number, results: RetrievalResult[]): void {
  store.db.prepare('DELETE FROM retrievals WHERE run_id = ? AND epoch = ?').run(runId, epoch);
  const insert = store.db.prepare(
    'INSERT INTO retrievals (run_id, epoch, query_image_id, neighbour_image_ids, distances, identity_image_ids, identity_distances) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  for (const result of results) {
    const sorted = [...result.neighbours].sort((a, b) => a.rank - b.rank);
    const identities = result.nearestIdentities ? [...result.nearestIdentities].sort((a, b) => a.rank - b.rank) : null;
    insert.run(
      runId,
      epoch,
      result.queryImageId,
      int32Blob(sorted.map((n) => n.imageId)),
      float32Blob(sorted.map((n) => n.distance)),
      identities && int32Blob(identities.map((n) => n.imageId)),
      identities && float32Blob(identities.map((n) => n.distance)),
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
      'SELECT query_image_id, neighbour_image_ids, distances, identity_image_ids, identity_distances FROM retrievals WHERE run_id = ? AND epoch = ? ORDER BY query_image_id',
    )
    .all(runId, epoch) as Array<{ query_image_id: number; neighbour_image_ids: Buffer; distances: Buffer; identity_image_ids: Buffer | null; identity_distances: Buffer | null }>;
  const neighboursOf = (idsBlob: Buffer, distancesBlob: Buffer) => {
    const distances = float32FromBlob(distancesBlob);
    return Array.from(int32FromBlob(idsBlob), (imageId, index) => ({
      rank: index + 1,
      imageId,
      identity: identities.get(imageId) ?? '',
      distance: distances[index]!,
    }));
  };
  return rows.map((row) => ({
    queryImageId: row.query_image_id,
    queryIdentity: identities.get(row.query_image_id) ?? '',
    neighbours: neighboursOf(row.neighbour_image_ids, row.distances),
    ...(row.identity_image_ids && row.identity_distances ? { nearestIdentities: neighboursOf(row.identity_image_ids, row.identity_distances) } : {}),
  }));
}
