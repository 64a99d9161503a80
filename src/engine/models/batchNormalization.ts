import * as tf from '@tensorflow/tfjs';
import type { VariableRegistry } from './variableRegistry';

/**
 * Batch normalisation over the channel (last) axis, written with broadcasting ops: the
 * gradient of tf.batchNorm spends about a second a step in Tile on wasm. Running statistics
 * are updated in training mode (PyTorch's convention: momentum 0.1, unbiased variance).
 */
export class BatchNormalization {
  private readonly gamma: tf.Variable;
  private readonly beta: tf.Variable;
  private readonly runningMean: tf.Variable;
  private readonly runningVariance: tf.Variable;

  constructor(
    registry: VariableRegistry,
    name: string,
    channels: number,
    private readonly momentum = 0.1,
    private readonly epsilon = 1e-5,
  ) {
    this.gamma = registry.add(`${name}/gamma`, tf.ones([channels]), true);
    this.beta = registry.add(`${name}/beta`, tf.zeros([channels]), true);
    this.runningMean = registry.add(`${name}/runningMean`, tf.zeros([channels]), false);
    this.runningVariance = registry.add(`${name}/runningVariance`, tf.ones([channels]), false);
  }

  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    if (!training) {
      const scale = tf.mul(this.gamma, tf.rsqrt(tf.add(this.runningVariance, this.epsilon)));
      return tf.add(tf.mul(tf.sub(x, this.runningMean), scale), this.beta);
    }
    const axes = [0, 1, 2];
    const mean = tf.mean(x, axes);
    const centred = tf.sub(x, mean);
    const variance = tf.mean(tf.square(centred), axes);
    this.updateRunningStatistics(mean, variance, x.size / x.shape[3]);
    const scale = tf.mul(this.gamma, tf.rsqrt(tf.add(variance, this.epsilon)));
    return tf.add(tf.mul(centred, scale), this.beta);
  }

  private updateRunningStatistics(mean: tf.Tensor, variance: tf.Tensor, count: number): void {
    const unbiased = count > 1 ? count / (count - 1) : 1;
    tf.tidy(() => {
      const keep = 1 - this.momentum;
      this.runningMean.assign(tf.add(tf.mul(this.runningMean, keep), tf.mul(mean, this.momentum)));
      this.runningVariance.assign(tf.add(tf.mul(this.runningVariance, keep), tf.mul(variance, this.momentum * unbiased)));
    });
  }
}
