import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random/seededRandom';

/** He (Kaiming) normal initial values for a layer followed by ReLU, drawn from the seeded generator. */
export function heNormal(random: SeededRandom, shape: number[], fanIn: number): tf.Tensor {
  const size = shape.reduce((product, dimension) => product * dimension, 1);
  const values = new Float32Array(size);
  const scale = Math.sqrt(2 / fanIn);
  for (let i = 0; i < size; i++) values[i] = random.normal() * scale;
  return tf.tensor(values, shape, 'float32');
}
