import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { tensorDistanceMatrix } from './tensorDistanceMatrix';

test('pairwise distances of three points match sqrt(d^2 + 1e-8)', async () => {
  await tf.setBackend('cpu');
  const points = tf.tensor2d([[0, 0], [3, 4], [0, 1]]);
  const distances = tensorDistanceMatrix(points).arraySync();
  const expected = [
    [0, 25, 1],
    [25, 0, 9 + 9],
    [1, 18, 0],
  ].map((row) => row.map((squared) => Math.sqrt(squared + 1e-8)));
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) assert.ok(Math.abs(distances[i]![j]! - expected[i]![j]!) < 1e-5, `D[${i}][${j}] = ${distances[i]![j]}`);
  points.dispose();
});

test('the gradient of a distance is the unit difference vector, and finite at zero distance', async () => {
  await tf.setBackend('cpu');
  const points = tf.tensor2d([[0, 0], [3, 4], [3, 4]]);
  // d D[0][1] / d x_1 = (x_1 - x_0) / |x_1 - x_0| = (0.6, 0.8); D[1][2] = 0 must not give NaN.
  const gradient = tf.grad((x: tf.Tensor) => {
    const d = tensorDistanceMatrix(x as tf.Tensor2D);
    return tf.add(d.slice([0, 1], [1, 1]).sum(), d.slice([1, 2], [1, 1]).sum());
  })(points).arraySync() as number[][];
  assert.ok(Math.abs(gradient[1]![0]! - 0.6) < 1e-3 && Math.abs(gradient[1]![1]! - 0.8) < 1e-3, `gradient ${JSON.stringify(gradient)}`);
  assert.ok(gradient.flat().every(Number.isFinite));
  points.dispose();
});
