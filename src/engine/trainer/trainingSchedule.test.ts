import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EvaluationConfig, MethodConfig } from '../../protocol/experiment';
import { evaluateAfter, trainingSchedule } from './trainingSchedule';

const method: MethodConfig = {
  clusters: 4,
  reclusterEvery: 2,
  clusterOn: 'backbone',
  clusterAssignment: 'kmeans',
  divideFromEpoch: 1,
  finetuneEpoch: 7,
  fullEmbeddingEpoch: 5,
  kmeansRestarts: 1,
  kmeansMaxIterations: 20,
  batchNorm: 'train',
};
const epochsOf = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

test('K learners until finetuneEpoch, then one', () => {
  const schedule = trainingSchedule(method, 10);
  assert.deepEqual([1, 6, 7, 9].map((epoch) => schedule.clustersAt(epoch)), [4, 4, 1, 1]);
  assert.equal(trainingSchedule({ ...method, finetuneEpoch: null }, 100).clustersAt(100), 4);
});

test('slice losses until fullEmbeddingEpoch, whole embedding after (and whenever K = 1)', () => {
  const schedule = trainingSchedule(method, 10);
  assert.deepEqual([1, 4, 5, 7].map((epoch) => schedule.lossOnFullEmbedding(epoch)), [false, false, true, true]);
  assert.equal(trainingSchedule({ ...method, clusters: 1, fullEmbeddingEpoch: null }, 10).lossOnFullEmbedding(1), true);
});

test('reclusters every M epochs, never after the last nor once K is 1', () => {
  const schedule = trainingSchedule(method, 10);
  assert.deepEqual(epochsOf(10).filter((epoch) => schedule.reclusterAfter(epoch)), [2, 4]);
  assert.equal(trainingSchedule({ ...method, reclusterEvery: 0 }, 10).reclusterAfter(2), false);
});

test('the auto schedule: a fifth warm-up at K = 1, slices, full embedding, then K = 1 (decisions 8 and 10)', () => {
  const auto = trainingSchedule({ ...method, divideFromEpoch: 'auto', fullEmbeddingEpoch: 'auto', finetuneEpoch: 'auto' }, 10);
  assert.deepEqual([auto.divideFrom, auto.fullEmbeddingFrom, auto.finetuneFrom], [3, 7, 9]);
  assert.deepEqual(epochsOf(10).map((epoch) => auto.clustersAt(epoch)), [1, 1, 4, 4, 4, 4, 4, 4, 1, 1]);
  assert.deepEqual(epochsOf(10).map((epoch) => auto.lossOnFullEmbedding(epoch)), [true, true, false, false, false, false, true, true, true, true]);
  // The first division follows the warm-up (after epoch 2); then every 2 epochs until K = 1.
  assert.deepEqual(epochsOf(10).filter((epoch) => auto.reclusterAfter(epoch)), [2, 4, 6]);
  const noConquer = trainingSchedule({ ...method, divideFromEpoch: 'auto', fullEmbeddingEpoch: null, finetuneEpoch: null }, 10);
  assert.deepEqual(epochsOf(10).map((epoch) => noConquer.clustersAt(epoch)), [1, 1, 4, 4, 4, 4, 4, 4, 4, 4]);
});

test('batch norm freezes from the division on for every K, only when asked', () => {
  const frozen = { ...method, divideFromEpoch: 3, batchNorm: 'freeze-after-warmup' } as const;
  assert.deepEqual(epochsOf(4).map((epoch) => trainingSchedule(frozen, 10).batchNormFrozen(epoch)), [false, false, true, true]);
  assert.deepEqual(epochsOf(4).map((epoch) => trainingSchedule({ ...frozen, clusters: 1 }, 10).batchNormFrozen(epoch)), [false, false, true, true]);
  assert.equal(trainingSchedule({ ...frozen, batchNorm: 'reestimate-mixed' }, 10).batchNormFrozen(4), false);
});

test('evaluates every E epochs and after the last', () => {
  const evaluation = { every: 3 } as EvaluationConfig;
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7].filter((epoch) => evaluateAfter(evaluation, epoch, 7)), [3, 6, 7]);
});
