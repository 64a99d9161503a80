import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '../../random/seededRandom';
import { ClassBalancedSampler } from './classBalancedSampler';

// Images 0-9: class 0 has 5 images, class 1 has 2, class 2 has 1, class 3 has 2.
const labels = Int32Array.of(0, 0, 0, 0, 0, 1, 1, 2, 3, 3);

test('P classes x m images; classes with positives first, small classes with replacement', () => {
  const sampler = new ClassBalancedSampler([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], labels, 2, 4);
  assert.deepEqual(sampler.classes, [[0, 1, 2, 3, 4], [5, 6], [8, 9], [7]]);
  assert.equal(sampler.classesWithPositives, 3);
  const random = new SeededRandom(2);
  for (let round = 0; round < 50; round++) {
    const batch = sampler.batch(random);
    assert.equal(batch.length, 8);
    const groups = [batch.slice(0, 4), batch.slice(4)];
    for (const group of groups) {
      const label = labels[group[0]!]!;
      assert.ok(group.every((image) => labels[image] === label), 'each block of m images is one class');
      assert.notEqual(label, 2, 'a single-image class is not used while P classes with positives exist');
      if (label === 0) assert.equal(new Set(group).size, 4, 'a class with >= m images is drawn without replacement');
    }
    assert.notEqual(labels[groups[0]![0]!], labels[groups[1]![0]!]);
  }
});

test('a cluster with fewer than P classes still gives full batches: single-image classes, then classes again', () => {
  // Class 0 has two members here, classes 2 and 3 one each: P = 5 needs 2 redrawn classes.
  const sampler = new ClassBalancedSampler([0, 1, 7, 8], labels, 5, 2);
  const random = new SeededRandom(1);
  for (let round = 0; round < 20; round++) {
    const batch = sampler.batch(random);
    assert.equal(batch.length, 10);
    const blockLabels = [0, 2, 4, 6, 8].map((start) => labels[batch[start]!]!);
    assert.deepEqual([...new Set(blockLabels)].sort(), [0, 2, 3], 'every class of the cluster, singles included');
    assert.equal(blockLabels.filter((label) => label === 0).length, 3, 'the redrawn classes are those with positives');
  }
  // Only single-image classes: still a batch (the copies of an image become augmented views).
  assert.equal(new ClassBalancedSampler([7, 8], labels, 2, 2).batch(new SeededRandom(1)).length, 4);
  assert.throws(() => new ClassBalancedSampler([], labels, 2, 2).batch(new SeededRandom(1)), /no images/);
  assert.throws(() => new ClassBalancedSampler([0], labels, 2, 1), /imagesPerClass must be an integer >= 2/);
});
