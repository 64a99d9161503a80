import type { ClusterAssignments, ClusteringRecord } from '../protocol/records';
import type { ClusteringWrite } from '../engine/trainer/runSink';
import type { Store } from './openStore';
import { int32Blob, numbersFromInt32Blob } from './binaryColumns';

/** Inserts one clustering; call inside the epoch's transaction. */
export function insertClustering(store: Store, runId: number, clustering: ClusteringWrite): number {
  if (clustering.imageIds.length !== clustering.clusters.length) {
    throw new Error(
      `clustering of epoch ${clustering.epoch}: ${clustering.imageIds.length} image ids but ${clustering.clusters.length} cluster labels`,
    );
  }
  const { lastInsertRowid } = store.db
    .prepare('INSERT INTO clusterings (run_id, epoch, k, sizes, features, image_ids, clusters, churn_nmi) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(
      runId,
      clustering.epoch,
      clustering.k,
      JSON.stringify(clustering.sizes),
      clustering.features,
      int32Blob(clustering.imageIds),
      int32Blob(clustering.clusters),
      clustering.churnNmi ?? null,
    );
  return Number(lastInsertRowid);
}

export function listClusterings(store: Store, runId: number): ClusteringRecord[] {
  const rows = store.db
    .prepare('SELECT id, run_id, epoch, k, sizes, features, churn_nmi FROM clusterings WHERE run_id = ? ORDER BY epoch, id')
    .all(runId) as Array<{ id: number; run_id: number; epoch: number; k: number; sizes: string; features: ClusteringRecord['features']; churn_nmi: number | null }>;
  return rows.map((row) => ({
    id: row.id,
    runId: row.run_id,
    epoch: row.epoch,
    k: row.k,
    sizes: JSON.parse(row.sizes) as number[],
    features: row.features,
    churnNmi: row.churn_nmi,
  }));
}

/** Throws when there is no such clustering (the caller asked for an id it was never given). */
export function getClusterAssignments(store: Store, clusteringId: number): ClusterAssignments {
  const row = store.db.prepare('SELECT image_ids, clusters FROM clusterings WHERE id = ?').get(clusteringId) as
    | { image_ids: Buffer; clusters: Buffer }
    | undefined;
  if (!row) throw new Error(`no clustering with id ${clusteringId}`);
  return {
    clusteringId,
    imageIds: numbersFromInt32Blob(row.image_ids),
    clusters: numbersFromInt32Blob(row.clusters),
  };
}
