import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkedBatchSize } from './checkedBatchSize';

test('checkedBatchSize is B for B x B distances and rejects any other length', () => {
  assert.equal(checkedBatchSize(new Float32Array(9), Int32Array.of(0, 0, 1)), 3);
  assert.throws(() => checkedBatchSize(new Float32Array(10), Int32Array.of(0, 0, 1, 1, 2, 2)), /10 distances for a batch of 6 \(expected 36\)/);
});
