import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recallAtK } from './recallAtK';

test('recall@K by hand', () => {
  // Three queries (labels 1, 2, 3), three neighbours each.
  const neighbourLabels = Int32Array.of(1, 5, 5, 5, 2, 2, 5, 5, -1);
  const recall = recallAtK(neighbourLabels, 3, Int32Array.of(1, 2, 3), [1, 2, 4]);
  assert.deepEqual(recall, { '1': 1 / 3, '2': 2 / 3, '4': 2 / 3 });
  assert.throws(() => recallAtK(neighbourLabels, 2, Int32Array.of(1, 2, 3), [1]), /9 neighbour labels for 3 queries x k=2/);
  assert.throws(() => recallAtK(neighbourLabels, 3, Int32Array.of(1, 2, 3), [0]), /K must be a positive integer/);
});
