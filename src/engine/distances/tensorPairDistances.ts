import * as tf from '@tensorflow/tfjs';
import { DISTANCE_EPSILON } from './tensorDistanceMatrix';

/** Differentiable distances sqrt(|x_first - x_second|^2 + 1e-8) of the index pairs (first[t], second[t]). */
export function tensorPairDistances(embeddings: tf.Tensor2D, first: Int32Array, second: Int32Array): tf.Tensor1D {
  if (first.length !== second.length) throw new Error(`pairDistances: ${first.length} first and ${second.length} second indices`);
  return tf.tidy(() => {
    const difference = tf.sub(tf.gather(embeddings, tf.tensor1d(first, 'int32')), tf.gather(embeddings, tf.tensor1d(second, 'int32')));
    return tf.sqrt(tf.add(tf.sum(tf.square(difference), 1), DISTANCE_EPSILON)) as tf.Tensor1D;
  });
}
