import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { LossConfig } from '../../protocol/experiment';
import { ContrastiveLoss } from './contrastiveLoss';
import { createLoss } from './createLoss';
import { MarginLoss } from './marginLoss';
import { TripletLoss } from './tripletLoss';

const base: LossConfig = { type: 'margin', margin: 0.2, beta: 1.2, learnBeta: false, classSpecificBeta: false, betaLearningRate: 0.1, nu: 0 };

test('createLoss builds the configured loss with its settings', async () => {
  await tf.setBackend('cpu');
  assert.ok(createLoss(base, 4) instanceof MarginLoss);
  assert.deepEqual(createLoss(base, 4).extraVariables().variables, []);
  const classSpecific = createLoss({ ...base, classSpecificBeta: true, betaLearningRate: 0.05 }, 4);
  const extra = classSpecific.extraVariables();
  assert.deepEqual(extra.variables[0]!.shape, [4]);
  assert.equal(extra.learningRate, 0.05);
  classSpecific.dispose();
  const global = createLoss({ ...base, learnBeta: true }, 4);
  assert.deepEqual(global.extraVariables().variables[0]!.shape, []);
  global.dispose();
  const triplet = createLoss({ ...base, type: 'triplet', margin: 0.3 }, 4);
  assert.ok(triplet instanceof TripletLoss && triplet.margin === 0.3);
  const contrastive = createLoss({ ...base, type: 'contrastive', margin: 0.9 }, 4);
  assert.ok(contrastive instanceof ContrastiveLoss && contrastive.margin === 0.9);
  assert.throws(() => createLoss({ ...base, type: 'arcface' as LossConfig['type'] }, 4), /loss.type: unknown loss "arcface"/);
});
