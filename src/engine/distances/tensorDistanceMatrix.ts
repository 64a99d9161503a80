import * as tf from '@tensorflow/tfjs';

/** Keeps sqrt differentiable at zero distance (method.md: D = sqrt(sum sq + 1e-8)). */
export const DISTANCE_EPSILON = 1e-8;

/**
 * Differentiable Euclidean distance matrix [B, B] of the rows of `embeddings` [B, d]:
 * sqrt(max(0, |x_i|^2 + |x_j|^2 - 2 x_i.x_j) + 1e-8), so the diagonal is 1e-4, not 0.
 */
export function tensorDistanceMatrix(embeddings: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const squaredNorms = tf.sum(tf.square(embeddings), 1, true);
    const products = tf.matMul(embeddings, embeddings, false, true);
    const squared = tf.relu(tf.sub(tf.add(squaredNorms, tf.transpose(squaredNorms)), tf.mul(products, 2)));
    return tf.sqrt(tf.add(squared, DISTANCE_EPSILON)) as tf.Tensor2D;
  });
}
