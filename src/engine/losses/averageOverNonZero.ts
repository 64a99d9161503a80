import * as tf from '@tensorflow/tfjs';

/** Receives how many of a batch's loss terms (pairs or triplets) are non-zero, of how many. */
export type NonZeroReport = (nonZero: number, total: number) => void;

/**
 * (sum of all terms + extra) / number of terms > 0, the count at least 1 (pytorch-metric-
 * learning's AvgNonZeroReducer; Wu et al.'s pair count). The count carries no gradient.
 */
export function averageOverNonZero(terms: tf.Tensor[], extra: tf.Scalar | null = null, report?: NonZeroReport): tf.Scalar {
  return tf.tidy(() => {
    let total: tf.Tensor = extra ?? tf.scalar(0);
    let count: tf.Tensor = tf.scalar(0);
    for (const term of terms) {
      total = tf.add(total, tf.sum(term));
      count = tf.add(count, tf.sum(tf.step(term)));
    }
    report?.(count.dataSync()[0]!, terms.reduce((sum, term) => sum + term.size, 0));
    return tf.div(total, tf.maximum(count, 1)) as tf.Scalar;
  });
}
