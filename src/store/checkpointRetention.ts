import type { CheckpointRecord, MetricsRecord } from '../protocol/records';
import type { Store } from './openStore';
import { listCheckpoints, listMetrics } from './runResults';

/**
 * Deletes the checkpoint rows of a run that `keep` leaves out, reading and deleting in one
 * immediate transaction (a concurrent writer cannot slip a row in between). `keep` judges the
 * end-of-epoch checkpoints; a stop's checkpoint stays while it is the newest (a resume starts
 * from it) and goes once an end-of-epoch checkpoint as new exists. The files are deleted by the
 * caller after this commits.
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
      const endOfEpoch = checkpoints.filter((checkpoint) => checkpoint.kind === 'epoch');
      const keptEpochs = keep(
        endOfEpoch.map((checkpoint) => checkpoint.epoch),
        listMetrics(store, [runId]),
      );
      const newest = checkpoints.at(-1);
      const isKept = (checkpoint: CheckpointRecord) => (checkpoint.kind === 'epoch' ? keptEpochs.has(checkpoint.epoch) : checkpoint === newest);
      const remove = db.prepare('DELETE FROM checkpoints WHERE run_id = ? AND epoch = ? AND kind = ?');
      const removed = checkpoints.filter((checkpoint) => !isKept(checkpoint));
      for (const checkpoint of removed) remove.run(runId, checkpoint.epoch, checkpoint.kind);
      return {
        kept: checkpoints.filter(isKept).map((checkpoint) => checkpoint.path),
        removed: removed.map((checkpoint) => checkpoint.path),
      };
    })
    .immediate();
}
