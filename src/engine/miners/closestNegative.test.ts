import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestNegative } from './closestNegative';

// Four points: labels 0, 0, 1, 1; distances from anchor 0 are 0, 0.3, 0.9, 0.6.
const labels = new Int32Array([0, 0, 1, 1]);
const distances = new Float32Array([
  0, 0.3, 0.9, 0.6,
  0.3, 0, 0.5, 0.5,
  0.9, 0.5, 0, 0.2,
  0.6, 0.5, 0.2, 0,
]);

test('the closest point of another label, never a same-label one', () => {
  assert.equal(closestNegative(distances, labels, 4, 0), 3);
  assert.equal(closestNegative(distances, labels, 4, 2), 1);
});

test('negatives nearer than the minimum distance are passed over; ties go to the lower index', () => {
  assert.equal(closestNegative(distances, labels, 4, 0, 0.7), 2);
  assert.equal(closestNegative(distances, labels, 4, 0, 1), -1);
  assert.equal(closestNegative(distances, labels, 4, 1), 2);
});
