import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HardMiner } from './hardMiner';
import { hexagonBatch, tripletRows } from './hexagonBatch.fixture';

const { distances } = hexagonBatch();

test('hard: the closest negative for every (anchor, positive) pair', () => {
  const rows = tripletRows(new HardMiner().mine(distances, Int32Array.of(0, 0, 0, 1, 1, 1)));
  // Anchor 0: positives 1, 2; closest negative 5 (d 1). Anchor 1: negatives 3 (sqrt 3), 4 (2), 5 (sqrt 3) -> 3 (tie, lower index).
  assert.deepEqual(rows.slice(0, 4), [[0, 1, 5], [0, 2, 5], [1, 0, 3], [1, 2, 3]]);
  assert.equal(rows.length, 12);
});
