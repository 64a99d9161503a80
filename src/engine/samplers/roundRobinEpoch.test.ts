import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '../../random/seededRandom';
import { planEpoch } from './roundRobinEpoch';

const labels = Int32Array.from({ length: 40 }, (_, i) => Math.floor(i / 4));

test('clusters are visited round-robin; null batches covers every image about once', () => {
  // Cluster 0: classes 0-4 (20 images); cluster 1: classes 5-9 (20 images); cluster 2: one image per class (unusable).
  const clusters = [
    Array.from({ length: 20 }, (_, i) => i),
    Array.from({ length: 20 }, (_, i) => 20 + i),
    [0, 4, 8],
  ];
  const batches = planEpoch(clusters, labels, 2, 4, null, new SeededRandom(9));
  // 40 usable images / (2 x 4) = 5 batches.
  assert.deepEqual(batches.map((batch) => batch.cluster), [0, 1, 0, 1, 0]);
  for (const batch of batches) {
    assert.equal(batch.indices.length, 8);
    assert.ok(batch.indices.every((image) => clusters[batch.cluster]!.includes(image)));
  }
  assert.equal(planEpoch(clusters, labels, 2, 4, 7, new SeededRandom(9)).length, 7);
});

test('the same seed plans the same epoch; bad settings are named', () => {
  const clusters = [Array.from({ length: 40 }, (_, i) => i)];
  assert.deepEqual(planEpoch(clusters, labels, 3, 2, 4, new SeededRandom(1)), planEpoch(clusters, labels, 3, 2, 4, new SeededRandom(1)));
  assert.throws(() => planEpoch(clusters, labels, 3, 2, 0, new SeededRandom(1)), /batchesPerEpoch/);
  assert.throws(() => planEpoch([[0, 4]], labels, 3, 2, null, new SeededRandom(1)), /no cluster has a class with two images/);
});
