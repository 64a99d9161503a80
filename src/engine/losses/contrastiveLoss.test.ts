import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { ContrastiveLoss } from './contrastiveLoss';

test('contrastive loss: d^2 for positives, max(0, margin - d)^2 for negatives, over non-zero terms', async () => {
  await tf.setBackend('cpu');
  const embeddings = tf.tensor2d([[0], [0.5], [0.75], [2]]);
  const triplets = { anchors: Int32Array.of(0, 0), positives: Int32Array.of(1, 1), negatives: Int32Array.of(2, 3) };
  const value = new ContrastiveLoss(1).compute(embeddings, Int32Array.of(0, 0, 1, 2), triplets).dataSync()[0]!;
  // Positives 0.25 twice; negatives (1 - 0.75)^2 = 0.0625 and 0 (not counted).
  assert.ok(Math.abs(value - (0.25 + 0.25 + 0.0625) / 3) < 1e-4, `loss ${value}`);
  embeddings.dispose();
});
