import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nonFiniteEvaluation, nonFiniteWeight } from './divergence';

const metrics = { recallAtK: { '1': 0.5, '2': 1 }, nmi: null, mapAtR: 0.25, rPrecision: 0.5, map5: null };

test('the first weight holding NaN or Infinity is named, batch-norm statistics included', () => {
  const finite = { name: 'head/kernel', shape: [2], values: new Float32Array([1, -2]) };
  assert.equal(nonFiniteWeight([finite]), null);
  const variance = { name: 'backbone/norm1/runningVariance', shape: [3], values: new Float32Array([1, Infinity, 2]) };
  assert.equal(nonFiniteWeight([finite, variance]), 'weight backbone/norm1/runningVariance became Infinity');
  assert.equal(nonFiniteWeight([{ name: 'w', shape: [1], values: new Float32Array([Number.NaN]) }]), 'weight w became NaN');
});

test('non-finite embeddings or metrics of an evaluation are named; null metrics (not measured) are not', () => {
  assert.equal(nonFiniteEvaluation(new Float32Array([0.1, 0.2]), metrics), null);
  assert.equal(nonFiniteEvaluation(new Float32Array([0.1, Number.NaN]), metrics), 'an embedding of the evaluation images became NaN');
  assert.equal(nonFiniteEvaluation(new Float32Array([0.1]), { ...metrics, mapAtR: Number.NaN }), 'MAP@R became NaN');
  assert.equal(nonFiniteEvaluation(new Float32Array([0.1]), { ...metrics, recallAtK: { '1': -Infinity } }), 'recall@1 became -Infinity');
});
