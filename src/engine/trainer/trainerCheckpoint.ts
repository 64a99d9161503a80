/**
 * Saves and restores everything a run needs to carry on exactly as if it had not stopped: model
 * weights (batch-norm statistics included), optimizer moments, the losses' betas, the random
 * generator, the division of the training images among learners, and, when it stopped inside
 * an epoch, that epoch's plan and progress.
 */
import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random/seededRandom';
import type { PlannedBatch } from '../samplers/roundRobinEpoch';
import { readCheckpointFile, writeCheckpointFile, type CheckpointArray } from './checkpointFile';
import type { LearnerHardnessSums } from './batchHardness';
import type { ClusteringWrite } from './runSink';
import type { TrainerParts } from './trainerParts';

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

export interface TrainerCheckpointMeta {
  version: 1;
  /** Epochs completed. */
  epoch: number;
  random: number[];
  assignments: number[];
  optimizerStep: number;
  partial: PartialEpoch | null;
  /** Clusterings made but not yet written with an epoch (a stop inside the epoch after them). */
  unwrittenClusterings: ClusteringWrite[];
}

export function saveTrainerCheckpoint(
  path: string,
  parts: TrainerParts,
  state: { epoch: number; random: SeededRandom; assignments: Int32Array; partial: PartialEpoch | null; unwrittenClusterings: ClusteringWrite[] },
): void {
  const optimizerState = parts.optimizer.saveState();
  const arrays: CheckpointArray[] = [
    ...parts.model.saveWeights().map((weight) => ({ ...weight, name: `model/${weight.name}` })),
    ...optimizerState.slots.map((values, index) => ({ name: `optimizer/${index}`, shape: [values.length], values })),
    ...parts.losses.flatMap((loss, learner) =>
      loss.extraVariables().variables.map((variable, index) => ({
        name: `loss/${learner}/${index}`,
        shape: variable.shape,
        values: new Float32Array(variable.dataSync()),
      })),
    ),
  ];
  writeCheckpointFile<TrainerCheckpointMeta>(path, {
    meta: {
      version: 1,
      epoch: state.epoch,
      random: state.random.saveState(),
      assignments: Array.from(state.assignments),
      optimizerStep: optimizerState.step,
      partial: state.partial,
      unwrittenClusterings: state.unwrittenClusterings,
    },
    arrays,
  });
}

/** Restores the parts in place and returns the checkpoint's bookkeeping. */
export function restoreTrainerCheckpoint(path: string, parts: TrainerParts): TrainerCheckpointMeta {
  const { meta, arrays } = readCheckpointFile<TrainerCheckpointMeta>(path);
  if (meta.version !== 1) throw new Error(`${path}: checkpoint version ${String(meta.version)} is not supported`);
  const withPrefix = (prefix: string) => arrays.filter((array) => array.name.startsWith(prefix));
  parts.model.loadWeights(withPrefix('model/').map((array) => ({ ...array, name: array.name.slice('model/'.length) })));
  parts.optimizer.restoreState({ step: meta.optimizerStep, slots: withPrefix('optimizer/').map((array) => array.values) });
  parts.losses.forEach((loss, learner) => {
    loss.extraVariables().variables.forEach((variable, index) => {
      const saved = arrays.find((array) => array.name === `loss/${learner}/${index}`);
      if (!saved || saved.values.length !== variable.size) throw new Error(`${path}: no matching value for beta ${learner}/${index}`);
      tf.tidy(() => variable.assign(tf.tensor(saved.values, variable.shape, 'float32')));
    });
  });
  return meta;
}
