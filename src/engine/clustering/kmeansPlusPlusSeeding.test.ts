import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '../../random/seededRandom';
import { kmeansPlusPlusSeeding } from './kmeansPlusPlusSeeding';

test('the second centre is drawn by D^2: nine points at 0 and one at 10 always give {0, 10}', () => {
  const points = Float32Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 10);
  for (let seed = 0; seed < 20; seed++) {
    const centres = Array.from(kmeansPlusPlusSeeding(points, 10, 1, 2, new SeededRandom(seed))).sort((a, b) => a - b);
    assert.deepEqual(centres, [0, 10], `seed ${seed}`);
  }
});

test('D^2 weighting in 2-D: a far point is picked about in proportion to its squared distance', () => {
  // Centre candidates after a first centre at the origin cluster: A at distance 1 (D^2 1), B at distance 3 (D^2 9).
  const points = Float32Array.of(0, 0, 0, 0, 0, 0, 1, 0, 0, 3);
  let pickedB = 0;
  let runs = 0;
  const random = new SeededRandom(4);
  for (let i = 0; i < 3000; i++) {
    const centres = kmeansPlusPlusSeeding(points, 5, 2, 2, random);
    if (centres[0] !== 0 || centres[1] !== 0) continue;
    runs++;
    if (centres[3] === 3) pickedB++;
  }
  assert.ok(runs > 1000);
  assert.ok(Math.abs(pickedB / runs - 0.9) < 0.03, `B picked ${pickedB} of ${runs}`);
});

test('fewer distinct points than k still gives k centres, all data points', () => {
  const centres = kmeansPlusPlusSeeding(Float32Array.of(1, 2, 1, 2, 1, 2), 3, 2, 3, new SeededRandom(1));
  assert.deepEqual(Array.from(centres), [1, 2, 1, 2, 1, 2]);
});
