import * as tf from '@tensorflow/tfjs';
import { channelMean } from './channelMean';
import type { VariableRegistry } from './variableRegistry';

/**
 * Batch normalisation over the channel (last) axis with a hand-written gradient. On wasm,
 * tf.batchNorm's gradient spends about a second a step in Tile, and the gradients of
 * broadcasting ops reduce over the batch and spatial axes, which transposes the whole
 * tensor; here every per-channel reduction is a `channelMean` (a pooling) and the rest
 * are broadcasting element-wise ops. Running statistics follow PyTorch
 * (momentum 0.1, unbiased variance).
 *
 * `statistics` says what a training-mode forward does (divide and conquer needs the last two,
 * method.md decision 9): `batch` normalises with the batch's statistics and moves the running
 * ones; `frozen` normalises with the running statistics and leaves them as they are (gamma and
 * beta still learn); `reestimating` normalises with the batch's statistics and makes the
 * running ones the plain average over the batches since `beginReestimation`.
 */
export type BatchNormStatistics = 'batch' | 'frozen' | 'reestimating';

export class BatchNormalization {
  private mode: BatchNormStatistics = 'batch';
  private reestimatedBatches = 0;

  private readonly gamma: tf.Variable;
  private readonly beta: tf.Variable;
  private readonly runningMean: tf.Variable;
  private readonly runningVariance: tf.Variable;

  constructor(
    registry: VariableRegistry,
    name: string,
    readonly channels: number,
    private readonly momentum = 0.1,
    private readonly epsilon = 1e-5,
  ) {
    this.gamma = registry.add(`${name}/gamma`, tf.ones([channels]), true);
    this.beta = registry.add(`${name}/beta`, tf.zeros([channels]), true);
    this.runningMean = registry.add(`${name}/runningMean`, tf.zeros([channels]), false);
    this.runningVariance = registry.add(`${name}/runningVariance`, tf.ones([channels]), false);
  }

  get statistics(): BatchNormStatistics {
    return this.mode;
  }

  set statistics(mode: BatchNormStatistics) {
    if (mode === 'reestimating' && this.mode !== 'reestimating') {
      this.reestimatedBatches = 0;
      this.runningMean.assign(tf.zerosLike(this.runningMean));
      this.runningVariance.assign(tf.zerosLike(this.runningVariance));
    }
    this.mode = mode;
  }

  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    if (!training || this.mode === 'frozen') {
      return tf.tidy(() => {
        const { scale, shift } = this.inferenceAffine();
        return tf.add(tf.mul(x, scale), shift);
      });
    }
    return this.normaliseBatch(x, this.gamma, this.beta) as tf.Tensor4D;
  }

  /** Inference-mode normalisation as y = x * scale + shift per channel (from the running statistics). */
  inferenceAffine(): { scale: tf.Tensor1D; shift: tf.Tensor1D } {
    return tf.tidy(() => {
      const scale = tf.mul(this.gamma, tf.rsqrt(tf.add(this.runningVariance, this.epsilon))) as tf.Tensor1D;
      return { scale, shift: tf.sub(this.beta, tf.mul(this.runningMean, scale)) as tf.Tensor1D };
    });
  }

  private readonly normaliseBatch = tf.customGrad((...args: unknown[]) => {
    const [x, gamma, beta, save] = args as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
    const count = x.size / this.channels;
    const mean = channelMean(x);
    const centred = tf.sub(x, mean);
    const variance = channelMean(tf.square(centred) as tf.Tensor4D);
    this.updateRunningStatistics(mean, variance, count);
    const inverseStd = tf.rsqrt(tf.add(variance, this.epsilon));
    const normalised = tf.mul(centred, inverseStd);
    const value = tf.add(tf.mul(normalised, gamma), beta);
    save([normalised, inverseStd, gamma]);
    return {
      value,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [savedNormalised, savedInverseStd, savedGamma] = saved as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D];
        const upstream = dy as tf.Tensor4D;
        const dyMean = channelMean(upstream);
        const dyNormalisedMean = channelMean(tf.mul(upstream, savedNormalised) as tf.Tensor4D);
        // dx = gamma/std * (dy - mean(dy) - xhat * mean(dy * xhat)), folded into dy*a + xhat*b + c.
        const a = tf.mul(savedGamma, savedInverseStd);
        const b = tf.neg(tf.mul(a, dyNormalisedMean));
        const c = tf.neg(tf.mul(a, dyMean));
        const dx = tf.add(tf.add(tf.mul(upstream, a), tf.mul(savedNormalised, b)), c);
        return [dx, tf.mul(dyNormalisedMean, count), tf.mul(dyMean, count)];
      },
    };
  });

  private updateRunningStatistics(mean: tf.Tensor, variance: tf.Tensor, count: number): void {
    const unbiased = count > 1 ? count / (count - 1) : 1;
    // Re-estimation averages the batches seen so far: the n-th weighs 1/n.
    const momentum = this.mode === 'reestimating' ? 1 / ++this.reestimatedBatches : this.momentum;
    tf.tidy(() => {
      const keep = 1 - momentum;
      this.runningMean.assign(tf.add(tf.mul(this.runningMean, keep), tf.mul(mean, momentum)));
      this.runningVariance.assign(tf.add(tf.mul(this.runningVariance, keep), tf.mul(variance, momentum * unbiased)));
    });
  }
}
