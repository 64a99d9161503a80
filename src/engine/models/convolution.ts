import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random/seededRandom';
import { heNormal } from './heNormal';
import type { VariableRegistry } from './variableRegistry';

/** A bias-free 'same'-padded convolution (batch normalisation follows it, so a bias would be redundant). */
export class Convolution {
  private readonly filter: tf.Variable;

  constructor(
    registry: VariableRegistry,
    name: string,
    random: SeededRandom,
    readonly kernelSize: number,
    inChannels: number,
    readonly outChannels: number,
    readonly stride = 1,
  ) {
    const shape = [kernelSize, kernelSize, inChannels, outChannels];
    this.filter = registry.add(`${name}/filter`, heNormal(random, shape, kernelSize * kernelSize * inChannels), true);
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    return tf.conv2d(x, this.filter as tf.Tensor4D, this.stride, 'same');
  }

  /**
   * This convolution followed by a per-channel y * scale + shift (an inference-mode batch
   * norm) and optionally ReLU, as one fused kernel: the filter is scaled per output channel
   * and the shift becomes the bias, which saves two or three passes over the activations.
   */
  applyFolded(x: tf.Tensor4D, affine: { scale: tf.Tensor1D; shift: tf.Tensor1D }, relu: boolean): tf.Tensor4D {
    return tf.tidy(() =>
      tf.fused.conv2d({
        x,
        filter: tf.mul(this.filter, affine.scale) as tf.Tensor4D,
        strides: this.stride,
        pad: 'same',
        bias: affine.shift,
        activation: relu ? 'relu' : 'linear',
      }),
    );
  }
}
