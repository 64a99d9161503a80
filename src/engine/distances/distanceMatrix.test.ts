import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distanceMatrix } from './distanceMatrix';

test('plain distance matrix of three points, exact zero diagonal', () => {
  const distances = distanceMatrix(Float32Array.of(0, 0, 3, 4, 0, 1), 3, 2);
  assert.deepEqual(Array.from(distances, (d) => Math.round(d * 1e5) / 1e5), [0, 5, 1, 5, 0, Math.round(Math.sqrt(18) * 1e5) / 1e5, 1, Math.round(Math.sqrt(18) * 1e5) / 1e5, 0]);
  assert.throws(() => distanceMatrix(new Float32Array(5), 3, 2), /5 values for 3 x 2/);
});
