import * as tf from '@tensorflow/tfjs';
import { tensorPairDistances } from '../distances/tensorPairDistances';
import type { MinedTriplets } from '../miners/miner';
import { averageOverNonZero, type NonZeroReport } from './averageOverNonZero';
import type { MetricLoss } from './metricLoss';

/** Triplet loss max(0, d(a,p) - d(a,n) + margin), averaged over the non-zero triplets. */
export class TripletLoss implements MetricLoss {
  constructor(readonly margin = 0.2) {}

  compute(embeddings: tf.Tensor2D, _labels: Int32Array, triplets: MinedTriplets, report?: NonZeroReport): tf.Scalar {
    return tf.tidy(() => {
      const positive = tensorPairDistances(embeddings, triplets.anchors, triplets.positives);
      const negative = tensorPairDistances(embeddings, triplets.anchors, triplets.negatives);
      return averageOverNonZero([tf.relu(tf.add(tf.sub(positive, negative), this.margin))], null, report);
    });
  }

  extraVariables(): { variables: tf.Variable[]; learningRate: number } {
    return { variables: [], learningRate: 0 };
  }

  dispose(): void {}
}
