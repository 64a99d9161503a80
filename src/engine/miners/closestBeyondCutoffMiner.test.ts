import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClosestBeyondCutoffMiner } from './closestBeyondCutoffMiner';
import { hexagonBatch, tripletRows } from './hexagonBatch.fixture';

const { labels, distances } = hexagonBatch();

test('closest beyond cutoff: easy positive, nearest negative at or past the cutoff', () => {
  const rows = tripletRows(new ClosestBeyondCutoffMiner(1.1).mine(distances, Int32Array.of(0, 0, 0, 1, 1, 1)));
  // Anchor 0: positives 1 (d 1), 2 (sqrt 3) -> 1; negatives beyond 1.1: 3 (2), 4 (sqrt 3) -> 4 (5 at d 1 is too close).
  assert.deepEqual(rows[0], [0, 1, 4]);
  // Anchor 1: positives 0 and 2 both at d 1 -> 0 (lower index); negatives 3 (sqrt 3), 5 (sqrt 3) -> 3.
  assert.deepEqual(rows[1], [1, 0, 3]);
  assert.equal(new ClosestBeyondCutoffMiner(2.5).mine(distances, labels).anchors.length, 0);
});
