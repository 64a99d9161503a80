/**
 * Saves and restores everything a run needs to carry on exactly as if it had not stopped: model
 * weights (batch-norm statistics included), optimizer moments, the losses' betas, the random
 * generator, the division of the training images among learners, and, when it stopped inside
 * an epoch, that epoch's plan and progress.
 */
import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random/seededRandom';
import { writeCheckpointFile, type CheckpointArray } from './checkpointFile';
import { readOwnCheckpoint, type CheckpointOwner, type CheckpointReader, type PartialEpoch, type TrainerCheckpointMeta } from './resumableCheckpoint';
import type { ClusteringWrite } from './runSink';
import type { TrainerParts } from './trainerParts';

export type { CheckpointOwner, CheckpointReader, PartialEpoch, TrainerCheckpointMeta } from './resumableCheckpoint';

/** Returns the SHA-256 of the file written (hex), which the database records beside its path. */
export function saveTrainerCheckpoint(
  path: string,
  parts: TrainerParts,
  state: { owner: CheckpointOwner; epoch: number; random: SeededRandom; assignments: Int32Array; partial: PartialEpoch | null; unwrittenClusterings: ClusteringWrite[] },
): string {
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
  return writeCheckpointFile<TrainerCheckpointMeta>(path, {
    meta: {
      version: 1,
      owner: { storeId: state.owner.storeId, runId: state.owner.runId },
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

/**
 * Restores the parts in place from the run's own checkpoint (the file whose digest the database
 * recorded, when it did) and returns the checkpoint's bookkeeping.
 */
export function restoreTrainerCheckpoint(path: string, parts: TrainerParts, reader: CheckpointReader, recordedSha256: string | null): TrainerCheckpointMeta {
  const { meta, arrays } = readOwnCheckpoint(path, reader, recordedSha256);
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

