import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { MarginLoss } from './marginLoss';

// Anchor (1,0); positive (-0.6,0.8) at sqrt(3.2); negatives (0.8,0.6) at sqrt(0.4) and (-1,0) at 2.
const points = [[1, 0], [-0.6, 0.8], [0.8, 0.6], [-1, 0]];
const labels = Int32Array.of(0, 0, 1, 2);
const triplets = { anchors: Int32Array.of(0, 0), positives: Int32Array.of(1, 1), negatives: Int32Array.of(2, 3) };
const dAP = Math.sqrt(3.2);
const dAN = Math.sqrt(0.4);

test('fixed beta: sum of the non-zero pair terms over their count', async () => {
  await tf.setBackend('cpu');
  const loss = new MarginLoss();
  const embeddings = tf.tensor2d(points);
  const value = loss.compute(embeddings, labels, triplets).dataSync()[0]!;
  // Terms: positive 0.2 + (dAP - 1.2) twice, negative 0.2 - (dAN - 1.2) once, 0.2 - (2 - 1.2) < 0.
  const positiveTerm = 0.2 + dAP - 1.2;
  const negativeTerm = 0.2 - (dAN - 1.2);
  assert.ok(Math.abs(value - (2 * positiveTerm + negativeTerm) / 3) < 1e-5, `loss ${value}`);
  assert.deepEqual(loss.extraVariables().variables, []);
  assert.deepEqual(Array.from(loss.betaValues()), [Math.fround(1.2)]);
  embeddings.dispose();
});

test('no non-zero term gives 0, not NaN', async () => {
  await tf.setBackend('cpu');
  const embeddings = tf.tensor2d(points);
  const loss = new MarginLoss({ beta: 1, margin: 0.2 });
  const value = loss.compute(embeddings, labels, { anchors: Int32Array.of(0), positives: Int32Array.of(2), negatives: Int32Array.of(3) }).dataSync()[0]!;
  // positive pair (0,2) at dAN: 0.2 + 0.632 - 1 < 0; negative (0,3): 0.2 - (2 - 1) < 0.
  assert.equal(value, 0);
  loss.dispose();
  embeddings.dispose();
});

test('learnt global beta: gradient (negatives - positives + nu * triplets) / count, own learning rate', async () => {
  await tf.setBackend('cpu');
  const loss = new MarginLoss({ learnBeta: true, betaLearningRate: 0.1, nu: 0.5 });
  const embeddings = tf.tensor2d(points);
  const { variables, learningRate } = loss.extraVariables();
  assert.equal(variables.length, 1);
  assert.equal(learningRate, 0.1);
  const { value, grads } = tf.variableGrads(() => loss.compute(embeddings, labels, triplets), variables);
  const positiveTerm = 0.2 + dAP - 1.2;
  const negativeTerm = 0.2 - (dAN - 1.2);
  assert.ok(Math.abs(value.dataSync()[0]! - (2 * positiveTerm + negativeTerm + 0.5 * 2 * 1.2) / 3) < 1e-5);
  const gradient = grads[variables[0]!.name]!.dataSync()[0]!;
  assert.ok(Math.abs(gradient - (-2 + 1 + 0.5 * 2) / 3) < 1e-5, `d loss / d beta = ${gradient}`);
  loss.dispose();
  embeddings.dispose();
});

test('class-specific beta uses the anchor class beta and checks labels', async () => {
  await tf.setBackend('cpu');
  const loss = new MarginLoss({ classSpecificBeta: true, numClasses: 3, beta: 1.2 });
  const embeddings = tf.tensor2d(points);
  const beta = loss.extraVariables().variables[0]!;
  assert.deepEqual(Array.from(loss.betaValues()), [1.2, 1.2, 1.2].map(Math.fround));
  beta.assign(tf.tensor1d([1.0, 5, 5]));
  assert.deepEqual(Array.from(loss.betaValues()), [1, 5, 5]);
  const value = loss.compute(embeddings, labels, triplets).dataSync()[0]!;
  // Anchor class 0 -> beta 1.0: positive 0.2 + dAP - 1 (twice), negative 0.2 - (dAN - 1), 0.2 - (2 - 1) < 0.
  const expected = (2 * (0.2 + dAP - 1) + (0.2 - (dAN - 1))) / 3;
  assert.ok(Math.abs(value - expected) < 1e-5, `loss ${value}, expected ${expected}`);
  const { grads } = tf.variableGrads(() => loss.compute(embeddings, labels, triplets), [beta]);
  const gradient = Array.from(grads[beta.name]!.dataSync());
  assert.ok(Math.abs(gradient[0]! - (-2 + 1) / 3) < 1e-5 && gradient[1] === 0 && gradient[2] === 0, `gradient ${gradient}`);
  assert.throws(() => loss.compute(embeddings, Int32Array.of(7, 0, 1, 2), triplets), /label 7 outside 0..2/);
  loss.dispose();
  embeddings.dispose();
});

test('the embedding gradient pulls the positive in and pushes the close negative out', async () => {
  await tf.setBackend('cpu');
  const loss = new MarginLoss();
  const gradient = tf.grad((x: tf.Tensor) => loss.compute(x as tf.Tensor2D, labels, triplets))(tf.tensor2d(points)).arraySync() as number[][];
  // The positive (index 1) moves towards the anchor (gradient along positive - anchor).
  const towards = [points[1]![0]! - points[0]![0]!, points[1]![1]! - points[0]![1]!];
  assert.ok(gradient[1]![0]! * towards[0]! + gradient[1]![1]! * towards[1]! > 0);
  // The close negative (index 2) moves away from the anchor; the far one (index 3) gets nothing.
  const away = [points[2]![0]! - points[0]![0]!, points[2]![1]! - points[0]![1]!];
  assert.ok(gradient[2]![0]! * away[0]! + gradient[2]![1]! * away[1]! < 0);
  assert.deepEqual(gradient[3], [0, 0]);
});
