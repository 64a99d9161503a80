/**
 * What a trainer checkpoint holds besides the arrays, and which checkpoint a run may resume
 * from: intact, of a known version, and its own (same database, same run). Free of TensorFlow,
 * so `fluke train --resume` can choose a checkpoint before the engine loads.
 */
import type { PlannedBatch } from '../samplers/roundRobinEpoch';
import type { LearnerHardnessSums } from './batchHardness';
import { readCheckpointFile, type CheckpointFile } from './checkpointFile';
import type { ClusteringWrite } from './runSink';

/** The progress of an epoch cut short by a stop request. */
export interface PartialEpoch {
  epoch: number;
  /** The epoch's whole plan: the learner and the training positions of each batch. */
  batches: PlannedBatch[];
  batchesDone: number;
  lossSums: number[];
  lossCounts: number[];
  /** How hard each learner's batches were so far (see batchHardness). */
  hardness: LearnerHardnessSums[];
  seconds: number;
}

/** Whose checkpoint it is: the database (its store id) and the run. */
export interface CheckpointOwner {
  storeId: string;
  runId: number;
}

export interface TrainerCheckpointMeta {
  version: 1;
  /** Absent in checkpoints written before owners were recorded. */
  owner?: CheckpointOwner;
  /** Epochs completed. */
  epoch: number;
  random: number[];
  assignments: number[];
  optimizerStep: number;
  partial: PartialEpoch | null;
  /** Clusterings made but not yet written with an epoch (a stop inside the epoch after them). */
  unwrittenClusterings: ClusteringWrite[];
}

/**
 * Reads a checkpoint that `owner` may resume from: intact (digest), of a known version, and
 * written by that run of that database. Throws DamagedCheckpointError or a refusal naming the file.
 */
export function readOwnCheckpoint(path: string, owner: CheckpointOwner): CheckpointFile<TrainerCheckpointMeta> {
  const checkpoint = readCheckpointFile<TrainerCheckpointMeta>(path);
  const { meta } = checkpoint;
  if (meta.version !== 1) throw new Error(`${path}: checkpoint version ${String(meta.version)} is not supported`);
  if (meta.owner !== undefined && (meta.owner.storeId !== owner.storeId || meta.owner.runId !== owner.runId)) {
    throw new Error(
      `${path}: checkpoint belongs to run ${meta.owner.runId} of database ${meta.owner.storeId}, not run ${owner.runId} of database ${owner.storeId}; refusing it`,
    );
  }
  return checkpoint;
}

/** A checkpoint recorded for a run, as the store lists it. */
export interface CheckpointEntry {
  epoch: number;
  path: string;
}

/**
 * The newest of `candidates` (newest first) that the run may resume from, and why each newer
 * one was passed over (damaged, missing, another run's). null when none is usable.
 */
export function newestUsableCheckpoint(candidates: CheckpointEntry[], owner: CheckpointOwner): { usable: CheckpointEntry | null; passedOver: Array<CheckpointEntry & { reason: string }> } {
  const passedOver: Array<CheckpointEntry & { reason: string }> = [];
  for (const candidate of candidates) {
    try {
      readOwnCheckpoint(candidate.path, owner);
      return { usable: candidate, passedOver };
    } catch (error) {
      passedOver.push({ ...candidate, reason: (error as Error).message });
    }
  }
  return { usable: null, passedOver };
}

/** The warning for a checkpoint a resume passed over, naming where it falls back to. */
export function passedOverMessage(skipped: CheckpointEntry & { reason: string }, usable: CheckpointEntry | null): string {
  const next = usable ? `falling back to the previous intact checkpoint (epoch ${usable.epoch}, ${usable.path})` : 'no earlier intact checkpoint';
  return `checkpoint of epoch ${skipped.epoch} cannot be used: ${skipped.reason}; ${next}`;
}
