import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleForProjection } from './sampleForProjection';

test('under the cap every point is kept, in order', () => {
  assert.deepEqual(sampleForProjection(4, 10, 1), [0, 1, 2, 3]);
});

test('over the cap: cap distinct points, ascending, the same for the same seed, others for another', () => {
  const first = sampleForProjection(1000, 50, 5);
  assert.equal(first.length, 50);
  assert.equal(new Set(first).size, 50);
  assert.deepEqual(first, [...first].sort((a, b) => a - b));
  assert.ok(first.every((index) => index >= 0 && index < 1000));
  assert.deepEqual(sampleForProjection(1000, 50, 5), first);
  assert.notDeepEqual(sampleForProjection(1000, 50, 6), first);
});
