/**
 * Which of a run's checkpoints stay under `keep`, for every sink alike (the store's rows, a
 * job's run log). `keep` judges the end-of-epoch checkpoints; a stop's checkpoint stays while
 * it is the newest (a resume starts from it) and goes once an end-of-epoch checkpoint as new exists.
 */
import type { CheckpointKind, MetricsRecord } from '../../protocol/records';

export function retainedCheckpoints<T extends { epoch: number; kind: CheckpointKind }>(
  oldestFirst: readonly T[],
  metrics: Array<Omit<MetricsRecord, 'runId'>>,
  keep: (checkpointEpochs: number[], metrics: Array<Omit<MetricsRecord, 'runId'>>) => Set<number>,
): { kept: T[]; removed: T[] } {
  const keptEpochs = keep(
    oldestFirst.filter((checkpoint) => checkpoint.kind === 'epoch').map((checkpoint) => checkpoint.epoch),
    metrics,
  );
  const newest = oldestFirst.at(-1);
  const isKept = (checkpoint: T) => (checkpoint.kind === 'epoch' ? keptEpochs.has(checkpoint.epoch) : checkpoint === newest);
  return { kept: oldestFirst.filter(isKept), removed: oldestFirst.filter((checkpoint) => !isKept(checkpoint)) };
}
