import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '../../random/seededRandom';
import { blockedNearest, THREADED_WORK } from './blockedNearest';
import { squaredNorms } from './squaredNorms';

test('nearest centroid (k = 1) of odd-sized sets, dims not a multiple of 4, matches brute force', () => {
  const random = new SeededRandom(31);
  const dim = 5;
  const points = Float32Array.from({ length: 301 * dim }, () => random.normal());
  const centroids = Float32Array.from({ length: 7 * dim }, () => random.normal());
  const result = blockedNearest(points, 301, centroids, 7, dim, 1, squaredNorms(centroids, 7, dim));
  for (let p = 0; p < 301; p++) {
    let best = -1;
    let bestDistance = Infinity;
    for (let c = 0; c < 7; c++) {
      let sum = 0;
      for (let a = 0; a < dim; a++) sum += (points[p * dim + a]! - centroids[c * dim + a]!) ** 2;
      if (sum < bestDistance) [best, bestDistance] = [c, sum];
    }
    assert.equal(result.items[p], best, `point ${p}`);
    const pointNorm = squaredNorms(points.subarray(p * dim, p * dim + dim), 1, dim)[0]!;
    assert.ok(Math.abs(pointNorm + result.scores[p]! - bestDistance) < 1e-4);
  }
  const empty = blockedNearest(points, 301, centroids, 0, dim, 3, new Float64Array(0));
  assert.equal(empty.k, 0);
});

test('a search large enough for worker threads returns the brute-force neighbours', () => {
  const random = new SeededRandom(32);
  const dim = 128;
  const queryCount = 4098;
  const galleryCount = 2001;
  assert.ok(queryCount * galleryCount * dim >= THREADED_WORK);
  const queries = Float32Array.from({ length: queryCount * dim }, () => random.normal());
  const gallery = Float32Array.from({ length: galleryCount * dim }, () => random.normal());
  const result = blockedNearest(queries, queryCount, gallery, galleryCount, dim, 3, squaredNorms(gallery, galleryCount, dim));
  // Queries from both ends of the range, so both the calling thread's and a worker's rows are checked.
  for (const q of [0, 1, 2, 2048, 2049, 4095, 4096, 4097]) {
    const ranked = Array.from({ length: galleryCount }, (_, g) => {
      let sum = 0;
      for (let a = 0; a < dim; a++) sum += (queries[q * dim + a]! - gallery[g * dim + a]!) ** 2;
      return { g, sum };
    }).sort((x, y) => x.sum - y.sum);
    assert.deepEqual(Array.from(result.items.subarray(q * 3, q * 3 + 3)), ranked.slice(0, 3).map((r) => r.g), `query ${q}`);
  }
});
