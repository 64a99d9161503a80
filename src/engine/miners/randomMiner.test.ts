import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '../../random/seededRandom';
import { RandomMiner } from './randomMiner';
import { hexagonBatch, tripletRows } from './hexagonBatch.fixture';

const { labels, distances } = hexagonBatch();

test('random: negatives of another class, roughly uniform', () => {
  const random = new SeededRandom(3);
  const counts = new Map<number, number>();
  for (let round = 0; round < 2000; round++) {
    const triplets = new RandomMiner().mine(distances, labels, random);
    assert.equal(triplets.anchors.length, 6);
    for (const [anchor, positive, negative] of tripletRows(triplets)) {
      assert.equal(labels[anchor!], labels[positive!]);
      assert.notEqual(labels[anchor!], labels[negative!]);
      if (anchor === 0) counts.set(negative!, (counts.get(negative!) ?? 0) + 1);
    }
  }
  for (const negative of [2, 3, 4, 5]) assert.ok(Math.abs(counts.get(negative)! / 2000 - 0.25) < 0.04, `negative ${negative}: ${counts.get(negative)}`);
});
