import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emaSmoothing } from './emaSmoothing';

test('weight 0 leaves the values as they are', () => {
  assert.deepEqual(emaSmoothing([3, 1, 2], 0), [3, 1, 2]);
});

test('debiased EMA: the first point is the value itself, later points weigh recent values more', () => {
  const smoothed = emaSmoothing([1, 2, 3], 0.6);
  assert.equal(smoothed[0], 1);
  // (0.6*0.4*1 + 0.4*2) / (1 - 0.6^2)
  assert.ok(Math.abs(smoothed[1]! - 1.625) < 1e-12);
  // (0.36*1 + 0.6*2 + 1*3) / (0.36 + 0.6 + 1)
  assert.ok(Math.abs(smoothed[2]! - 4.56 / 1.96) < 1e-12);
});

test('a constant series stays constant at any weight (no pull towards zero)', () => {
  for (const weight of [0.3, 0.9, 0.99]) {
    for (const value of emaSmoothing([5, 5, 5, 5, 5], weight)) assert.ok(Math.abs(value - 5) < 1e-9);
  }
});

test('NaN passes through and does not poison later points', () => {
  const smoothed = emaSmoothing([2, Number.NaN, 2], 0.5);
  assert.equal(smoothed[0], 2);
  assert.ok(Number.isNaN(smoothed[1]));
  assert.ok(Math.abs(smoothed[2]! - 2) < 1e-12);
});
