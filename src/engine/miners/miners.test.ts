import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '../../random/seededRandom';
import { distanceMatrix } from '../distances/distanceMatrix';
import { BatchHardMiner } from './batchHardMiner';
import { ClosestBeyondCutoffMiner } from './closestBeyondCutoffMiner';
import { HardMiner } from './hardMiner';
import type { MinedTriplets } from './miner';
import { RandomMiner } from './randomMiner';
import { SemiHardMiner } from './semiHardMiner';

// Six unit vectors at 0, 60, ..., 300 degrees, two per class: chords are 1 (60 deg),
// sqrt(3) (120 deg) and 2 (180 deg).
const labels = Int32Array.of(0, 0, 1, 1, 2, 2);
const circle = new Float32Array(12);
for (let i = 0; i < 6; i++) {
  circle[2 * i] = Math.cos((i * Math.PI) / 3);
  circle[2 * i + 1] = Math.sin((i * Math.PI) / 3);
}
const distances = distanceMatrix(circle, 6, 2);

function asRows(triplets: MinedTriplets): number[][] {
  return Array.from(triplets.anchors, (anchor, t) => [anchor, triplets.positives[t]!, triplets.negatives[t]!]);
}

test('batch-hard: per anchor the farthest positive and the closest negative', () => {
  // Anchor 0: positive 1; negatives 5 (d 1), 2 and 4 (sqrt 3), 3 (2) -> 5. Anchor 1: negative 2 (d 1).
  assert.deepEqual(asRows(new BatchHardMiner().mine(distances, labels)), [
    [0, 1, 5], [1, 0, 2], [2, 3, 1], [3, 2, 4], [4, 5, 3], [5, 4, 0],
  ]);
  // With three of a class, the farthest positive wins: anchor 0's positives 1 (d 1) and 2 (sqrt 3).
  const rows = asRows(new BatchHardMiner().mine(distances, Int32Array.of(0, 0, 0, 1, 1, 1)));
  assert.deepEqual(rows[0], [0, 2, 5]);
});

test('hard: the closest negative for every (anchor, positive) pair', () => {
  const rows = asRows(new HardMiner().mine(distances, Int32Array.of(0, 0, 0, 1, 1, 1)));
  // Anchor 0: positives 1, 2; closest negative 5 (d 1). Anchor 1: negatives 3 (sqrt 3), 4 (2), 5 (sqrt 3) -> 3 (tie, lower index).
  assert.deepEqual(rows.slice(0, 4), [[0, 1, 5], [0, 2, 5], [1, 0, 3], [1, 2, 3]]);
  assert.equal(rows.length, 12);
});

test('semi-hard: only negatives with d(a,p) < d(a,n) < d(a,p) + margin', () => {
  const random = new SeededRandom(1);
  const seen = new Set<number>();
  for (let round = 0; round < 50; round++) {
    for (const [anchor, positive, negative] of asRows(new SemiHardMiner(0.8).mine(distances, labels, random))) {
      const positiveDistance = distances[anchor! * 6 + positive!]!;
      const negativeDistance = distances[anchor! * 6 + negative!]!;
      assert.ok(negativeDistance > positiveDistance && negativeDistance < positiveDistance + 0.8);
      if (anchor === 0) seen.add(negative!);
    }
  }
  // Anchor 0 (d(a,p) = 1): 2 and 4 at sqrt(3) qualify; 5 (d 1) and 3 (d 2) do not.
  assert.deepEqual([...seen].sort(), [2, 4]);
  // A margin too small for any negative gives no triplets.
  assert.equal(new SemiHardMiner(0.5).mine(distances, labels, random).anchors.length, 0);
});

test('closest beyond cutoff: easy positive, nearest negative at or past the cutoff', () => {
  const rows = asRows(new ClosestBeyondCutoffMiner(1.1).mine(distances, Int32Array.of(0, 0, 0, 1, 1, 1)));
  // Anchor 0: positives 1 (d 1), 2 (sqrt 3) -> 1; negatives beyond 1.1: 3 (2), 4 (sqrt 3) -> 4 (5 at d 1 is too close).
  assert.deepEqual(rows[0], [0, 1, 4]);
  // Anchor 1: positives 0 and 2 both at d 1 -> 0 (lower index); negatives 3 (sqrt 3), 5 (sqrt 3) -> 3.
  assert.deepEqual(rows[1], [1, 0, 3]);
  assert.equal(new ClosestBeyondCutoffMiner(2.5).mine(distances, labels).anchors.length, 0);
});

test('random: negatives of another class, roughly uniform', () => {
  const random = new SeededRandom(3);
  const counts = new Map<number, number>();
  for (let round = 0; round < 2000; round++) {
    const triplets = new RandomMiner().mine(distances, labels, random);
    assert.equal(triplets.anchors.length, 6);
    for (const [anchor, positive, negative] of asRows(triplets)) {
      assert.equal(labels[anchor!], labels[positive!]);
      assert.notEqual(labels[anchor!], labels[negative!]);
      if (anchor === 0) counts.set(negative!, (counts.get(negative!) ?? 0) + 1);
    }
  }
  for (const negative of [2, 3, 4, 5]) assert.ok(Math.abs(counts.get(negative)! / 2000 - 0.25) < 0.04, `negative ${negative}: ${counts.get(negative)}`);
});

test('miners reject distances that do not match the labels', () => {
  assert.throws(() => new BatchHardMiner().mine(new Float32Array(10), labels), /10 distances for a batch of 6/);
});
