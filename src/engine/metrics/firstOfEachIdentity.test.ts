import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '../../random/seededRandom';
import { firstOfEachIdentity } from './firstOfEachIdentity';
import { mapAt5 } from '../../shared/mapAt5';

test('first neighbour of each identity, up to the count, stopping where the ranking ends', () => {
  assert.deepEqual(firstOfEachIdentity([3, 3, 1, 3, 2, 1, 4, 5, 6], 5), [0, 2, 4, 6, 7]);
  assert.deepEqual(firstOfEachIdentity([3, 3, -1, 1], 5), [0]);
  assert.deepEqual(firstOfEachIdentity([], 5), []);
});

test('MAP@5 from the first of each identity equals MAP@5 from the whole ranking, at every threshold', () => {
  const random = new SeededRandom(9);
  const newWhale = 0;
  const queries = Array.from({ length: 200 }, () => {
    let distance = 0;
    const identities = Array.from({ length: 25 }, () => random.int(8));
    const distances = identities.map(() => (distance += random.next() * 0.1));
    return { identity: random.int(8), neighbourIdentities: identities, neighbourDistances: distances };
  });
  const reduced = queries.map((query) => {
    const positions = firstOfEachIdentity(query.neighbourIdentities, 5);
    return { identity: query.identity, neighbourIdentities: positions.map((p) => query.neighbourIdentities[p]!), neighbourDistances: positions.map((p) => query.neighbourDistances[p]!) };
  });
  for (const threshold of [null, 0, 0.03, 0.1, 0.2, 0.35, 0.6, 1, 5]) {
    const options = { newWhale, threshold };
    assert.equal(mapAt5(reduced, options), mapAt5(queries, options), `threshold ${threshold}`);
  }
});
