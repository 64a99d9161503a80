import { test } from 'node:test';
import assert from 'node:assert/strict';
import { squaredNorms } from './squaredNorms';

test('squared norm of each row', () => {
  assert.deepEqual(Array.from(squaredNorms(Float32Array.of(3, 4, 1, 2, 0, 0), 3, 2)), [25, 5, 0]);
});
