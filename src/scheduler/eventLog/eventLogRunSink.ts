import type { CheckpointEntry } from '../../engine/trainer/resumableCheckpoint';
import { retainedCheckpoints } from '../../engine/trainer/retainedCheckpoints';
import type { EpochWrite, RunSink } from '../../engine/trainer/runSink';
import type { CheckpointKind, ImageSplit, MetricsRecord } from '../../protocol/records';
import { loggedCheckpointKind } from './loggedCheckpointKind';
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

  /** The newest checkpoint of any attempt that retention kept: an epoch's own or one written at a stop. */
  latestCheckpoint(): CheckpointEntry | null {
    return this.checkpointsNewestFirst()[0] ?? null;
  }

  /** The checkpoints of every attempt that retention kept, newest first (of one epoch, a stop's before the epoch's own), as the store orders them. */
  checkpointsNewestFirst(): Array<CheckpointEntry> {
    return this.checkpointsHeld()
      .reverse()
      .map(({ epoch, path, sha256 }) => ({ epoch, path, sha256 }));
  }

  /**
   * Appends which checkpoints `keep` lets go, before the caller deletes their files (as the
   * store commits its rows first): a crash in between leaves a file no record names, which
   * the next pass deletes, never a record of a file that is gone.
   */
  pruneCheckpoints(keep: Parameters<RunSink['pruneCheckpoints']>[0]): { kept: string[]; removed: string[] } {
    const { kept, removed } = retainedCheckpoints(this.checkpointsHeld(), this.loggedMetrics(), keep);
    if (removed.length > 0) this.log.append({ type: 'checkpoints-removed', paths: removed.map((checkpoint) => checkpoint.path) });
    return { kept: kept.map((checkpoint) => checkpoint.path), removed: removed.map((checkpoint) => checkpoint.path) };
  }

  /**
   * The checkpoints the log names and no later removal took back, oldest first as the store
   * orders them (by epoch, an epoch's own before a stop's); of one epoch and kind, the later record.
   */
  private checkpointsHeld(): Array<CheckpointEntry & { kind: CheckpointKind }> {
    const held = new Map<string, CheckpointEntry & { kind: CheckpointKind }>();
    const hold = (checkpoint: CheckpointEntry & { kind: CheckpointKind }) => {
      const key = `${checkpoint.epoch} ${checkpoint.kind}`;
      held.delete(key);
      held.set(key, checkpoint);
    };
    for (const record of this.log.records) {
      if (record.type === 'checkpoint') {
        hold({ epoch: record.epoch, kind: loggedCheckpointKind(record), path: record.path, sha256: record.sha256 ?? null });
      } else if (record.type === 'epoch' && record.write.checkpointPath !== null) {
        hold({ epoch: record.write.epoch.epoch, kind: 'epoch', path: record.write.checkpointPath, sha256: record.write.checkpointSha256 ?? null });
      } else if (record.type === 'checkpoints-removed') {
        const removed = new Set(record.paths);
        for (const [key, checkpoint] of held) if (removed.has(checkpoint.path)) held.delete(key);
      }
    }
    return [...held.values()].sort((a, b) => a.epoch - b.epoch || Number(a.kind === 'stop') - Number(b.kind === 'stop'));
  }

  /** Each evaluated epoch's metrics; an epoch trained again (after a resume from an earlier checkpoint) by its later record. */
  private loggedMetrics(): Array<Omit<MetricsRecord, 'runId'>> {
    const byEpoch = new Map<number, Omit<MetricsRecord, 'runId'>>();
    for (const record of this.log.records) {
      if (record.type === 'epoch' && record.write.metrics) byEpoch.set(record.write.epoch.epoch, record.write.metrics);
    }
    return [...byEpoch.values()];
  }
}
