import type * as tf from '@tensorflow/tfjs';
import type { MinedTriplets } from '../miners/miner';
import type { NonZeroReport } from './averageOverNonZero';

/** A loss over mined triplets. Pair losses (margin, contrastive) use (a,p) as y=+1 and (a,n) as y=-1. */
export interface MetricLoss {
  /**
   * @param embeddings [B,d], already L2-normalised by the caller
   * @param labels int class ids, length B
   * @param report told how many pairs (margin, contrastive) or triplets have a non-zero loss
   * Call inside the optimizer's loss closure so that the gradient reaches the embeddings (and beta).
   */
  compute(embeddings: tf.Tensor2D, labels: Int32Array, triplets: MinedTriplets, report?: NonZeroReport): tf.Scalar;
  /** Extra trainable variables (beta) and the learning rate they use; empty when none. */
  extraVariables(): { variables: tf.Variable[]; learningRate: number };
  dispose(): void;
}
export type { MinedTriplets } from '../miners/miner';
