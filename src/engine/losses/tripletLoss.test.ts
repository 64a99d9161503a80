import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { TripletLoss } from './tripletLoss';

test('triplet loss averages the non-zero hinge terms', async () => {
  await tf.setBackend('cpu');
  // Points on a line: anchor 0, positive 1, negatives at 0.5 (hard), 1.1 (semi-hard), 3 (easy).
  const embeddings = tf.tensor2d([[0], [1], [0.5], [1.1], [3]]);
  const triplets = { anchors: Int32Array.of(0, 0, 0), positives: Int32Array.of(1, 1, 1), negatives: Int32Array.of(2, 3, 4) };
  const value = new TripletLoss(0.2).compute(embeddings, Int32Array.of(0, 0, 1, 2, 3), triplets).dataSync()[0]!;
  // (1 - 0.5 + 0.2) and (1 - 1.1 + 0.2); the third is 0 and not counted.
  assert.ok(Math.abs(value - (0.7 + 0.1) / 2) < 1e-4, `loss ${value}`);
  embeddings.dispose();
});
