import { test } from 'node:test';
import assert from 'node:assert/strict';
import { median, roundsNote } from './roundStatistics';

test('median of odd and even counts; no values is an error', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.throws(() => median([]), /no values/);
});

test('a rounds note gives each side its range', () => {
  assert.equal(roundsNote([0.12, 0.15, 0.13], [0.2, 0.31, 0.25]), 'median of 3 alternating rounds (ours 0.120-0.150, reference 0.200-0.310)');
  assert.equal(roundsNote([2.5], []), 'median of 1 alternating round (ours 2.50)');
});
