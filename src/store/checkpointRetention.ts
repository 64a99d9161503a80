import type { MetricsRecord } from '../protocol/records';
import { retainedCheckpoints } from '../engine/trainer/retainedCheckpoints';
import type { Store } from './openStore';
import { listCheckpoints, listMetrics } from './runResults';

/**
 * Deletes the checkpoint rows of a run that `keep` leaves out (src/engine/trainer/retainedCheckpoints.ts),
 * reading and deleting in one immediate transaction (a concurrent writer cannot slip a row in between).
 * The files are deleted by the caller after this commits.
 */
export function pruneCheckpointRows(
  store: Store,
  runId: number,
  keep: (checkpointEpochs: number[], metrics: Array<Omit<MetricsRecord, 'runId'>>) => Set<number>,
): { kept: string[]; removed: string[] } {
  const { db } = store;
  return db
    .transaction(() => {
      const { kept, removed } = retainedCheckpoints(listCheckpoints(store, runId), listMetrics(store, [runId]), keep);
      const remove = db.prepare('DELETE FROM checkpoints WHERE run_id = ? AND epoch = ? AND kind = ?');
      for (const checkpoint of removed) remove.run(runId, checkpoint.epoch, checkpoint.kind);
      return { kept: kept.map((checkpoint) => checkpoint.path), removed: removed.map((checkpoint) => checkpoint.path) };
    })
    .immediate();
}
