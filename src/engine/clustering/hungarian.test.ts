import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '../../random/seededRandom';
import { hungarian } from './hungarian';

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((rest) => Array.from({ length: n }, (_, at) => [...rest.slice(0, at), n - 1, ...rest.slice(at)]));
}

test('a 3 x 3 case by hand', () => {
  // Rows: workers, columns: jobs. Best: 0->1 (1), 1->0 (2), 2->2 (2) = 5.
  const cost = [4, 1, 3, 2, 0, 5, 3, 2, 2];
  assert.deepEqual(Array.from(hungarian(cost, 3)), [1, 0, 2]);
});

test('matches brute force on random 6 x 6 matrices', () => {
  const random = new SeededRandom(4);
  const all = permutations(6);
  for (let trial = 0; trial < 30; trial++) {
    const cost = Array.from({ length: 36 }, () => random.int(20) - 5);
    const total = (assignment: ArrayLike<number>) => Array.from(assignment).reduce((sum, column, row) => sum + cost[row * 6 + column]!, 0);
    const found = hungarian(cost, 6);
    assert.equal(new Set(found).size, 6, 'a permutation');
    assert.equal(total(found), Math.min(...all.map(total)));
  }
});

test('rejects a matrix of the wrong size or with a non-finite cost', () => {
  assert.throws(() => hungarian([1, 2, 3], 2), /3 costs do not form a 2 x 2/);
  assert.throws(() => hungarian([1, NaN, 3, 4], 2), /row 0, column 1 is not finite/);
  assert.deepEqual(Array.from(hungarian([], 0)), []);
});
