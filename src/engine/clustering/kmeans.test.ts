import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '../../random/seededRandom';
import { kmeans } from './kmeans';

test('1-D case by hand: {0, 1} and {10, 11}, inertia 4 x 0.25', () => {
  const result = kmeans(Float32Array.of(0, 1, 10, 11), 1, 2, { random: new SeededRandom(1), restarts: 3 });
  assert.equal(result.assignments[0], result.assignments[1]);
  assert.equal(result.assignments[2], result.assignments[3]);
  assert.notEqual(result.assignments[0], result.assignments[2]);
  assert.deepEqual(Array.from(result.centroids).sort((a, b) => a - b), [0.5, 10.5]);
  assert.ok(Math.abs(result.inertia - 1) < 1e-9);
});

test('recovers well-separated blobs; the same seed gives the same clustering', () => {
  const random = new SeededRandom(8);
  const centres = [[0, 0, 0], [10, 0, 0], [0, 10, 0], [0, 0, 10], [10, 10, 10]];
  const truth: number[] = [];
  const points = new Float32Array(500 * 3);
  for (let p = 0; p < 500; p++) {
    const c = p % 5;
    truth.push(c);
    for (let a = 0; a < 3; a++) points[p * 3 + a] = centres[c]![a]! + random.normal() * 0.5;
  }
  const result = kmeans(points, 3, 5, { random: new SeededRandom(3), restarts: 2, maxIterations: 50 });
  // Same blob <=> same cluster.
  const clusterOfBlob = new Map<number, number>();
  truth.forEach((blob, p) => {
    if (!clusterOfBlob.has(blob)) clusterOfBlob.set(blob, result.assignments[p]!);
    assert.equal(result.assignments[p], clusterOfBlob.get(blob));
  });
  assert.equal(new Set(clusterOfBlob.values()).size, 5);
  const again = kmeans(points, 3, 5, { random: new SeededRandom(3), restarts: 2, maxIterations: 50 });
  assert.deepEqual(again.assignments, result.assignments);
});

test('more restarts never end with a higher inertia; the iteration cap holds', () => {
  const random = new SeededRandom(21);
  const points = Float32Array.from({ length: 300 * 4 }, () => random.normal());
  const one = kmeans(points, 4, 12, { random: new SeededRandom(5), restarts: 1 });
  const five = kmeans(points, 4, 12, { random: new SeededRandom(5), restarts: 5 });
  assert.ok(five.inertia <= one.inertia + 1e-9);
  assert.ok(kmeans(points, 4, 12, { random: new SeededRandom(5), maxIterations: 2 }).iterations <= 2);
  assert.throws(() => kmeans(points, 4, 301, { random }), /k = 301 is more than the 300 points/);
});

test('duplicate points: k larger than the distinct points still gives k centroids', () => {
  const result = kmeans(Float32Array.of(1, 1, 1, 1, 5, 5), 2, 3, { random: new SeededRandom(1) });
  assert.equal(result.centroids.length, 6);
  assert.ok(result.inertia < 1e-9);
});
