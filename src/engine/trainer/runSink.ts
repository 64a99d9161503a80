/**
 * Where the trainer writes what a run produces. The store implements it
 * (src/store/storeRunSink.ts); the trainer never writes SQL itself.
 */
import type { CheckpointEntry } from './resumableCheckpoint';
import type { EpochBatchesRecord, EpochRecord, ImageSplit, MetricsRecord, RetrievalResult } from '../../protocol/records';

export interface ClusteringWrite {
  /** The epoch after which the clustering was made (0 = before the first epoch). */
  epoch: number;
  k: number;
  sizes: number[];
  features: 'backbone' | 'embedding';
  /** Store ids of the training images and the cluster of each, index-aligned. */
  imageIds: number[];
  clusters: number[];
  /** NMI between the previous division and this one; null (or absent) for the first. */
  churnNmi?: number | null;
}

/** The 2-D map of one evaluation's embedding (src/engine/projection). */
export interface EmbeddingMapWrite {
  epoch: number;
  method: 'umap' | 'pca';
  /** Images that could have been mapped (evaluated + training sample) before the cap. */
  candidates: number;
  /** Time to embed and project, for the bench and the panel's caption. */
  seconds: number;
  imageIds: number[];
  /** x, y of each image, interleaved, index-aligned with imageIds. */
  xy: Float32Array;
  /** The learner of each image: a training image's cluster, else the nearest cluster centre (-1: none). */
  learners: number[];
}

/** Everything one epoch produced; the store writes it in one transaction. */
export interface EpochWrite {
  epoch: Omit<EpochRecord, 'runId'>;
  metrics: Omit<MetricsRecord, 'runId'> | null;
  /** What the epoch's batches drew and how hard they were (absent: not recorded). */
  batches?: Omit<EpochBatchesRecord, 'runId'>;
  clusterings: ClusteringWrite[];
  retrievals: RetrievalResult[] | null;
  checkpointPath: string | null;
  /** The SHA-256 of the checkpoint file (hex); absent in writes made before digests were recorded. */
  checkpointSha256?: string | null;
  /** Absent or null when the epoch was not evaluated or the map is off. */
  embeddingMap?: EmbeddingMapWrite | null;
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
  latestCheckpoint(): CheckpointEntry | null;
  /**
   * Forgets, in one write, the checkpoints whose epochs `keep` leaves out (given the epochs
   * that have one and the run's metrics); returns the paths kept and removed. Files are the caller's.
   */
  pruneCheckpoints(keep: (checkpointEpochs: number[], metrics: Array<Omit<MetricsRecord, 'runId'>>) => Set<number>): { kept: string[]; removed: string[] };
}
