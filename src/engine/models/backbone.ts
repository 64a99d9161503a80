import type * as tf from '@tensorflow/tfjs';
import type { NamedWeight } from './namedWeight';

/** What the embedding head needs of a backbone: pooled features per image. Weight names start with "backbone/". */
export interface Backbone {
  apply(x: tf.Tensor4D, training: boolean): tf.Tensor2D;
  readonly featureSize: number;
  readonly trainableVariables: tf.Variable[];
  saveWeights(): NamedWeight[];
  loadWeights(weights: NamedWeight[]): void;
  dispose(): void;
}
