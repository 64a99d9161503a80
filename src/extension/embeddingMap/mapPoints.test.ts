import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PointRetrieval } from '../../protocol/embeddingMapContract';
import type { EmbeddingMapRecord, ImageRecord, RetrievalResult } from '../../protocol/records';
import { mapPoints } from './mapPoints';

const images: ImageRecord[] = [
  { id: 1, runId: 3, path: '/t1.png', identity: 'w1', split: 'train' },
  { id: 2, runId: 3, path: '/q1.png', identity: 'w2', split: 'query' },
  { id: 3, runId: 3, path: '/q2.png', identity: 'w3', split: 'query' },
  { id: 4, runId: 3, path: '/g1.png', identity: 'w2', split: 'gallery' },
];
const map: EmbeddingMapRecord = {
  runId: 3, epoch: 5, method: 'umap', points: 4, candidates: 9, seconds: 0.1,
  imageIds: [4, 3, 2, 1], xy: [0, 0, 1, 0, 0, 1, 1, 1], learners: [1, 0, 1, 0],
};
const neighbour = (imageId: number, identity: string) => ({ rank: 1, imageId, identity, distance: 0.1 });
const retrievals: RetrievalResult[] = [
  { queryImageId: 2, queryIdentity: 'w2', neighbours: [neighbour(4, 'w2')] },
  { queryImageId: 3, queryIdentity: 'w3', neighbours: [neighbour(4, 'w2')] },
];

test('each point gets its identity, split, learner and retrieval outcome, index-aligned with the image ids', () => {
  const points = mapPoints(map, images, retrievals, null);
  assert.deepEqual(points.imageIds, [4, 3, 2, 1]);
  assert.deepEqual(points.identities.map((index) => points.identityNames[index]), ['w2', 'w3', 'w2', 'w1']);
  assert.deepEqual(points.splits, [2, 1, 1, 0]);
  assert.deepEqual(points.learners, [1, 0, 1, 0]);
  assert.deepEqual(points.retrieval, [PointRetrieval.NotAQuery, PointRetrieval.Incorrect, PointRetrieval.Correct, PointRetrieval.NotAQuery]);
  assert.equal(points.candidates, 9);
  assert.deepEqual(points.xy, [-1, -1, 1, -1, -1, 1, 1, 1].map((v) => v / Math.SQRT2));
});
