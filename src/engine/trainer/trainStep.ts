/**
 * One optimisation step of one learner: forward the batch in training mode, L2-normalise the
 * learner's slice (or the whole embedding, as the reference does), mine triplets on its
 * distances, compute the learner's loss and apply the gradients to the shared backbone, the
 * head and the loss's beta. Also says how hard the batch was (method.md: a cluster's batches
 * should hold harder negatives than random ones).
 */
import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random/seededRandom';
import type { MetricLoss } from '../losses/metricLoss';
import type { Miner } from '../miners/miner';
import type { EmbeddingModel } from '../models/createEmbeddingModel';
import { normalisedSlice, referenceNormalised } from '../models/sliceEmbedding';
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
  /** The learner's slice, or the whole embedding normalised as the reference does with `slices` slices. */
  target: { slice: number; of: number } | { whole: true; slices: number };
  random: SeededRandom;
}

export interface StepResult {
  /** NaN or infinite: the weights were left as they were. */
  loss: number;
  /** Mined pairs or triplets whose loss term is non-zero, and how many were mined. */
  nonZeroTerms: number;
  terms: number;
  /** Sum of the mined anchor-negative distances, and their count. */
  negativeDistanceSum: number;
  negatives: number;
}

export function trainStep(input: TrainStepInput): StepResult {
  const { model, loss, miner, images, labels, target, random } = input;
  const result: StepResult = { loss: 0, nonZeroTerms: 0, terms: 0, negativeDistanceSum: 0, negatives: 0 };
  const { value, grads } = tf.variableGrads(() => {
    const { embedding } = model.apply(images, true);
    const vectors = 'whole' in target ? referenceNormalised(embedding, target.slices) : normalisedSlice(embedding, target.of, target.slice);
    // Mining reads the batch's distances (B x B, small) once; the loss then uses the indices.
    const distances = tensorDistanceMatrix(vectors);
    const values = distances.dataSync() as Float32Array;
    const triplets = miner.mine(values, labels, random);
    distances.dispose();
    triplets.anchors.forEach((anchor, t) => (result.negativeDistanceSum += values[anchor * labels.length + triplets.negatives[t]!]!));
    result.negatives = triplets.anchors.length;
    if (triplets.anchors.length === 0) return tf.mul(tf.sum(vectors), 0) as tf.Scalar;
    return loss.compute(vectors, labels, triplets, (nonZero, total) => {
      result.nonZeroTerms = nonZero;
      result.terms = total;
    });
  }, input.optimizer.variables());
  result.loss = value.dataSync()[0]!;
  if (Number.isFinite(result.loss)) input.optimizer.apply(grads);
  tf.dispose(value);
  tf.dispose(grads);
  return result;
}
