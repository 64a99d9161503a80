import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '../../random/seededRandom';
import { planEpoch } from './roundRobinEpoch';

const labels = Int32Array.from({ length: 40 }, (_, i) => Math.floor(i / 4));

test('clusters are visited round-robin; every batch is P x m from its cluster', () => {
  // Cluster 0: classes 0-4 (20 images); cluster 1: classes 5-8 (16 images); cluster 2: one image per class.
  const clusters = [Array.from({ length: 20 }, (_, i) => i), Array.from({ length: 16 }, (_, i) => 20 + i), [37, 38, 39, 36].slice(0, 1)];
  const batches = planEpoch(clusters, labels, 2, 4, null, new SeededRandom(9));
  // 37 images / (2 x 4) = 5 batches, the single-image cluster included in the rotation.
  assert.deepEqual(batches.map((batch) => batch.cluster), [0, 1, 2, 0, 1]);
  for (const batch of batches) {
    assert.equal(batch.indices.length, 8);
    assert.ok(batch.indices.every((image) => clusters[batch.cluster]!.includes(image)));
  }
  assert.equal(planEpoch(clusters, labels, 2, 4, 7, new SeededRandom(9)).length, 7);
});

test('equal budget: the same images give the same number of equal batches for every K', () => {
  // 10 identities x 4 photos with 1-photo identities mixed in (the shape that starved K > 1 before).
  const mixed = Int32Array.from({ length: 46 }, (_, i) => (i < 40 ? Math.floor(i / 4) : 10 + i - 40));
  const all = Array.from({ length: 46 }, (_, i) => i);
  const divide = (k: number) => Array.from({ length: k }, (_, c) => all.filter((i) => i % k === c));
  const sizes = [1, 2, 4, 8].map((k) => planEpoch(divide(k), mixed, 4, 4, null, new SeededRandom(k)).map((batch) => batch.indices.length));
  for (const batchSizes of sizes) assert.deepEqual(batchSizes, sizes[0], 'same count and size of batches as K = 1');
  assert.deepEqual(sizes[0], [16, 16, 16]);
});

test('the same seed plans the same epoch; bad settings are named', () => {
  const clusters = [Array.from({ length: 40 }, (_, i) => i)];
  assert.deepEqual(planEpoch(clusters, labels, 3, 2, 4, new SeededRandom(1)), planEpoch(clusters, labels, 3, 2, 4, new SeededRandom(1)));
  assert.throws(() => planEpoch(clusters, labels, 3, 2, 0, new SeededRandom(1)), /batchesPerEpoch/);
  assert.throws(() => planEpoch([[]], labels, 3, 2, null, new SeededRandom(1)), /every cluster is empty/);
});
