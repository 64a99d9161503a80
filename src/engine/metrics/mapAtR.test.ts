import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapAtR } from './mapAtR';

test('MAP@R and R-precision by hand', () => {
  // Query A (label 1, R = 3): top 3 labels 1, 0, 1 -> AP = (1/1 + 2/3) / 3, R-precision 2/3.
  // Query B (label 2, R = 1): top 1 label 0 -> 0, 0.
  const neighbourLabels = Int32Array.of(1, 0, 1, 1, 0, 2, 2, 2);
  const result = mapAtR(neighbourLabels, 4, Int32Array.of(1, 2), Int32Array.of(3, 1));
  assert.ok(Math.abs(result.mapAtR - ((1 + 2 / 3) / 3 + 0) / 2) < 1e-12);
  assert.ok(Math.abs(result.rPrecision - (2 / 3 + 0) / 2) < 1e-12);
  assert.throws(() => mapAtR(neighbourLabels, 4, Int32Array.of(1, 2), Int32Array.of(5, 1)), /needs 5 neighbours, only 4/);
  assert.throws(() => mapAtR(neighbourLabels, 4, Int32Array.of(1, 2), Int32Array.of(0, 1)), /no relevant item/);
});
