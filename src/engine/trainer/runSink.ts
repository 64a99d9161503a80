/**
 * Where the trainer writes what a run produces. The store implements it
 * (src/store/storeRunSink.ts); the trainer never writes SQL itself.
 */
import type { EpochRecord, ImageSplit, MetricsRecord, RetrievalResult } from '../../protocol/records';

export interface ClusteringWrite {
  /** The epoch after which the clustering was made (0 = before the first epoch). */
  epoch: number;
  k: number;
  sizes: number[];
  features: 'backbone' | 'embedding';
  /** Store ids of the training images and the cluster of each, index-aligned. */
  imageIds: number[];
  clusters: number[];
}

/** Everything one epoch produced; the store writes it in one transaction. */
export interface EpochWrite {
  epoch: Omit<EpochRecord, 'runId'>;
  metrics: Omit<MetricsRecord, 'runId'> | null;
  clusterings: ClusteringWrite[];
  retrievals: RetrievalResult[] | null;
  checkpointPath: string | null;
}

export interface RunSink {
  readonly runId: number;
  /** Stores the run's images (once per run); returns their ids in the same order. */
  registerImages(images: Array<{ path: string; identity: string; split: ImageSplit }>): number[];
  /** Images already stored for this run (on resume), in the order they were registered. */
  registeredImages(): Array<{ id: number; path: string; identity: string; split: ImageSplit }>;
  recordDataProblems(problems: Array<{ path: string; problem: string }>): void;
  writeEpoch(write: EpochWrite): void;
  /** The newest checkpoint written for this run, for resume. */
  latestCheckpoint(): { epoch: number; path: string } | null;
}
