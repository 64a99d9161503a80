import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { normalisedSlice, normaliseSlices, referenceNormalised, sliceBounds } from './sliceEmbedding';

test('sliceBounds follows c*ceil(d/K) .. min((c+1)*ceil(d/K), d)', () => {
  assert.deepEqual([0, 1, 2, 3].map((c) => sliceBounds(128, 4, c)), [[0, 32], [32, 64], [64, 96], [96, 128]]);
  // d = 10, K = 3: ceil = 4, the last slice is shorter.
  assert.deepEqual([0, 1, 2].map((c) => sliceBounds(10, 3, c)), [[0, 4], [4, 8], [8, 10]]);
  assert.deepEqual(sliceBounds(7, 1, 0), [0, 7]);
  assert.throws(() => sliceBounds(10, 3, 3), /slice index 3 out of range/);
  assert.throws(() => sliceBounds(2, 3, 0), /cannot split an embedding of size 2 into 3 slices/);
  assert.throws(() => sliceBounds(8, 0, 0), /positive integer/);
});

test('normaliseSlices L2-normalises each slice on its own (norm sqrt(K))', async () => {
  await tf.setBackend('cpu');
  const embedding = tf.tensor2d([
    [3, 4, 0, 1, 0, 0, 2],
    [1, 1, 1, 1, 0, 5, 0],
  ]);
  // d = 7, K = 3: slices [0,3), [3,6), [6,7)
  const normalised = normaliseSlices(embedding, 3);
  const values = normalised.arraySync();
  const expected = [
    [0.6, 0.8, 0, 1, 0, 0, 1],
    [1 / Math.sqrt(3), 1 / Math.sqrt(3), 1 / Math.sqrt(3), 1 / Math.sqrt(26), 0, 5 / Math.sqrt(26), 0],
  ];
  values.forEach((row, i) => row.forEach((value, j) => assert.ok(Math.abs(value - expected[i]![j]!) < 1e-5, `[${i},${j}] ${value}`)));
  const slice = normalisedSlice(embedding, 3, 1).arraySync();
  assert.deepEqual(slice.map((row) => row.length), [3, 3]);
  assert.ok(Math.abs(slice[1]![2]! - 5 / Math.sqrt(26)) < 1e-6);
  const whole = normaliseSlices(embedding, 1).arraySync();
  assert.ok(Math.abs(whole[0]![0]! - 3 / Math.sqrt(30)) < 1e-6);
});

test('referenceNormalised: each slice normalised, then the whole (unit norm, slices in proportion)', async () => {
  await tf.setBackend('cpu');
  const embedding = tf.tensor2d([[3, 4, 0, 2]]);
  const values = referenceNormalised(embedding, 2).arraySync()[0]!;
  // Slices [0.6, 0.8] and [0, 1], then divided by sqrt(2).
  [0.6, 0.8, 0, 1].forEach((expected, j) => assert.ok(Math.abs(values[j]! - expected / Math.SQRT2) < 1e-6, `${j}: ${values[j]}`));
  assert.deepEqual(referenceNormalised(embedding, 1).arraySync(), normaliseSlices(embedding, 1).arraySync());
});
