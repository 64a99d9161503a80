import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClosestBeyondCutoffMiner } from './closestBeyondCutoffMiner';
import { hexagonBatch, tripletRows } from './hexagonBatch.fixture';

const { labels, distances } = hexagonBatch();

test('closest beyond cutoff: every positive pair, the i-th with the i-th nearest negative past the cutoff', () => {
  const mined = new ClosestBeyondCutoffMiner(1.1).mine(distances, Int32Array.of(0, 0, 0, 1, 1, 1));
  const rows = tripletRows(mined);
  // 6 anchors x 2 positives each: no positive pair is left out.
  assert.equal(rows.length, 12);
  // Anchor 0: positives 1, 2; negatives beyond 1.1 by distance: 4 (sqrt 3), 3 (2); 5 at d 1 is too close.
  assert.deepEqual(rows.filter(([anchor]) => anchor === 0), [[0, 1, 4], [0, 2, 3]]);
  // Anchor 1: positives 0, 2; negatives 3 and 5 (sqrt 3, lower index first), then 4 (2).
  assert.deepEqual(rows.filter(([anchor]) => anchor === 1), [[1, 0, 3], [1, 2, 5]]);
  assert.equal(new ClosestBeyondCutoffMiner(2.5).mine(distances, labels).anchors.length, 0);
});

test('more positives than negatives beyond the cutoff: the negatives are reused in order', () => {
  // Anchor 0 with positives 1, 2, 3 and a single negative 4 beyond the cutoff.
  const size = 5;
  const distances = new Float32Array(size * size).fill(1);
  for (let i = 0; i < size; i++) distances[i * size + i] = 0;
  const mined = new ClosestBeyondCutoffMiner(0.5).mine(distances, Int32Array.of(0, 0, 0, 0, 1));
  const anchorZero = Array.from(mined.anchors).flatMap((anchor, i) => (anchor === 0 ? [[mined.positives[i], mined.negatives[i]]] : []));
  assert.deepEqual(anchorZero, [[1, 4], [2, 4], [3, 4]]);
});
