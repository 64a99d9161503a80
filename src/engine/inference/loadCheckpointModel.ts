/**
 * A run's embedding model as it was at one checkpoint, for inference: the engine builds the
 * model from the run's stored config and loads the checkpoint's weights (batch-norm running
 * statistics included), and says how the embedding was evaluated at that point of training.
 */
import type { ExperimentConfig } from '../../protocol/experiment';
import { createEmbeddingModel, type EmbeddingModel } from '../models/createEmbeddingModel';
import { readOwnCheckpoint, type CheckpointEntry, type CheckpointReader } from '../trainer/resumableCheckpoint';

export interface CheckpointModel {
  model: EmbeddingModel;
  /** The epoch whose training the weights come from (a mid-epoch checkpoint: the epoch it stopped in). */
  trainedEpoch: number;
  /** The run's K: each slice L2-normalised, then the whole, as the run's evaluation does (referenceNormalised). */
  slices: number;
  /** Whether the weights are from inside an epoch (a stop's checkpoint, which stands for the epoch before it). */
  midEpoch: boolean;
}

const modelPrefix = 'model/';

/**
 * `reader` is the run asking: a checkpoint of another database or run, or a file whose digest
 * differs from the one the database recorded, is refused, never loaded.
 */
export async function loadCheckpointModel(config: ExperimentConfig, experimentDir: string, checkpoint: Pick<CheckpointEntry, 'path' | 'sha256'>, reader: CheckpointReader): Promise<CheckpointModel> {
  const checkpointPath = checkpoint.path;
  const { meta, arrays } = readOwnCheckpoint(checkpointPath, reader, checkpoint.sha256);
  const model = await createEmbeddingModel(
    config.model,
    { height: config.data.imageHeight, width: config.data.imageWidth, channels: config.data.channels },
    config.runtime.seed,
    experimentDir,
  );
  try {
    model.loadWeights(arrays.filter((array) => array.name.startsWith(modelPrefix)).map((array) => ({ ...array, name: array.name.slice(modelPrefix.length) })));
  } catch (error) {
    model.dispose();
    throw new Error(`${checkpointPath}: ${(error as Error).message}`);
  }
  const trainedEpoch = meta.partial?.epoch ?? Math.max(1, meta.epoch);
  return {
    model,
    trainedEpoch,
    slices: config.method.clusters,
    midEpoch: meta.partial !== null,
  };
}
