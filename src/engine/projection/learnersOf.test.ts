import { test } from 'node:test';
import assert from 'node:assert/strict';
import { learnersOf } from './learnersOf';

test('training images keep their cluster; others go to the nearest cluster centre', () => {
  // 1-D: cluster 0 around 0, cluster 1 around 10; two evaluated images at 2 and 9.
  const values = Float32Array.from([0, 1, 10, 11, 2, 9]);
  assert.deepEqual(learnersOf(values, 1, [0, 0, 1, 1, -1, -1]), [0, 0, 1, 1, 0, 1]);
});

test('without any training image no learner is known', () => {
  assert.deepEqual(learnersOf(Float32Array.from([1, 2]), 1, [-1, -1]), [-1, -1]);
});
