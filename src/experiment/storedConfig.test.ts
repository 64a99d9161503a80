import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateAgainstSchema } from './experimentSchema';
import { withSchemaDefaults } from './storedConfig';
import type { ExperimentConfig } from '../protocol/experiment';

test('a config stored before selectBy and keepCheckpoints existed gets their defaults, and keeps its own values', () => {
  const config = { name: 'old', epochs: 7, runtime: { backend: 'cpu' } } as unknown as ExperimentConfig;
  assert.deepEqual(validateAgainstSchema(config), []);
  const stored = structuredClone(config) as unknown as { evaluation: Record<string, unknown>; runtime: Record<string, unknown> };
  delete stored.evaluation.selectBy;
  delete stored.runtime.keepCheckpoints;
  const filled = withSchemaDefaults(stored as unknown as ExperimentConfig);
  assert.equal(filled.evaluation.selectBy, 'recall@1');
  assert.equal(filled.runtime.keepCheckpoints, 'last-and-best');
  assert.equal(filled.epochs, 7);
  assert.equal(filled.runtime.backend, 'cpu');
  assert.equal((stored.runtime as { keepCheckpoints?: unknown }).keepCheckpoints, undefined, 'the stored object is not changed');
});

test('keepCheckpoints takes a count, and refuses zero and other words', () => {
  const valid = { name: 'n', runtime: { keepCheckpoints: 3 }, evaluation: { selectBy: 'map5' } };
  assert.deepEqual(validateAgainstSchema(valid), []);
  assert.ok(validateAgainstSchema({ name: 'n', runtime: { keepCheckpoints: 0 } }).some((p) => p.path === '/runtime/keepCheckpoints'));
  assert.ok(validateAgainstSchema({ name: 'n', runtime: { keepCheckpoints: 'best' } }).some((p) => p.path === '/runtime/keepCheckpoints'));
  assert.ok(validateAgainstSchema({ name: 'n', evaluation: { selectBy: 'loss' } }).some((p) => p.path === '/evaluation/selectBy'));
});
