import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configDiff, flattenConfig } from './configDiff';

test('flattens nested objects to dotted paths; arrays are leaves', () => {
  const flat = flattenConfig({ method: { clusters: 4, reclusterEvery: 2 }, evaluation: { recallAt: [1, 2] }, name: 'x', none: null });
  assert.deepEqual(Object.fromEntries(flat), {
    'method.clusters': '4',
    'method.reclusterEvery': '2',
    'evaluation.recallAt': '[1,2]',
    name: 'x',
    none: 'null',
  });
});

test('only keys that differ, with one value per run and a dash where a run lacks the key', () => {
  const rows = configDiff([
    { method: { clusters: 1, reclusterEvery: 2 }, loss: { margin: 0.2 } },
    { method: { clusters: 4, reclusterEvery: 2 }, loss: { margin: 0.2 } },
    { method: { clusters: 8, reclusterEvery: 2 }, loss: { margin: 0.2, beta: 1.2 } },
  ]);
  assert.deepEqual(rows, [
    { path: 'loss.beta', values: ['—', '—', '1.2'] },
    { path: 'method.clusters', values: ['1', '4', '8'] },
  ]);
});

test('identical configs give no rows; "4" and 4 differ', () => {
  assert.deepEqual(configDiff([{ a: { b: 1 } }, { a: { b: 1 } }]), []);
  assert.equal(configDiff([{ a: 4 }, { a: '4' }]).length, 0, 'both are shown as 4');
  assert.equal(configDiff([{ a: [4] }, { a: ['4'] }]).length, 1);
});
