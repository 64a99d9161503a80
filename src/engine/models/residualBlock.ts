import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random/seededRandom';
import { BatchNormalization } from './batchNormalization';
import { Convolution } from './convolution';
import { convolutionWithNorm } from './convolutionWithNorm';
import type { VariableRegistry } from './variableRegistry';

/** Basic residual block (He et al. 2016): two conv3x3 + batch norm, a projection shortcut when the shape changes. */
export class ResidualBlock {
  private readonly conv1: Convolution;
  private readonly norm1: BatchNormalization;
  private readonly conv2: Convolution;
  private readonly norm2: BatchNormalization;
  private readonly projection: { conv: Convolution; norm: BatchNormalization } | null;

  constructor(registry: VariableRegistry, name: string, random: SeededRandom, inChannels: number, outChannels: number, stride: number) {
    this.conv1 = new Convolution(registry, `${name}/conv1`, random, 3, inChannels, outChannels, stride);
    this.norm1 = new BatchNormalization(registry, `${name}/norm1`, outChannels);
    this.conv2 = new Convolution(registry, `${name}/conv2`, random, 3, outChannels, outChannels);
    this.norm2 = new BatchNormalization(registry, `${name}/norm2`, outChannels);
    this.projection =
      stride !== 1 || inChannels !== outChannels
        ? {
            conv: new Convolution(registry, `${name}/projection`, random, 1, inChannels, outChannels, stride),
            norm: new BatchNormalization(registry, `${name}/projectionNorm`, outChannels),
          }
        : null;
  }

  get norms(): BatchNormalization[] {
    return [this.norm1, this.norm2, ...(this.projection ? [this.projection.norm] : [])];
  }

  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const hidden = convolutionWithNorm(this.conv1, this.norm1, x, training, true);
    const main = convolutionWithNorm(this.conv2, this.norm2, hidden, training, false);
    const shortcut = this.projection ? convolutionWithNorm(this.projection.conv, this.projection.norm, x, training, false) : x;
    return tf.relu(tf.add(main, shortcut)) as tf.Tensor4D;
  }
}
