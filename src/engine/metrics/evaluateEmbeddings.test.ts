import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateEmbeddings, type EvaluationInput } from './evaluateEmbeddings';

// 1-D items: 0 at 0 (A), 1 at 1 (A), 2 at 3 (B), 3 at 3.5 (B), 4 at 10 (C, alone), 5 at 1.5 (new_whale = 9).
const A = 0, B = 1, C = 2, NEW = 9;
const base: EvaluationInput = {
  embeddings: Float32Array.of(0, 1, 3, 3.5, 10, 1.5),
  dim: 1,
  labels: Int32Array.of(A, A, B, B, C, NEW),
  queryIndices: null,
  galleryIndices: null,
  recallAt: [1, 2],
  nmi: false,
  mapAtR: true,
  map5: { newWhaleLabel: NEW, threshold: 1.2 },
  topK: 2,
  seed: 1,
};

test('all items query all others: recall, MAP@R, MAP@5 and stored neighbours by hand', () => {
  const result = evaluateEmbeddings(base);
  // Answerable queries 0-3 (4 is alone, 5 is new_whale). Nearest: 0->1 (A), 1->5 (new_whale, no match),
  // 2->3 (B), 3->2 (B); second nearest of 1 is 0 (A).
  assert.deepEqual(result.recallAtK, { '1': 3 / 4, '2': 1 });
  assert.equal(result.mapAtR, 3 / 4);
  assert.equal(result.rPrecision, 3 / 4);
  // MAP@5 over all six: q0 [A, new] 1; q1 [new (0.5), A] 1/2; q2 [B, new] 1; q3 [B] 1; q4 [new, B, ...] 0;
  // q5 (new_whale) [A (0.5), new (1.2)] 1/2.
  assert.ok(Math.abs(result.map5! - 4 / 6) < 1e-12);
  assert.equal(result.nmi, null);
  assert.equal(result.neighbours.k, 2);
  assert.deepEqual(Array.from(result.neighbours.indices.subarray(0, 4)), [1, 5, 5, 0]);
  assert.deepEqual(Array.from(result.neighbours.distances.subarray(0, 4)), [1, 1.5, 0.5, 1]);
  // Item 5 at 1.5: 1 (0.5), then 0 and 2 tie at 1.5 -> 0 first.
  assert.deepEqual(Array.from(result.neighbours.indices.subarray(10, 12)), [1, 0]);
});

test('query set vs gallery set: a query whose identity is absent is left out of recall; NMI', () => {
  const result = evaluateEmbeddings({ ...base, queryIndices: [0, 4], galleryIndices: [1, 2, 3], map5: null, nmi: true, topK: 3, recallAt: [1] });
  assert.deepEqual(result.recallAtK, { '1': 1 });
  assert.equal(result.mapAtR, 1);
  assert.equal(result.map5, null);
  // Clusters {0, 1}, {3, 3.5}, {10} are exactly the identities (new_whale item 5 is left out).
  assert.ok(Math.abs(result.nmi! - 1) < 1e-12);
  assert.deepEqual(Array.from(result.neighbours.indices), [1, 2, 3, 3, 2, 1]);
});

test('bad input names what is wrong', () => {
  assert.throws(() => evaluateEmbeddings({ ...base, labels: Int32Array.of(1) }), /1 labels for 6 embeddings/);
  assert.throws(() => evaluateEmbeddings({ ...base, dim: 4 }), /do not form rows of dim 4/);
});

test('MAP@5 looks past five neighbours when they share identities', () => {
  // Query item 0 (identity 7) at 0; six items of identity 1 at 1..1.5; its other photo (identity 7) at 3.
  const result = evaluateEmbeddings({
    ...base,
    embeddings: Float32Array.of(0, 1, 1.1, 1.2, 1.3, 1.4, 1.5, 3),
    labels: Int32Array.of(7, 1, 1, 1, 1, 1, 1, 7),
    queryIndices: [0],
    galleryIndices: [1, 2, 3, 4, 5, 6, 7],
    map5: { newWhaleLabel: null, threshold: null },
    mapAtR: false,
  });
  // Distinct identities in order: 1, then 7 -> 1/2.
  assert.equal(result.map5, 1 / 2);
});
