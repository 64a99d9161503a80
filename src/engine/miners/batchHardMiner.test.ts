import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchHardMiner } from './batchHardMiner';
import { hexagonBatch, tripletRows } from './hexagonBatch.fixture';

const { labels, distances } = hexagonBatch();

test('batch-hard: per anchor the farthest positive and the closest negative', () => {
  // Anchor 0: positive 1; negatives 5 (d 1), 2 and 4 (sqrt 3), 3 (2) -> 5. Anchor 1: negative 2 (d 1).
  assert.deepEqual(tripletRows(new BatchHardMiner().mine(distances, labels)), [
    [0, 1, 5], [1, 0, 2], [2, 3, 1], [3, 2, 4], [4, 5, 3], [5, 4, 0],
  ]);
  // With three of a class, the farthest positive wins: anchor 0's positives 1 (d 1) and 2 (sqrt 3).
  const rows = tripletRows(new BatchHardMiner().mine(distances, Int32Array.of(0, 0, 0, 1, 1, 1)));
  assert.deepEqual(rows[0], [0, 2, 5]);
});
