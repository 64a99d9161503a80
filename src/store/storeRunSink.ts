import type { ImageSplit } from '../protocol/records';
import type { EpochWrite, RunSink } from '../engine/trainer/runSink';
import type { Store } from './openStore';
import { insertClustering } from './clusterings';
import { listImages, registerImages } from './images';
import { replaceRetrievals } from './retrievals';
import { latestCheckpoint, recordDataProblems } from './runResults';

/** The trainer's RunSink, writing to a store; one epoch's writes are one transaction. */
export class StoreRunSink implements RunSink {
  constructor(
    private readonly store: Store,
    readonly runId: number,
  ) {}

  registerImages(images: Array<{ path: string; identity: string; split: ImageSplit }>): number[] {
    return registerImages(this.store, this.runId, images);
  }

  registeredImages(): Array<{ id: number; path: string; identity: string; split: ImageSplit }> {
    return listImages(this.store, this.runId).map(({ id, path, identity, split }) => ({ id, path, identity, split }));
  }

  recordDataProblems(problems: Array<{ path: string; problem: string }>): void {
    recordDataProblems(this.store, this.runId, problems);
  }

  writeEpoch(write: EpochWrite): void {
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
          `INSERT OR REPLACE INTO metrics (run_id, epoch, recall_at_k, nmi, map_at_r, r_precision, map5) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(runId, m.epoch, JSON.stringify(m.recallAtK), m.nmi, m.mapAtR, m.rPrecision, m.map5);
      }
      for (const clustering of write.clusterings) {
        // A resumed run re-makes a clustering it had already written: keep one per epoch.
        db.prepare('DELETE FROM clusterings WHERE run_id = ? AND epoch = ?').run(runId, clustering.epoch);
        insertClustering(this.store, runId, clustering);
      }
      if (write.retrievals) replaceRetrievals(this.store, runId, epoch, write.retrievals);
      if (write.checkpointPath !== null) {
        db.prepare('INSERT OR REPLACE INTO checkpoints (run_id, epoch, path, created_at) VALUES (?, ?, ?, ?)').run(
          runId,
          epoch,
          write.checkpointPath,
          new Date().toISOString(),
        );
      }
    }).immediate();
  }

  latestCheckpoint(): { epoch: number; path: string } | null {
    return latestCheckpoint(this.store, this.runId);
  }
}
