import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterUsage } from './clusterUsage';

test('counts batches, distinct images and distinct classes per cluster', () => {
  const labels = Int32Array.of(0, 0, 1, 1, 2, 2);
  const usage = clusterUsage(
    [
      { cluster: 0, indices: [0, 1, 2, 2] },
      { cluster: 0, indices: [0, 0, 3, 3] },
      { cluster: 2, indices: [4, 5, 4, 5] },
    ],
    labels,
    3,
  );
  assert.deepEqual(usage, [
    { cluster: 0, batches: 2, images: 4, classes: 2 },
    { cluster: 1, batches: 0, images: 0, classes: 0 },
    { cluster: 2, batches: 1, images: 2, classes: 1 },
  ]);
});
