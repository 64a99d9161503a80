import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '../../random/seededRandom';
import { ClassBalancedSampler } from './classBalancedSampler';

// Images 0-9: class 0 has 5 images, class 1 has 2, class 2 has 1 (dropped), class 3 has 2.
const labels = Int32Array.of(0, 0, 0, 0, 0, 1, 1, 2, 3, 3);

test('P classes x m images, single-image classes dropped, small classes with replacement', () => {
  const sampler = new ClassBalancedSampler([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], labels, 2, 4);
  assert.deepEqual(sampler.classes, [[0, 1, 2, 3, 4], [5, 6], [8, 9]]);
  assert.equal(sampler.imageCount, 9);
  const random = new SeededRandom(2);
  for (let round = 0; round < 50; round++) {
    const batch = sampler.batch(random);
    assert.equal(batch.length, 8);
    const groups = [batch.slice(0, 4), batch.slice(4)];
    for (const group of groups) {
      const label = labels[group[0]!]!;
      assert.ok(group.every((image) => labels[image] === label), 'each block of m images is one class');
      assert.notEqual(label, 2);
      if (label === 0) assert.equal(new Set(group).size, 4, 'a class with >= m images is drawn without replacement');
    }
    assert.notEqual(labels[groups[0]![0]!], labels[groups[1]![0]!]);
  }
});

test('only the cluster members are drawn, and a cluster without usable class fails clearly', () => {
  const sampler = new ClassBalancedSampler([0, 1, 7, 8], labels, 5, 2);
  // Class 0 has two members here; 2 and 3 one each.
  assert.deepEqual(sampler.classes, [[0, 1]]);
  assert.deepEqual(sampler.batch(new SeededRandom(1)).sort(), [0, 1]);
  assert.throws(() => new ClassBalancedSampler([7, 8], labels, 2, 2).batch(new SeededRandom(1)), /no class with two images/);
  assert.throws(() => new ClassBalancedSampler([0], labels, 2, 1), /imagesPerClass must be an integer >= 2/);
});
