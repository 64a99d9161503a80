import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random/seededRandom';

/** Glorot (Xavier) uniform initial values for a dense layer, drawn from the seeded generator. */
export function glorotUniform(random: SeededRandom, fanIn: number, fanOut: number): tf.Tensor2D {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const values = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < values.length; i++) values[i] = random.uniform(-limit, limit);
  return tf.tensor2d(values, [fanIn, fanOut], 'float32');
}
