import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TripletList } from './tripletList';

test('triplets come out in the order added, as Int32Arrays', () => {
  const list = new TripletList();
  assert.equal(list.toTriplets().anchors.length, 0);
  list.add(0, 1, 2);
  list.add(3, 4, 5);
  const triplets = list.toTriplets();
  assert.deepEqual([Array.from(triplets.anchors), Array.from(triplets.positives), Array.from(triplets.negatives)], [[0, 3], [1, 4], [2, 5]]);
  assert.ok(triplets.anchors instanceof Int32Array);
});
