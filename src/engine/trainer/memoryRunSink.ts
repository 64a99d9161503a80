/**
 * A RunSink that keeps everything in memory: the trainer's tests run against it, and it checks
 * the same contract the store does (images registered once, epochs written in order).
 */
import type { ImageSplit, MetricsRecord } from '../../protocol/records';
import type { CheckpointEntry } from './resumableCheckpoint';
import type { EpochWrite, RunSink } from './runSink';

export class MemoryRunSink implements RunSink {
  readonly images: Array<{ id: number; path: string; identity: string; split: ImageSplit }> = [];
  readonly problems: Array<{ path: string; problem: string }> = [];
  readonly epochs: EpochWrite[] = [];

  constructor(readonly runId: number = 1) {}

  registerImages(images: Array<{ path: string; identity: string; split: ImageSplit }>): number[] {
    if (this.images.length > 0) throw new Error('images are registered once per run');
    for (const [index, image] of images.entries()) this.images.push({ id: 100 + index, ...image });
    return this.images.map((image) => image.id);
  }

  registeredImages(): Array<{ id: number; path: string; identity: string; split: ImageSplit }> {
    return this.images.map((image) => ({ ...image }));
  }

  recordDataProblems(problems: Array<{ path: string; problem: string }>): void {
    this.problems.push(...problems);
  }

  writeEpoch(write: EpochWrite): void {
    const last = this.epochs.at(-1);
    if (last && write.epoch.epoch <= last.epoch.epoch) {
      throw new Error(`epoch ${write.epoch.epoch} written after epoch ${last.epoch.epoch}`);
    }
    this.epochs.push(structuredClone(write));
  }

  pruneCheckpoints(keep: (checkpointEpochs: number[], metrics: Array<Omit<MetricsRecord, 'runId'>>) => Set<number>): { kept: string[]; removed: string[] } {
    const withCheckpoint = this.epochs.filter((write) => write.checkpointPath !== null);
    const kept = keep(
      withCheckpoint.map((write) => write.epoch.epoch),
      this.epochs.flatMap((write) => (write.metrics ? [write.metrics] : [])),
    );
    const removed: string[] = [];
    for (const write of withCheckpoint) {
      if (kept.has(write.epoch.epoch)) continue;
      removed.push(write.checkpointPath!);
      write.checkpointPath = null;
    }
    return { kept: withCheckpoint.flatMap((write) => (write.checkpointPath ? [write.checkpointPath] : [])), removed };
  }

  latestCheckpoint(): CheckpointEntry | null {
    for (let i = this.epochs.length - 1; i >= 0; i--) {
      const write = this.epochs[i]!;
      if (write.checkpointPath) return { epoch: write.epoch.epoch, path: write.checkpointPath, sha256: write.checkpointSha256 ?? null };
    }
    return null;
  }
}
