import * as tf from '@tensorflow/tfjs';
import { tensorPairDistances } from '../distances/tensorPairDistances';
import type { MinedTriplets } from '../miners/miner';
import { averageOverNonZero, type NonZeroReport } from './averageOverNonZero';
import type { MetricLoss } from './metricLoss';

/**
 * Contrastive loss: d^2 for each positive pair (a,p), max(0, margin - d)^2 for each negative
 * pair (a,n), averaged over the non-zero terms. Pairs come from the triplets, not deduplicated.
 */
export class ContrastiveLoss implements MetricLoss {
  constructor(readonly margin = 1) {}

  compute(embeddings: tf.Tensor2D, _labels: Int32Array, triplets: MinedTriplets, report?: NonZeroReport): tf.Scalar {
    return tf.tidy(() => {
      const positive = tensorPairDistances(embeddings, triplets.anchors, triplets.positives);
      const negative = tensorPairDistances(embeddings, triplets.anchors, triplets.negatives);
      return averageOverNonZero([tf.square(positive), tf.square(tf.relu(tf.sub(this.margin, negative)))], null, report);
    });
  }

  extraVariables(): { variables: tf.Variable[]; learningRate: number } {
    return { variables: [], learningRate: 0 };
  }

  dispose(): void {}
}
