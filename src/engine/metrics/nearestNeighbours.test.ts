import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '../../random/seededRandom';
import { nearestNeighbours } from './nearestNeighbours';

test('1-D by hand: self excluded, ties to the lower index', () => {
  // Items 0..3 at 0, 2, -2, 5: item 0 has 1 and 2 both at distance 2.
  const embeddings = Float32Array.of(0, 2, -2, 5);
  const result = nearestNeighbours(embeddings, 1, null, null, 3);
  assert.equal(result.k, 3);
  assert.deepEqual(Array.from(result.indices.subarray(0, 3)), [1, 2, 3]);
  assert.deepEqual(Array.from(result.distances.subarray(0, 3)), [2, 2, 5]);
  // Item 3 (at 5): 1 (3), 0 (5), 2 (7).
  assert.deepEqual(Array.from(result.indices.subarray(9, 12)), [1, 0, 2]);
});

test('query and gallery sets: indices into the full array, missing neighbours -1 / Infinity', () => {
  const embeddings = Float32Array.of(0, 0, 1, 0, 0, 3, 4, 4);
  // Queries items 0 and 3; gallery items 1, 2, 3. Item 3 is in both: it skips itself.
  const result = nearestNeighbours(embeddings, 2, [0, 3], [1, 2, 3], 3);
  assert.deepEqual(Array.from(result.indices), [1, 2, 3, 2, 1, -1]);
  const d = Array.from(result.distances);
  assert.deepEqual(d.slice(0, 3).map((x) => Math.round(x * 1e4) / 1e4), [1, 3, Math.round(Math.sqrt(32) * 1e4) / 1e4]);
  assert.equal(d[5], Infinity);
  assert.throws(() => nearestNeighbours(embeddings, 2, [9], null, 1), /index 9 outside 0..3/);
  assert.throws(() => nearestNeighbours(embeddings, 3, null, null, 1), /not a multiple of dim 3/);
});

test('matches brute force across tile edges, with duplicated vectors', () => {
  const random = new SeededRandom(12);
  const count = 601;
  const dim = 7;
  const embeddings = Float32Array.from({ length: count * dim }, () => random.normal());
  // Items 10 and 20 copy item 5: exact ties.
  embeddings.copyWithin(10 * dim, 5 * dim, 6 * dim);
  embeddings.copyWithin(20 * dim, 5 * dim, 6 * dim);
  const queries = Array.from({ length: 45 }, (_, i) => i * 13);
  const gallery = Array.from({ length: 530 }, (_, i) => i + 3);
  const k = 6;
  const result = nearestNeighbours(embeddings, dim, queries, gallery, k);
  queries.forEach((query, q) => {
    const ranked = gallery
      .filter((item) => item !== query)
      .map((item) => {
        let sum = 0;
        for (let a = 0; a < dim; a++) sum += (embeddings[query * dim + a]! - embeddings[item * dim + a]!) ** 2;
        return { item, distance: Math.sqrt(sum) };
      })
      .sort((x, y) => x.distance - y.distance || x.item - y.item)
      .slice(0, k);
    assert.deepEqual(Array.from(result.indices.subarray(q * k, q * k + k)), ranked.map((r) => r.item), `query ${query}`);
    ranked.forEach((r, i) => assert.ok(Math.abs(result.distances[q * k + i]! - r.distance) < 1e-4));
  });
  // Query 5 (a duplicated vector) sees 10 and 20 at distance 0, lower index first.
  const five = nearestNeighbours(embeddings, dim, [5], null, 2);
  assert.deepEqual(Array.from(five.indices), [10, 20]);
});
