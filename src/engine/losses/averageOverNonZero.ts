import * as tf from '@tensorflow/tfjs';

/**
 * (sum of all terms + extra) / number of terms > 0, the count at least 1 (pytorch-metric-
 * learning's AvgNonZeroReducer; Wu et al.'s pair count). The count carries no gradient.
 */
export function averageOverNonZero(terms: tf.Tensor[], extra: tf.Scalar | null = null): tf.Scalar {
  return tf.tidy(() => {
    let total: tf.Tensor = extra ?? tf.scalar(0);
    let count: tf.Tensor = tf.scalar(0);
    for (const term of terms) {
      total = tf.add(total, tf.sum(term));
      count = tf.add(count, tf.sum(tf.step(term)));
    }
    return tf.div(total, tf.maximum(count, 1)) as tf.Scalar;
  });
}
