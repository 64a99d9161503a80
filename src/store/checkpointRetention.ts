import type { MetricsRecord } from '../protocol/records';
import type { Store } from './openStore';
import { listCheckpoints, listMetrics } from './runResults';

/**
 * Deletes the checkpoint rows of a run whose epochs `keep` leaves out, reading and deleting in
 * one immediate transaction (a concurrent writer cannot slip a row in between). The files are
 * deleted by the caller after this commits.
 */
export function pruneCheckpointRows(
  store: Store,
  runId: number,
  keep: (checkpointEpochs: number[], metrics: Array<Omit<MetricsRecord, 'runId'>>) => Set<number>,
): { kept: string[]; removed: string[] } {
  const { db } = store;
  return db
    .transaction(() => {
      const checkpoints = listCheckpoints(store, runId);
      const kept = keep(
        checkpoints.map((checkpoint) => checkpoint.epoch),
        listMetrics(store, [runId]),
      );
      const remove = db.prepare('DELETE FROM checkpoints WHERE run_id = ? AND epoch = ?');
      const removed = checkpoints.filter((checkpoint) => !kept.has(checkpoint.epoch));
      for (const checkpoint of removed) remove.run(runId, checkpoint.epoch);
      return {
        kept: checkpoints.filter((checkpoint) => kept.has(checkpoint.epoch)).map((checkpoint) => checkpoint.path),
        removed: removed.map((checkpoint) => checkpoint.path),
      };
    })
    .immediate();
}
