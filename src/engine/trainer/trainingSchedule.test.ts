import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EvaluationConfig, MethodConfig } from '../../protocol/experiment';
import { activeClusters, evaluateAfter, lossOnFullEmbedding, reclusterAfter } from './trainingSchedule';

const method: MethodConfig = {
  clusters: 4,
  reclusterEvery: 2,
  clusterOn: 'backbone',
  finetuneEpoch: 7,
  fullEmbeddingEpoch: 5,
  kmeansRestarts: 1,
  kmeansMaxIterations: 20,
};

test('K learners until finetuneEpoch, then one', () => {
  assert.deepEqual([1, 6, 7, 9].map((epoch) => activeClusters(method, epoch)), [4, 4, 1, 1]);
  assert.equal(activeClusters({ ...method, finetuneEpoch: null }, 100), 4);
});

test('slice losses until fullEmbeddingEpoch, whole embedding after (and whenever K = 1)', () => {
  assert.deepEqual([1, 4, 5, 7].map((epoch) => lossOnFullEmbedding(method, epoch)), [false, false, true, true]);
  assert.equal(lossOnFullEmbedding({ ...method, clusters: 1, fullEmbeddingEpoch: null }, 1), true);
});

test('reclusters every M epochs, never after the last nor once K is 1', () => {
  const epochs = 10;
  const after = Array.from({ length: epochs }, (_, i) => i + 1).filter((epoch) => reclusterAfter(method, epoch, epochs));
  assert.deepEqual(after, [2, 4]);
  assert.equal(reclusterAfter({ ...method, reclusterEvery: 0 }, 2, epochs), false);
});

test('evaluates every E epochs and after the last', () => {
  const evaluation = { every: 3 } as EvaluationConfig;
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7].filter((epoch) => evaluateAfter(evaluation, epoch, 7)), [3, 6, 7]);
});
