import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { tensorPairDistances } from './tensorPairDistances';

test('distances of index pairs', async () => {
  await tf.setBackend('cpu');
  const points = tf.tensor2d([[0, 0], [3, 4], [0, 1]]);
  const distances = tensorPairDistances(points, Int32Array.of(0, 1, 2), Int32Array.of(1, 2, 2)).arraySync();
  assert.ok(Math.abs(distances[0]! - 5) < 1e-5);
  assert.ok(Math.abs(distances[1]! - Math.sqrt(18)) < 1e-5);
  assert.ok(Math.abs(distances[2]! - 1e-4) < 1e-6, 'same point: sqrt(1e-8)');
  assert.throws(() => tensorPairDistances(points, Int32Array.of(0), Int32Array.of()), /1 first and 0 second/);
  points.dispose();
});
