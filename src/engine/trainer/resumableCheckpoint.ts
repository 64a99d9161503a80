/**
 * What a trainer checkpoint holds besides the arrays, and which checkpoint a run may resume
 * from: intact, of a known version, and its own (same database, same run). Free of TensorFlow,
 * so `fluke train --resume` can choose a checkpoint before the engine loads.
 */
import type { PlannedBatch } from '../samplers/roundRobinEpoch';
import type { LearnerHardnessSums } from './batchHardness';
import { readCheckpointFile, type ReadCheckpoint } from './checkpointFile';
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

/**
 * The run that asks to load a checkpoint. A database copied from another has a new id; its
 * runs made before the copy keep checkpoints owned by a former id, which it may load only
 * when it recorded their digest (the original may have replaced the file since).
 */
export interface CheckpointReader extends CheckpointOwner {
  /** The ids the database had before it was copied, oldest first (absent: none). */
  formerStoreIds?: readonly string[];
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
 * Reads a checkpoint that `reader` may load: intact (its own digest), the very file the database
 * recorded (`recordedSha256`; null: recorded before digests were), of a known version, and
 * written by that run of that database. Throws DamagedCheckpointError or a refusal naming the file.
 */
export function readOwnCheckpoint(path: string, reader: CheckpointReader, recordedSha256: string | null): ReadCheckpoint<TrainerCheckpointMeta> {
  const checkpoint = readCheckpointFile<TrainerCheckpointMeta>(path);
  const { meta } = checkpoint;
  if (meta.version !== 1) throw new Error(`${path}: checkpoint version ${String(meta.version)} is not supported`);
  if (meta.owner !== undefined) refuseOtherOwner(path, meta.owner, reader, recordedSha256);
  if (recordedSha256 !== null && checkpoint.sha256 !== recordedSha256) {
    throw new Error(
      `${path} was replaced since this database recorded it (SHA-256 ${checkpoint.sha256 ?? 'none'}, recorded ${recordedSha256}): it holds other weights; refusing it`,
    );
  }
  return checkpoint;
}

function refuseOtherOwner(path: string, owner: CheckpointOwner, reader: CheckpointReader, recordedSha256: string | null): void {
  if (owner.runId === reader.runId && owner.storeId === reader.storeId) return;
  if (owner.runId === reader.runId && reader.formerStoreIds?.includes(owner.storeId)) {
    // The caller then checks that the recorded digest equals the file's.
    if (recordedSha256 !== null) return;
    throw new Error(
      `${path}: written by database ${owner.storeId}, which this database was copied from; its digest was not recorded, so it cannot be told from a replaced one; refusing it`,
    );
  }
  throw new Error(`${path}: checkpoint belongs to run ${owner.runId} of database ${owner.storeId}, not run ${reader.runId} of database ${reader.storeId}; refusing it`);
}

/** A checkpoint recorded for a run, as the store lists it. */
export interface CheckpointEntry {
  epoch: number;
  path: string;
  /** The SHA-256 the database recorded for the file; null when recorded before digests were. */
  sha256: string | null;
}

/**
 * The newest of `candidates` (newest first) that the run may resume from, and why each newer
 * one was passed over (damaged, missing, replaced, another run's). null when none is usable.
 */
export function newestUsableCheckpoint(candidates: CheckpointEntry[], reader: CheckpointReader): { usable: CheckpointEntry | null; passedOver: Array<CheckpointEntry & { reason: string }> } {
  const passedOver: Array<CheckpointEntry & { reason: string }> = [];
  for (const candidate of candidates) {
    try {
      readOwnCheckpoint(candidate.path, reader, candidate.sha256);
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
