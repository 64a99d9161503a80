import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatasetItem } from '../dataset';
import { splitByIdentity } from './splitByIdentity';

/** Identities with 1..6 photos each, plus some new_whale photos, interleaved like a CSV. */
function whaleItems(): DatasetItem[] {
  const items: DatasetItem[] = [];
  for (let photo = 0; photo < 6; photo++) {
    for (let whale = 0; whale < 40; whale++) {
      if (photo < 1 + (whale % 6)) items.push({ path: `/d/${whale}-${photo}.jpg`, identity: `w_${whale}` });
    }
    items.push({ path: `/d/new-${photo}.jpg`, identity: 'new_whale' });
  }
  return items;
}

const options = { testIdentityFraction: 0.25, queryFraction: 0.5, newWhaleLabel: 'new_whale', trainIdentities: null, seed: 7 };

test('no training identity is ever a test identity, and every photo lands in exactly one part', () => {
  const items = whaleItems();
  for (let seed = 0; seed < 20; seed++) {
    const split = splitByIdentity(items, { ...options, seed });
    const trainIdentities = new Set(split.train.map((index) => items[index]!.identity));
    for (const index of [...split.query, ...split.gallery]) assert.ok(!trainIdentities.has(items[index]!.identity), `seed ${seed}: ${items[index]!.identity} in both`);
    const all = [...split.train, ...split.query, ...split.gallery].sort((a, b) => a - b);
    assert.deepEqual(all, items.map((_, index) => index));
    const testIdentities = new Set([...split.query, ...split.gallery].map((index) => items[index]!.identity));
    testIdentities.delete('new_whale');
    assert.equal(testIdentities.size, 10, '25 % of 40 identities');
  }
});

test('new_whale photos are never trained on and are all queries; single-photo test identities go to the gallery', () => {
  const items = whaleItems();
  const split = splitByIdentity(items, options);
  const newWhale = items.flatMap((item, index) => (item.identity === 'new_whale' ? [index] : []));
  assert.ok(newWhale.every((index) => split.query.includes(index)));
  assert.ok(!split.train.some((index) => items[index]!.identity === 'new_whale'));
  const countOf = (identity: string) => items.filter((item) => item.identity === identity).length;
  for (const index of split.query) {
    const identity = items[index]!.identity;
    if (identity === 'new_whale') continue;
    assert.ok(countOf(identity) >= 2, `${identity} has one photo but is a query`);
    assert.ok(split.gallery.some((other) => items[other]!.identity === identity), `${identity} query has no gallery photo`);
  }
  const singles = [...split.gallery].filter((index) => countOf(items[index]!.identity) === 1);
  const singleIdentitiesInTest = new Set([...split.query, ...split.gallery].map((index) => items[index]!.identity).filter((identity) => identity !== 'new_whale' && countOf(identity) === 1));
  assert.equal(singles.length, singleIdentitiesInTest.size);
});

test('the split depends on the seed only: same seed same split, another seed another split', () => {
  const items = whaleItems();
  assert.deepEqual(splitByIdentity(items, options), splitByIdentity(items, options));
  assert.notDeepEqual(splitByIdentity(items, options), splitByIdentity(items, { ...options, seed: 8 }));
  // File order does not matter: reversing the list gives the same identities in test.
  const reversed = [...items].reverse();
  const testOf = (list: DatasetItem[], split: ReturnType<typeof splitByIdentity>) =>
    new Set(split.gallery.concat(split.query).map((index) => list[index]!.identity));
  assert.deepEqual(testOf(items, splitByIdentity(items, options)), testOf(reversed, splitByIdentity(reversed, options)));
});

test('trainIdentities: those classes train, all the others are test (Fashion-MNIST style)', () => {
  const classes = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
  const items = Array.from({ length: 200 }, (_, i) => ({ path: `f#${i}`, identity: classes[i % 10]! }));
  const trainIdentities = classes.slice(0, 5);
  const split = splitByIdentity(items, { ...options, trainIdentities });
  assert.deepEqual(new Set(split.train.map((index) => items[index]!.identity)), new Set(trainIdentities));
  assert.equal(split.train.length, 100);
  assert.deepEqual(new Set([...split.query, ...split.gallery].map((index) => items[index]!.identity)), new Set(classes.slice(5)));
  assert.equal(split.query.length, 50, 'half of each test class is queries');
});
