import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { averageOverNonZero } from './averageOverNonZero';

test('sum plus extra over the count of positive terms; no positive term divides by 1', async () => {
  await tf.setBackend('cpu');
  const value = averageOverNonZero([tf.tensor1d([0, 2, 0]), tf.tensor1d([1])], tf.scalar(0.5)).dataSync()[0]!;
  assert.equal(value, (2 + 1 + 0.5) / 2);
  assert.equal(averageOverNonZero([tf.tensor1d([0, 0])], tf.scalar(0.3)).dataSync()[0], Math.fround(0.3));
  // The count carries no gradient: d/dx of (x0 + x1) / 2 is 1/2 each.
  const gradient = tf.grad((x: tf.Tensor) => averageOverNonZero([x]))(tf.tensor1d([1, 3])).dataSync();
  assert.deepEqual(Array.from(gradient), [0.5, 0.5]);
});

test('reports how many terms are non-zero, of how many', async () => {
  await tf.setBackend('cpu');
  const reports: Array<[number, number]> = [];
  averageOverNonZero([tf.tensor1d([0, 2, 0]), tf.tensor1d([1, 0])], null, (nonZero, total) => reports.push([nonZero, total]));
  assert.deepEqual(reports, [[2, 5]]);
});
