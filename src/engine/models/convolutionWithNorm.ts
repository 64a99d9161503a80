import * as tf from '@tensorflow/tfjs';
import type { BatchNormalization } from './batchNormalization';
import type { Convolution } from './convolution';

/**
 * conv -> batch norm (-> ReLU). Training normalises with the batch statistics; inference
 * folds the running statistics into the convolution (one fused kernel).
 */
export function convolutionWithNorm(conv: Convolution, norm: BatchNormalization, x: tf.Tensor4D, training: boolean, relu: boolean): tf.Tensor4D {
  if (!training) return tf.tidy(() => conv.applyFolded(x, norm.inferenceAffine(), relu));
  const normalised = norm.apply(conv.apply(x), true);
  return relu ? tf.relu(normalised) : normalised;
}
