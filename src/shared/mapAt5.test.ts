import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapAt5, topFiveIdentities } from './mapAt5';

const NEW = 'new_whale';

test('top five distinct identities by nearest distance; 1/rank scoring', () => {
  const query = { identity: 'c', neighbourIdentities: ['a', 'a', 'b', 'c', 'b', 'd', 'e', 'f'], neighbourDistances: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8] };
  assert.deepEqual(topFiveIdentities(query, { newWhale: NEW, threshold: null }), ['a', 'b', 'c', 'd', 'e']);
  assert.equal(mapAt5([query], { newWhale: NEW, threshold: null }), 1 / 3);
  // new_whale inserted at 0.25: after a (0.1, 0.2), before b (0.3).
  assert.deepEqual(topFiveIdentities(query, { newWhale: NEW, threshold: 0.25 }), ['a', NEW, 'b', 'c', 'd']);
  assert.equal(mapAt5([query], { newWhale: NEW, threshold: 0.25 }), 1 / 4);
  // A neighbour exactly at the threshold ranks before new_whale.
  assert.deepEqual(topFiveIdentities(query, { newWhale: NEW, threshold: 0.3 }).slice(0, 3), ['a', 'b', NEW]);
});

test('new_whale queries score where new_whale ranks; absent identities score 0', () => {
  const whale = { identity: NEW, neighbourIdentities: ['a', 'b'], neighbourDistances: [1.0, 2.0] };
  const unknown = { identity: 'z', neighbourIdentities: ['a', 'b'], neighbourDistances: [0.1, 0.2] };
  // Threshold 1.5: a, new_whale, b -> 1/2. Threshold past every neighbour: new_whale appended -> 1/3.
  assert.equal(mapAt5([whale], { newWhale: NEW, threshold: 1.5 }), 1 / 2);
  assert.equal(mapAt5([whale], { newWhale: NEW, threshold: 9 }), 1 / 3);
  assert.equal(mapAt5([whale], { newWhale: NEW, threshold: null }), 0);
  assert.equal(mapAt5([whale, unknown], { newWhale: NEW, threshold: 0.5 }), (1 + 0) / 2);
  // Numeric identities work the same (the engine's label ids).
  assert.equal(mapAt5([{ identity: 3, neighbourIdentities: [1, 3], neighbourDistances: [0, 1] }], { newWhale: null, threshold: 0.5 }), 1 / 2);
  assert.equal(mapAt5([], { newWhale: NEW, threshold: 1 }), 0);
});
