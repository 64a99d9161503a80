import type { ImageSplit } from '../protocol/records';
import type { CheckpointEntry } from '../engine/trainer/resumableCheckpoint';
import type { EpochWrite, RunSink } from '../engine/trainer/runSink';
import type { Store } from './openStore';
import { pruneCheckpointRows } from './checkpointRetention';
import { insertClustering } from './clusterings';
import { replaceEmbeddingMap } from './embeddingMaps';
import { writeEpochBatches } from './epochBatches';
import { listImages, registerImages } from './images';
import { replaceRetrievals } from './retrievals';
import { latestCheckpoint, recordCheckpoint, recordDataProblems } from './runResults';

/** The trainer's RunSink, writing to a store; one epoch's writes are one transaction. */
export class StoreRunSink implements RunSink {
  constructor(
    private readonly store: Store,
    readonly runId: number,
  ) {}

  registerImages(images: Array<{ path: string; identity: string; split: ImageSplit }>): number[] {
    return this.writing('its images', () => registerImages(this.store, this.runId, images));
  }

  registeredImages(): Array<{ id: number; path: string; identity: string; split: ImageSplit }> {
    return listImages(this.store, this.runId).map(({ id, path, identity, split }) => ({ id, path, identity, split }));
  }

  recordDataProblems(problems: Array<{ path: string; problem: string }>): void {
    this.writing('its data problems', () => recordDataProblems(this.store, this.runId, problems));
  }

  /** A failed write (a full disk, above all) names the database file and what was being written. */
  private writing<T>(what: string, write: () => T): T {
    try {
      return write();
    } catch (error) {
      throw new Error(`${this.store.path}: could not write ${what} (run ${this.runId}): ${(error as Error).message}`);
    }
  }

  writeEpoch(write: EpochWrite): void {
    this.writing(`epoch ${write.epoch.epoch}`, () => this.writeEpochRows(write));
  }

  private writeEpochRows(write: EpochWrite): void {
    const { db } = this.store;
    const runId = this.runId;
    const epoch = write.epoch.epoch;
    db.transaction(() => {
      db.prepare(
        `INSERT OR REPLACE INTO epochs (run_id, epoch, loss, learner_losses, learning_rate, seconds, images_per_second, ended_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        runId,
        epoch,
        write.epoch.loss,
        JSON.stringify(write.epoch.learnerLosses),
        write.epoch.learningRate,
        write.epoch.seconds,
        write.epoch.imagesPerSecond,
        write.epoch.endedAt,
      );
      if (write.metrics) {
        const m = write.metrics;
        db.prepare(
          `INSERT OR REPLACE INTO metrics (run_id, epoch, recall_at_k, nmi, map_at_r, r_precision, map5, map5_best, map5_best_threshold)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(runId, m.epoch, JSON.stringify(m.recallAtK), m.nmi, m.mapAtR, m.rPrecision, m.map5, m.map5Best?.value ?? null, m.map5Best?.threshold ?? null);
      }
      if (write.batches) writeEpochBatches(this.store, runId, write.batches);
      for (const clustering of write.clusterings) {
        // A resumed run re-makes a clustering it had already written: keep one per epoch.
        db.prepare('DELETE FROM clusterings WHERE run_id = ? AND epoch = ?').run(runId, clustering.epoch);
        insertClustering(this.store, runId, clustering);
      }
      if (write.retrievals) replaceRetrievals(this.store, runId, epoch, write.retrievals);
      if (write.embeddingMap) replaceEmbeddingMap(this.store, runId, write.embeddingMap);
      if (write.checkpointPath !== null) {
        recordCheckpoint(this.store, runId, epoch, write.checkpointPath, 'epoch', write.checkpointSha256 ?? null);
      }
    }).immediate();
  }

  latestCheckpoint(): CheckpointEntry | null {
    return latestCheckpoint(this.store, this.runId);
  }

  pruneCheckpoints(keep: Parameters<RunSink['pruneCheckpoints']>[0]): { kept: string[]; removed: string[] } {
    return pruneCheckpointRows(this.store, this.runId, keep);
  }
}
