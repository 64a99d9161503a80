import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '../../random/seededRandom';
import { initialiseWasmBackend } from '../backends/initialiseWasmBackend';
import { BatchNormalization } from './batchNormalization';
import { Convolution } from './convolution';
import { convolutionWithNorm } from './convolutionWithNorm';
import { VariableRegistry } from './variableRegistry';

test('inference folds batch norm into the convolution: same result as conv then norm (cpu and wasm)', async () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    if (backend === 'wasm') assert.ok((await initialiseWasmBackend(null)).loaded);
    else await tf.setBackend('cpu');
    const random = new SeededRandom(21);
    const registry = new VariableRegistry();
    for (const stride of [1, 2]) {
      const conv = new Convolution(registry, `conv${stride}`, random, 3, 3, 5, stride);
      const norm = new BatchNormalization(registry, `norm${stride}`, 5);
      const images = () => tf.tensor4d(Float32Array.from({ length: 2 * 9 * 8 * 3 }, () => random.normal()), [2, 9, 8, 3]);
      // Two training passes give the running statistics non-trivial values.
      norm.apply(conv.apply(images()), true);
      norm.apply(conv.apply(images()), true);
      const x = images();
      for (const relu of [false, true]) {
        const unfolded = norm.apply(conv.apply(x), false);
        const expected = (relu ? tf.relu(unfolded) : unfolded).dataSync();
        const actual = convolutionWithNorm(conv, norm, x, false, relu).dataSync();
        let error = 0;
        expected.forEach((value, i) => (error = Math.max(error, Math.abs(value - actual[i]!))));
        assert.ok(error < 1e-4, `${backend} stride ${stride} relu ${relu}: ${error}`);
        if (relu) assert.ok(Array.from(actual).some((value) => value === 0) && Array.from(actual).some((value) => value > 0));
      }
    }
    registry.dispose();
  }
});
