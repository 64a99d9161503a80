/**
 * One optimisation step of one learner: forward the batch in training mode, L2-normalise the
 * learner's slice (or the whole embedding), mine triplets on its distances, compute the
 * learner's loss and apply the gradients to the shared backbone, the head and the loss's beta.
 */
import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random/seededRandom';
import type { MetricLoss } from '../losses/metricLoss';
import type { Miner } from '../miners/miner';
import type { EmbeddingModel } from '../models/createEmbeddingModel';
import { normalisedSlice, normaliseSlices } from '../models/sliceEmbedding';
import { tensorDistanceMatrix } from '../distances/tensorDistanceMatrix';
import type { ParameterOptimizer } from './parameterOptimizer';

export interface TrainStepInput {
  model: EmbeddingModel;
  loss: MetricLoss;
  miner: Miner;
  optimizer: ParameterOptimizer;
  /** [B, H, W, C], already augmented. */
  images: tf.Tensor4D;
  labels: Int32Array;
  /** The learner's slice of the embedding; null = the whole embedding, normalised as a whole. */
  slice: { count: number; index: number } | null;
  random: SeededRandom;
}

/** Returns the batch loss; a NaN or infinite loss is returned without touching the weights. */
export function trainStep(input: TrainStepInput): number {
  const { model, loss, miner, images, labels, slice, random } = input;
  const { value, grads } = tf.variableGrads(() => {
    const { embedding } = model.apply(images, true);
    const vectors = slice === null ? normaliseSlices(embedding, 1) : normalisedSlice(embedding, slice.count, slice.index);
    // Mining reads the batch's distances (B x B, small) once; the loss then uses the indices.
    const distances = tensorDistanceMatrix(vectors);
    const triplets = miner.mine(distances.dataSync() as Float32Array, labels, random);
    distances.dispose();
    if (triplets.anchors.length === 0) return tf.mul(tf.sum(vectors), 0) as tf.Scalar;
    return loss.compute(vectors, labels, triplets);
  }, input.optimizer.variables());
  const lossValue = value.dataSync()[0]!;
  if (Number.isFinite(lossValue)) input.optimizer.apply(grads);
  tf.dispose(value);
  tf.dispose(grads);
  return lossValue;
}
