import type * as tf from '@tensorflow/tfjs';
import type { BatchNormStatistics } from './batchNormalization';
import type { NamedWeight } from './namedWeight';

/** What the embedding head needs of a backbone: pooled features per image. Weight names start with "backbone/". */
export interface Backbone {
  apply(x: tf.Tensor4D, training: boolean): tf.Tensor2D;
  readonly featureSize: number;
  readonly trainableVariables: tf.Variable[];
  /** What batch norm does in training-mode forwards from now on (see BatchNormalization). */
  setBatchNormStatistics(mode: BatchNormStatistics): void;
  saveWeights(): NamedWeight[];
  loadWeights(weights: NamedWeight[]): void;
  dispose(): void;
}
