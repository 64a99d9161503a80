import type { ClusterUsageRecord, EpochBatchesRecord, LearnerHardness } from '../protocol/records';
import type { Store } from './openStore';

/** Per epoch, what each cluster's batches drew and how hard each learner's batches were (schema 5). */

/** Writes one epoch's record (replacing a resumed run's earlier one); call inside the epoch's transaction. */
export function writeEpochBatches(store: Store, runId: number, record: Omit<EpochBatchesRecord, 'runId'>): void {
  store.db
    .prepare('INSERT OR REPLACE INTO epoch_batches (run_id, epoch, cluster_usage, learner_hardness) VALUES (?, ?, ?, ?)')
    .run(runId, record.epoch, JSON.stringify(record.clusterUsage), JSON.stringify(record.learnerHardness));
}

export function listEpochBatches(store: Store, runIds: number[]): EpochBatchesRecord[] {
  if (runIds.length === 0) return [];
  const rows = store.db
    .prepare(`SELECT * FROM epoch_batches WHERE run_id IN (${runIds.map(() => '?').join(', ')}) ORDER BY run_id, epoch`)
    .all(...runIds) as Array<{ run_id: number; epoch: number; cluster_usage: string; learner_hardness: string }>;
  return rows.map((row) => ({
    runId: row.run_id,
    epoch: row.epoch,
    clusterUsage: JSON.parse(row.cluster_usage) as ClusterUsageRecord[],
    learnerHardness: JSON.parse(row.learner_hardness) as LearnerHardness[],
  }));
}
