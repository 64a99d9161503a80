import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '../../random/seededRandom';
import { blockedNearest, prepareNearestSearch } from './blockedNearest';
import { squaredNorms } from './squaredNorms';

test('a prepared search reused against changing galleries gives what a fresh search gives each time', () => {
  const random = new SeededRandom(41);
  const dim = 6;
  const count = 203;
  const points = Float32Array.from({ length: count * dim }, () => random.normal());
  const prepared = prepareNearestSearch(points, count, dim, 9, 2);
  // Galleries of shrinking then growing size: a stale row, norm or threshold left from the
  // previous search would show up as a different neighbour.
  for (const galleryCount of [9, 3, 1, 8]) {
    const gallery = Float32Array.from({ length: galleryCount * dim }, () => random.normal() * 2);
    const norms = squaredNorms(gallery, galleryCount, dim);
    const reused = prepared.search(gallery, galleryCount, norms);
    const fresh = blockedNearest(points, count, gallery, galleryCount, dim, 2, norms);
    assert.equal(reused.k, fresh.k);
    assert.deepEqual(reused.items, fresh.items, `gallery of ${galleryCount}`);
    assert.deepEqual(reused.scores, fresh.scores, `gallery of ${galleryCount}`);
  }
  assert.throws(() => prepared.search(new Float32Array(10 * dim), 10, new Float64Array(10)), /prepared for 9 gallery rows, given 10/);
});
