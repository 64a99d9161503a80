import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RetrievalResult } from '../protocol/records';
import { bestMapAt5Threshold } from './mapAt5';
import {
  asMapAt5Query,
  buildQueryRows,
  filterQueryRows,
  firstCorrectRank,
  map5AtThreshold,
  sortQueryRows,
  sliderThresholds,
  thresholdRange,
  topFiveForQuery,
} from './retrievalModel';

function result(queryImageId: number, queryIdentity: string, neighbours: Array<[string, number]>): RetrievalResult {
  return {
    queryImageId,
    queryIdentity,
    neighbours: neighbours.map(([identity, distance], index) => ({ rank: index + 1, imageId: 100 + index, identity, distance })),
  };
}

const runA = [
  result(1, 'w_a', [['w_a', 0.1], ['w_b', 0.2]]),
  result(2, 'w_b', [['w_c', 0.1], ['w_c', 0.2], ['w_b', 0.3]]),
  result(3, 'w_c', [['w_x', 0.4], ['w_y', 0.5]]),
  result(4, 'new_whale', [['w_d', 0.9], ['w_e', 1.0]]),
];
const runB = [
  result(1, 'w_a', [['w_b', 0.1], ['w_a', 0.2]]),
  result(2, 'w_b', [['w_b', 0.1]]),
  result(3, 'w_c', [['w_c', 0.2]]),
];

test('rank of the first correct match; none for misses and for new_whale queries', () => {
  assert.equal(firstCorrectRank(runA[0]!, 'new_whale'), 1);
  assert.equal(firstCorrectRank(runA[1]!, 'new_whale'), 3);
  assert.equal(firstCorrectRank(runA[2]!, 'new_whale'), null);
  assert.equal(firstCorrectRank(result(5, 'new_whale', [['new_whale', 0.1]]), 'new_whale'), null);
});

test('filters: failures, new_whale, identity search', () => {
  const rows = buildQueryRows(runA, null, 'new_whale');
  const ids = (filter: Parameters<typeof filterQueryRows>[1]) => filterQueryRows(rows, filter).map((r) => r.queryImageId);
  assert.deepEqual(ids({ filter: 'all', identitySearch: '' }), [1, 2, 3, 4]);
  assert.deepEqual(ids({ filter: 'failures', identitySearch: '' }), [2, 3, 4]);
  assert.deepEqual(ids({ filter: 'newWhale', identitySearch: '' }), [4]);
  assert.deepEqual(ids({ filter: 'all', identitySearch: ' W_B ' }), [2]);
  assert.deepEqual(ids({ filter: 'failures', identitySearch: 'w_a' }), []);
});

test('fixed and broken by run B compare top-1 correctness on the same queries', () => {
  const rows = buildQueryRows(runA, runB, 'new_whale');
  assert.equal(rows[3]!.firstCorrectRankB, undefined, 'run B has no result for query 4');
  const ids = (filter: 'fixedByB' | 'brokenByB') => filterQueryRows(rows, { filter, identitySearch: '' }).map((r) => r.queryImageId);
  assert.deepEqual(ids('fixedByB'), [2, 3]);
  assert.deepEqual(ids('brokenByB'), [1]);
  assert.deepEqual(filterQueryRows(buildQueryRows(runA, null, 'new_whale'), { filter: 'fixedByB', identitySearch: '' }), []);
});

test('sorting by the rank of the first correct match: misses first, then worse ranks', () => {
  const rows = buildQueryRows(runA, null, 'new_whale');
  assert.deepEqual(sortQueryRows(rows, 'failuresFirst').map((r) => r.queryImageId), [3, 4, 2, 1]);
  assert.deepEqual(sortQueryRows(rows, 'bestFirst').map((r) => r.queryImageId), [1, 2, 3, 4]);
  assert.deepEqual(sortQueryRows(rows, 'identity').map((r) => r.identity), ['new_whale', 'w_a', 'w_b', 'w_c']);
});

test('top 5 distinct identities with new_whale inserted at the threshold', () => {
  const query = result(1, 'w_a', [['w_b', 0.1], ['w_b', 0.2], ['w_a', 0.5], ['w_c', 0.6], ['w_d', 0.7], ['w_e', 0.8]]);
  assert.deepEqual(topFiveForQuery(query, 'new_whale', null), ['w_b', 'w_a', 'w_c', 'w_d', 'w_e']);
  assert.deepEqual(topFiveForQuery(query, 'new_whale', 0.3), ['w_b', 'new_whale', 'w_a', 'w_c', 'w_d']);
});

test('MAP@5 under a threshold: a low threshold helps new_whale queries and costs far matches', () => {
  const queries = runA.map(asMapAt5Query);
  // No threshold: 1 (rank 1) + 1/2 (w_b is the 2nd distinct identity) + 0 + 0.
  assert.ok(Math.abs(map5AtThreshold(queries, 'new_whale', null) - 1.5 / 4) < 1e-12);
  // t = 0.25: query 2's w_b (0.3) falls to the 3rd place, query 4 gets new_whale first.
  assert.ok(Math.abs(map5AtThreshold(queries, 'new_whale', 0.25) - (1 + 1 / 3 + 0 + 1) / 4) < 1e-12);
  // t = 0.05: new_whale comes first everywhere.
  assert.ok(Math.abs(map5AtThreshold(queries, 'new_whale', 0.05) - (1 / 2 + 1 / 3 + 0 + 1) / 4) < 1e-12);
});

test('threshold slider range covers the farthest neighbour', () => {
  const range = thresholdRange(runA);
  assert.equal(range.min, 0);
  assert.ok(range.max > 1.0 && range.max < 1.1);
  assert.deepEqual(thresholdRange([]), { min: 0, max: 1, step: 0.001 });
});

test('best threshold for the slider: the smallest slider value with the highest MAP@5', () => {
  const queries = runA.map(asMapAt5Query);
  const thresholds = sliderThresholds(thresholdRange(runA));
  assert.equal(thresholds.length, 1001);
  // Below 0.3 query 2 loses w_b to new_whale; from 0.9 query 4 loses new_whale's first place.
  const best = bestMapAt5Threshold(queries, 'new_whale', thresholds)!;
  assert.ok(Math.abs(best.value - 2.5 / 4) < 1e-12, `MAP@5 ${best.value}`);
  assert.ok(best.threshold >= 0.3 && best.threshold < 0.302, `threshold ${best.threshold}`);
  assert.ok(thresholds.includes(best.threshold), 'a value the slider can show');
  assert.equal(best.value, map5AtThreshold(queries, 'new_whale', best.threshold));
});

