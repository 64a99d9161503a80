import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestMapAt5Threshold, mapAt5, topFiveIdentities } from './mapAt5';

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

test('the best new_whale threshold: found among the neighbour distances, beats no threshold when new_whale queries exist', () => {
  // Known whales match at 0.1-0.2; new_whale queries have nothing nearer than 0.8.
  const queries = [
    { identity: 'a', neighbourIdentities: ['a', 'b'], neighbourDistances: [0.1, 0.9] },
    { identity: 'b', neighbourIdentities: ['b', 'a'], neighbourDistances: [0.2, 0.95] },
    { identity: NEW, neighbourIdentities: ['a', 'b'], neighbourDistances: [0.8, 0.85] },
    { identity: NEW, neighbourIdentities: ['b', 'a'], neighbourDistances: [0.9, 1.0] },
  ];
  const best = bestMapAt5Threshold(queries, NEW)!;
  // Any threshold in [0.2, 0.8) scores all four at rank 1; the candidates are distances, so 0.2.
  assert.deepEqual(best, { threshold: 0.2, value: 1 });
  assert.equal(mapAt5(queries, { newWhale: NEW, threshold: null }), 0.5);
  assert.ok(best.value >= mapAt5(queries, { newWhale: NEW, threshold: 0.5 }));
  assert.equal(bestMapAt5Threshold(queries, null), null);
  // Only new_whale queries: new_whale first (threshold 0) is best.
  assert.deepEqual(bestMapAt5Threshold(queries.slice(2), NEW), { threshold: 0, value: 1 });
});
