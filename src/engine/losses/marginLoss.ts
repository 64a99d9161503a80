import * as tf from '@tensorflow/tfjs';
import { tensorPairDistances } from '../distances/tensorPairDistances';
import type { MinedTriplets } from '../miners/miner';
import { averageOverNonZero, type NonZeroReport } from './averageOverNonZero';
import type { MetricLoss } from './metricLoss';

export interface MarginLossOptions {
  /** alpha: half the gap between positive and negative pairs. */
  margin?: number;
  /** beta: the boundary between positive and negative distances (initial value when learnt). */
  beta?: number;
  learnBeta?: boolean;
  /** One beta per class (beta of the anchor's class), learnt. */
  classSpecificBeta?: boolean;
  betaLearningRate?: number;
  /** Weight of the nu * beta regulariser (learnt beta only). */
  nu?: number;
  /** Classes, for class-specific beta: labels must lie in 0..numClasses-1. */
  numClasses?: number;
}

/**
 * Margin loss (Wu et al. 2017). Each triplet gives the pair (a,p) with y = +1 and (a,n) with
 * y = -1, l = max(0, alpha + y (D - beta)); the loss is the sum over pairs (plus
 * nu * the beta of each triplet, when beta is learnt) divided by the number of non-zero
 * pairs. Pairs are not deduplicated: an (a,p) repeated by the miner counts once per triplet.
 */
export class MarginLoss implements MetricLoss {
  readonly margin: number;
  readonly nu: number;
  readonly betaLearningRate: number;
  private readonly fixedBeta: number;
  private readonly betaVariable: tf.Variable | null;
  private readonly numClasses: number;

  constructor({ margin = 0.2, beta = 1.2, learnBeta = false, classSpecificBeta = false, betaLearningRate = 0.1, nu = 0, numClasses = 1 }: MarginLossOptions = {}) {
    if (classSpecificBeta && (!Number.isInteger(numClasses) || numClasses < 1)) throw new Error(`MarginLoss: class-specific beta needs numClasses >= 1, got ${numClasses}`);
    this.margin = margin;
    this.nu = nu;
    this.betaLearningRate = betaLearningRate;
    this.fixedBeta = beta;
    this.numClasses = numClasses;
    this.betaVariable = classSpecificBeta
      ? tf.variable(tf.fill([numClasses], beta), true, undefined, 'float32')
      : learnBeta
        ? tf.variable(tf.scalar(beta), true, undefined, 'float32')
        : null;
  }

  /** Current beta values: one per class, one global, or the fixed value. */
  betaValues(): Float32Array {
    return this.betaVariable === null ? Float32Array.of(this.fixedBeta) : (this.betaVariable.dataSync() as Float32Array).slice();
  }

  compute(embeddings: tf.Tensor2D, labels: Int32Array, triplets: MinedTriplets, report?: NonZeroReport): tf.Scalar {
    return tf.tidy(() => {
      const positive = tensorPairDistances(embeddings, triplets.anchors, triplets.positives);
      const negative = tensorPairDistances(embeddings, triplets.anchors, triplets.negatives);
      let beta: tf.Tensor;
      if (this.betaVariable === null) {
        beta = tf.scalar(this.fixedBeta);
      } else if (this.betaVariable.rank === 0) {
        beta = this.betaVariable;
      } else {
        const anchorClasses = Int32Array.from(triplets.anchors, (anchor) => {
          const label = labels[anchor]!;
          if (!(label >= 0 && label < this.numClasses)) throw new Error(`MarginLoss: label ${label} outside 0..${this.numClasses - 1} for class-specific beta`);
          return label;
        });
        beta = tf.gather(this.betaVariable, tf.tensor1d(anchorClasses, 'int32'));
      }
      const positiveTerms = tf.relu(tf.add(tf.sub(positive, beta), this.margin));
      const negativeTerms = tf.relu(tf.add(tf.sub(beta, negative), this.margin));
      const regulariser =
        this.betaVariable !== null && this.nu !== 0 && triplets.anchors.length > 0
          ? (tf.mul(tf.sum(tf.mul(tf.onesLike(positive), beta)), this.nu) as tf.Scalar)
          : null;
      return averageOverNonZero([positiveTerms, negativeTerms], regulariser, report);
    });
  }

  extraVariables(): { variables: tf.Variable[]; learningRate: number } {
    return { variables: this.betaVariable === null ? [] : [this.betaVariable], learningRate: this.betaLearningRate };
  }

  dispose(): void {
    this.betaVariable?.dispose();
  }
}
