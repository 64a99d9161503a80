import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusteringRecord, EpochBatchesRecord, EpochRecord } from '../../protocol/records';
import { fixtureClusterings } from '../panels/panelFixtures';
import { clusterMovement, clusterUsageAfter, clusterViews, evenlySpacedSample, identityPurity, learnerLossesAfter, movementMatrix } from './clustersModel';

test('movement matrix counts images by cluster before and after, ignoring images in only one', () => {
  const before = { clusteringId: 1, imageIds: [1, 2, 3, 4, 5], clusters: [0, 0, 1, 1, 2] };
  const after = { clusteringId: 2, imageIds: [2, 3, 4, 5, 6], clusters: [1, 1, 1, 0, 0] };
  const { matrix, movedShare } = movementMatrix(before, after, 3, 2);
  assert.deepEqual(matrix, [
    [0, 1],
    [0, 2],
    [1, 0],
  ]);
  assert.equal(movedShare, 2 / 4);
});

test('movement rows sum to the previous sizes of the images kept', () => {
  const { clusterings, assignments } = fixtureClusterings(1, 4, 300, 2, 9);
  const moved = clusterMovement(clusterings[0]!, assignments[0]!, clusterings[1]!, assignments[1]!);
  assert.deepEqual(moved.matrix.map((row) => row.reduce((a, b) => a + b, 0)), clusterings[0]!.sizes);
  const columns = moved.matrix[0]!.map((_, j) => moved.matrix.reduce((sum, row) => sum + row[j]!, 0));
  assert.deepEqual(columns, clusterings[1]!.sizes);
  assert.ok(moved.movedShare > 0 && moved.movedShare < 0.3);
});

test('purity is the share of the most common identity', () => {
  assert.deepEqual(identityPurity(['a', 'b', 'a', 'c']), { purity: 0.5, topIdentity: 'a', distinct: 3 });
  assert.deepEqual(identityPurity(['b', 'a']), { purity: 0.5, topIdentity: 'a', distinct: 2 });
  assert.deepEqual(identityPurity([]), { purity: 0, topIdentity: null, distinct: 0 });
});

test('samples are spread over the cluster, not its first images', () => {
  assert.deepEqual(evenlySpacedSample([9, 1, 5, 3, 7, 2, 8, 4], 4), [1, 3, 5, 8]);
  assert.deepEqual(evenlySpacedSample([3, 1], 4), [1, 3]);
});

test('learner losses of the first epoch at or after the reclustering', () => {
  const epoch = (n: number, learnerLosses: number[]): EpochRecord => ({
    runId: 1, epoch: n, loss: 0, learnerLosses, learningRate: 0, seconds: 1, imagesPerSecond: 1, endedAt: '',
  });
  const epochs = [epoch(3, [0.3, 0.4]), epoch(1, [0.1, 0.2]), epoch(2, [0.5, 0.6])];
  assert.deepEqual(learnerLossesAfter(epochs, 2), [0.5, 0.6]);
  assert.deepEqual(learnerLossesAfter(epochs, 0), [0.1, 0.2]);
  assert.deepEqual(learnerLossesAfter(epochs, 9), [0.3, 0.4]);
  assert.equal(learnerLossesAfter([], 1), null);
});

test('cluster views: size, purity, samples and the loss of the cluster\'s own learner', () => {
  const clustering: ClusteringRecord = { id: 5, runId: 1, epoch: 2, k: 2, sizes: [3, 2], features: 'embedding', churnNmi: null };
  const assignments = { clusteringId: 5, imageIds: [10, 11, 12, 13, 14], clusters: [0, 1, 0, 0, 1] };
  const identities = new Map([[10, 'a'], [11, 'b'], [12, 'a'], [13, 'c'], [14, 'b']]);
  const usage = [{ cluster: 1, batches: 4, images: 2, classes: 1 }];
  const views = clusterViews(clustering, assignments, identities, [0.7, 0.2], usage, 2);
  assert.deepEqual(views.map((v) => [v.size, v.purity, v.topIdentity, v.learnerLoss, v.usage]), [
    [3, 2 / 3, 'a', 0.7, null],
    [2, 1, 'b', 0.2, usage[0]],
  ]);
  assert.deepEqual(views[0]!.sampleImageIds, [10, 12]);
});

test('cluster usage comes from the first epoch trained on the clustering, when it had the same K', () => {
  const clustering: ClusteringRecord = { id: 5, runId: 1, epoch: 2, k: 2, sizes: [3, 2], features: 'backbone', churnNmi: 0.8 };
  const record = (epoch: number, k: number): EpochBatchesRecord => ({
    runId: 1,
    epoch,
    clusterUsage: Array.from({ length: k }, (_, cluster) => ({ cluster, batches: 3, images: 10 * epoch + cluster, classes: 4 })),
    learnerHardness: [],
  });
  assert.deepEqual(clusterUsageAfter([record(2, 2), record(3, 2), record(4, 2)], clustering), { epoch: 3, usage: record(3, 2).clusterUsage });
  // Epoch 3 trained at K = 1 (fine-tuning): no per-cluster usage to show.
  assert.equal(clusterUsageAfter([record(3, 1)], clustering), null);
  assert.equal(clusterUsageAfter([], clustering), null);
});
