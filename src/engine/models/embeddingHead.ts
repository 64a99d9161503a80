import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random/seededRandom';
import { glorotUniform } from './glorotUniform';
import type { VariableRegistry } from './variableRegistry';

/** The dense layer from backbone features to the d-dimensional (raw, un-normalised) embedding. */
export class EmbeddingHead {
  private readonly kernel: tf.Variable;
  private readonly bias: tf.Variable;

  constructor(registry: VariableRegistry, random: SeededRandom, featureSize: number, embeddingSize: number) {
    this.kernel = registry.add('head/kernel', glorotUniform(random, featureSize, embeddingSize), true);
    this.bias = registry.add('head/bias', tf.zeros([embeddingSize]), true);
  }

  apply(features: tf.Tensor2D): tf.Tensor2D {
    // Kernel stored as [in, out]: matMul against a transposed operand is ~10x slower on wasm.
    return tf.add(tf.matMul(features, this.kernel as tf.Tensor2D), this.bias);
  }
}
