import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchClusters } from './matchClusters';

test('a 3-cycle relabelling comes back exactly (the reference code applies the inverse)', () => {
  const previous = Int32Array.of(0, 0, 1, 1, 1, 2, 2, 2, 2);
  // The same partition with new ids permuted 0->1, 1->2, 2->0.
  const next = Int32Array.from(previous, (cluster) => (cluster + 1) % 3);
  assert.deepEqual(Array.from(matchClusters(previous, next, 3)), Array.from(previous));
});

test('each new cluster takes the label of the old cluster it overlaps most', () => {
  const previous = Int32Array.of(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2);
  // New cluster 2 holds most of old 0, new 0 most of old 1, new 1 most of old 2; items 3 and 7 moved.
  const next = Int32Array.of(2, 2, 2, 0, 0, 0, 0, 1, 1, 1, 1, 1);
  assert.deepEqual(Array.from(matchClusters(previous, next, 3)), [0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
  assert.throws(() => matchClusters(Int32Array.of(0), Int32Array.of(3), 3), /item 0 has cluster 0 -> 3/);
});
