/**
 * What the store holds, as the rest of the product sees it: the store's query functions
 * return these, `fluke serve` sends them over JSON-RPC, and the panels render them.
 */
import type { ExperimentConfig } from './experiment';

export const runStatuses = ['queued', 'running', 'completed', 'stopped', 'failed', 'diverged', 'crashed', 'timeout'] as const;
export type RunStatus = (typeof runStatuses)[number];

/** States a run never leaves on its own. */
export const finishedRunStatuses: readonly RunStatus[] = ['completed', 'stopped', 'failed', 'diverged', 'crashed', 'timeout'];

export interface ExperimentRecord {
  id: number;
  /** Absolute path of the experiment file (unique). */
  path: string;
  name: string;
  createdAt: string;
}

export interface RunRecord {
  id: number;
  experimentId: number;
  experimentPath: string;
  name: string;
  config: ExperimentConfig;
  gridValues: Record<string, string | number | boolean | null>;
  status: RunStatus;
  pid: number | null;
  host: string | null;
  backend: string | null;
  seed: number;
  /** Epochs planned and the last epoch written (0 = none yet). */
  epochs: number;
  lastEpoch: number;
  bestRecallAt1: number | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  error: string | null;
  /** The Slurm job of a run submitted with fluke submit (absent or null for a local run). */
  slurmJob?: SlurmJobInfo | null;
}

export interface SlurmJobInfo {
  /** `<array job id>_<task>`, as squeue and scancel take it. */
  jobId: string;
  /** The scheduler's state (PENDING, RUNNING, TIMEOUT, ...) when serve last asked. */
  state: string;
  /** Why it is pending (Priority, Resources, ...), or null. */
  reason: string | null;
  /** The job's output file (stdout and stderr, appended across requeues). */
  outputPath: string;
}

export interface EpochRecord {
  runId: number;
  epoch: number;
  loss: number;
  /** Loss of each learner (one per cluster); a single entry for K = 1. */
  learnerLosses: number[];
  learningRate: number;
  seconds: number;
  imagesPerSecond: number;
  /** ISO time the epoch ended, for charts over wall time. */
  endedAt: string;
}

/** How hard one learner's batches were in an epoch (implicit hard-negative mining). */
export interface LearnerHardness {
  learner: number;
  /** Share of the mined pairs (margin, contrastive) or triplets with a non-zero loss; null if none was mined. */
  nonZeroLossShare: number | null;
  /** Mean distance between anchors and their mined negatives; null if none was mined. */
  meanNegativeDistance: number | null;
}

/** What one cluster's batches drew in an epoch: batches, distinct images and classes. */
export interface ClusterUsageRecord {
  cluster: number;
  batches: number;
  images: number;
  classes: number;
}

/** What an epoch's batches were made of: per cluster what they drew, per learner how hard they were. */
export interface EpochBatchesRecord {
  runId: number;
  epoch: number;
  clusterUsage: ClusterUsageRecord[];
  learnerHardness: LearnerHardness[];
}

export interface MetricsRecord {
  runId: number;
  epoch: number;
  /** recall@K keyed by K ("1", "2", ...), each in [0, 1]. */
  recallAtK: Record<string, number>;
  nmi: number | null;
  mapAtR: number | null;
  rPrecision: number | null;
  map5: number | null;
  /**
   * MAP@5 at the new_whale threshold that maximises it on this evaluation's own distances (an
   * optimistic figure, labelled as such); null or absent when the data has no new_whale.
   */
  map5Best?: { threshold: number; value: number } | null;
}

export interface ClusteringRecord {
  id: number;
  runId: number;
  epoch: number;
  k: number;
  sizes: number[];
  features: 'backbone' | 'embedding';
  /** NMI between the previous clustering and this one (1 = no image moved); null for the first. */
  churnNmi: number | null;
}

/** The cluster of every training image at one reclustering, index-aligned with imageIds. */
export interface ClusterAssignments {
  clusteringId: number;
  imageIds: number[];
  clusters: number[];
}

export type ImageSplit = 'train' | 'query' | 'gallery';

export interface ImageRecord {
  id: number;
  runId: number;
  /** Absolute path of the photo. */
  path: string;
  identity: string;
  split: ImageSplit;
}

export interface RetrievalNeighbour {
  rank: number;
  imageId: number;
  identity: string;
  distance: number;
}

/** One query at one evaluation epoch, with its top-k neighbours nearest first. */
export interface RetrievalResult {
  queryImageId: number;
  queryIdentity: string;
  neighbours: RetrievalNeighbour[];
  /**
   * The nearest neighbour of each of the query's 5 nearest distinct identities, among the 25 or
   * more the trainer ranked for MAP@5 (rank 1 = the nearest identity): MAP@5 at any threshold
   * from these equals the trainer's. Absent in results stored before schema version 9.
   */
  nearestIdentities?: RetrievalNeighbour[];
}

/**
 * 'epoch': written at the end of epoch `epoch` (the weights best/EPOCH choices load).
 * 'stop': written by a stop inside epoch `epoch` + 1 (epoch complete epochs plus a partial one),
 * only for a resume.
 */
export type CheckpointKind = 'epoch' | 'stop';

export interface CheckpointRecord {
  runId: number;
  epoch: number;
  kind: CheckpointKind;
  path: string;
  /** The SHA-256 of the file as written (hex); null for checkpoints recorded before digests were. */
  sha256: string | null;
  createdAt: string;
}

export interface DataProblemRecord {
  runId: number;
  path: string;
  problem: string;
}

/** One stored Embedding Map, without its points (for lists and the epoch slider). */
export interface EmbeddingMapSummary {
  runId: number;
  epoch: number;
  method: 'umap' | 'pca';
  points: number;
  /** Images that could have been mapped before the cap (points < candidates: a seeded sample). */
  candidates: number;
  seconds: number;
}

/** The 2-D projection of one evaluation: index-aligned image ids, x/y pairs and learners. */
export interface EmbeddingMapRecord extends EmbeddingMapSummary {
  imageIds: number[];
  /** x0, y0, x1, y1, ... */
  xy: number[];
  /** The learner each image falls to (-1: none). */
  learners: number[];
}
