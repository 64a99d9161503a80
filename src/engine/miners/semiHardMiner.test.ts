import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '../../random/seededRandom';
import { SemiHardMiner } from './semiHardMiner';
import { hexagonBatch, tripletRows } from './hexagonBatch.fixture';

const { labels, distances } = hexagonBatch();

test('semi-hard: only negatives with d(a,p) < d(a,n) < d(a,p) + margin', () => {
  const random = new SeededRandom(1);
  const seen = new Set<number>();
  for (let round = 0; round < 50; round++) {
    for (const [anchor, positive, negative] of tripletRows(new SemiHardMiner(0.8).mine(distances, labels, random))) {
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
