import type { EpochWrite, RunSink } from '../../engine/trainer/runSink';
import type { ImageSplit, MetricsRecord } from '../../protocol/records';
import type { RunLogWriter } from './runLogWriter';

/**
 * The trainer's RunSink for a job on a cluster node: everything goes to the run's own
 * log (never to the shared database). Image ids are positions in the log (1-based).
 */
export class EventLogRunSink implements RunSink {
  constructor(
    private readonly log: RunLogWriter,
    readonly runId: number,
  ) {}

  registerImages(images: Array<{ path: string; identity: string; split: ImageSplit }>): number[] {
    const first = this.registeredImages().length + 1;
    this.log.append({ type: 'images', images });
    return images.map((_, index) => first + index);
  }

  registeredImages(): Array<{ id: number; path: string; identity: string; split: ImageSplit }> {
    const images = this.log.records.flatMap((record) => (record.type === 'images' ? record.images : []));
    return images.map((image, index) => ({ id: index + 1, ...image }));
  }

  recordDataProblems(problems: Array<{ path: string; problem: string }>): void {
    if (problems.length > 0) this.log.append({ type: 'data-problems', problems });
  }

  writeEpoch(write: EpochWrite): void {
    this.log.append({ type: 'epoch', write });
  }

  /** The newest checkpoint of any attempt: an epoch's own or one written at a stop. */
  latestCheckpoint(): { epoch: number; path: string } | null {
    const checkpoints = this.checkpoints();
    const newest = Math.max(...checkpoints.keys());
    return checkpoints.has(newest) ? { epoch: newest, path: checkpoints.get(newest)! } : null;
  }

  /**
   * Checkpoint retention for a job: `keep` chooses among the checkpoints in the log (given
   * the metrics in it); the others are logged as pruned, so that the store forgets them too.
   */
  pruneCheckpoints(keep: (checkpointEpochs: number[], metrics: Array<Omit<MetricsRecord, 'runId'>>) => Set<number>): { kept: string[]; removed: string[] } {
    const checkpoints = this.checkpoints();
    const metrics = new Map<number, Omit<MetricsRecord, 'runId'>>();
    for (const record of this.log.records) if (record.type === 'epoch' && record.write.metrics) metrics.set(record.write.metrics.epoch, record.write.metrics);
    const epochs = [...checkpoints.keys()].sort((a, b) => a - b);
    const kept = keep(epochs, [...metrics.values()].sort((a, b) => a.epoch - b.epoch));
    const removed = epochs.filter((epoch) => !kept.has(epoch));
    if (removed.length > 0) this.log.append({ type: 'checkpoints-pruned', epochs: removed });
    return { kept: epochs.filter((epoch) => kept.has(epoch)).map((epoch) => checkpoints.get(epoch)!), removed: removed.map((epoch) => checkpoints.get(epoch)!) };
  }

  /** Epoch to checkpoint path, as the log has them now (a later checkpoint of an epoch replaces it). */
  private checkpoints(): Map<number, string> {
    const checkpoints = new Map<number, string>();
    for (const record of this.log.records) {
      if (record.type === 'checkpoint') checkpoints.set(record.epoch, record.path);
      if (record.type === 'epoch' && record.write.checkpointPath !== null) checkpoints.set(record.write.epoch.epoch, record.write.checkpointPath);
      if (record.type === 'checkpoints-pruned') for (const epoch of record.epochs) checkpoints.delete(epoch);
    }
    return checkpoints;
  }
}
