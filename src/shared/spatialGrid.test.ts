import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '../random/seededRandom';
import { SpatialGrid } from './spatialGrid';

function scattered(count: number): { xs: Float32Array; ys: Float32Array } {
  const random = new SeededRandom(9);
  return { xs: Float32Array.from({ length: count }, () => random.uniform(-20, 420)), ys: Float32Array.from({ length: count }, () => random.uniform(-20, 320)) };
}

test('nearest finds the same point a scan of every point finds, or none beyond the radius', () => {
  const { xs, ys } = scattered(20_000);
  const grid = new SpatialGrid(xs, ys, 400, 300);
  const random = new SeededRandom(4);
  for (let probe = 0; probe < 300; probe++) {
    const [x, y] = [random.uniform(0, 400), random.uniform(0, 300)];
    let expected = -1;
    let best = 8 * 8;
    for (let i = 0; i < xs.length; i++) {
      const distance = (xs[i]! - x) ** 2 + (ys[i]! - y) ** 2;
      if (distance <= best) {
        best = distance;
        expected = i;
      }
    }
    const found = grid.nearest(x, y, 8);
    if (expected < 0) assert.equal(found, -1);
    else assert.equal((xs[found]! - x) ** 2 + (ys[found]! - y) ** 2, best, `probe ${probe}`);
  }
});

test('within lists exactly the on-screen points inside the box', () => {
  const { xs, ys } = scattered(5_000);
  const grid = new SpatialGrid(xs, ys, 400, 300);
  const expected = [];
  for (let i = 0; i < xs.length; i++) if (xs[i]! >= 50 && xs[i]! <= 170 && ys[i]! >= 30 && ys[i]! <= 90) expected.push(i);
  assert.ok(expected.length > 0);
  assert.deepEqual(grid.within(50, 30, 170, 90), expected);
});
