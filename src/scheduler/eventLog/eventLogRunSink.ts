import type { CheckpointEntry } from '../../engine/trainer/resumableCheckpoint';
import type { EpochWrite, RunSink } from '../../engine/trainer/runSink';
import type { ImageSplit } from '../../protocol/records';
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
    const { embeddingMap, ...rest } = write;
    this.log.append({ type: 'epoch', write: { ...rest, embeddingMap: embeddingMap ? { ...embeddingMap, xy: Array.from(embeddingMap.xy) } : null } });
  }

  /** The newest checkpoint of any attempt: an epoch's own or one written at a stop. */
  latestCheckpoint(): CheckpointEntry | null {
    return this.checkpointsNewestFirst()[0] ?? null;
  }

  /** Every checkpoint of every attempt, newest first (of one epoch, the later record first). */
  checkpointsNewestFirst(): Array<CheckpointEntry> {
    return this.checkpointsWritten()
      .reverse()
      .sort((a, b) => b.epoch - a.epoch);
  }

  private checkpointsWritten(): Array<CheckpointEntry> {
    return this.log.records.flatMap((record) =>
      record.type === 'checkpoint'
        ? [{ epoch: record.epoch, path: record.path, sha256: record.sha256 ?? null }]
        : record.type === 'epoch' && record.write.checkpointPath !== null
          ? [{ epoch: record.write.epoch.epoch, path: record.write.checkpointPath, sha256: record.write.checkpointSha256 ?? null }]
          : [],
    );
  }

  /**
   * A job keeps every checkpoint it wrote: its folder is its own, and the log it appends to
   * cannot take a record back, so forgetting one here would not survive a requeue.
   */
  pruneCheckpoints(): { kept: string[]; removed: string[] } {
    return { kept: this.checkpointsWritten().map((checkpoint) => checkpoint.path), removed: [] };
  }
}
