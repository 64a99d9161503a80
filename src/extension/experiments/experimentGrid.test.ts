import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gridRunCount } from './experimentGrid';

test('counts the grid combinations, 0 without a usable grid', () => {
  assert.equal(gridRunCount('{"grid": {"method.clusters": [1, 2, 4, 8], "loss.type": ["margin", "triplet"]}}'), 8);
  assert.equal(gridRunCount('{"grid": {}}'), 0);
  assert.equal(gridRunCount('{"epochs": 3}'), 0);
  assert.equal(gridRunCount('{"grid": {"method.clusters": 4}}'), 0);
  assert.equal(gridRunCount('{"grid": '), 0);
  assert.equal(gridRunCount('null'), 0);
});

test('a 5 x 40 grid (100 million runs) is counted without being expanded', () => {
  const values = Array.from({ length: 40 }, (_, i) => i + 1);
  const keys = ['method.clusters', 'epochs', 'method.reclusterEvery', 'sampling.classesPerBatch', 'sampling.imagesPerClass'];
  const text = JSON.stringify({ grid: Object.fromEntries(keys.map((key) => [key, values])) });
  assert.equal(gridRunCount(text), 40 ** 5);
});
