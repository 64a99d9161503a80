import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { ParameterOptimizer } from './parameterOptimizer';
import type { OptimizerConfig } from '../../protocol/experiment';

const adam: OptimizerConfig = { type: 'adam', learningRate: 0.05, weightDecay: 0, momentum: 0 };

function quadraticGradients(variable: tf.Variable): tf.NamedTensorMap {
  // d/dw of sum((w - 3)^2) = 2 (w - 3)
  return { [variable.name]: tf.tidy(() => tf.mul(tf.sub(variable, 3), 2)) };
}

function runSteps(optimizer: ParameterOptimizer, variable: tf.Variable, steps: number): void {
  for (let i = 0; i < steps; i++) {
    const gradients = quadraticGradients(variable);
    optimizer.apply(gradients);
    tf.dispose(gradients);
  }
}

test('Adam follows the same path as tf.train.adam when there is no weight decay', async () => {
  await tf.setBackend('cpu');
  const ours = tf.variable(tf.tensor1d([0, 1, -2]));
  const theirs = tf.variable(tf.tensor1d([0, 1, -2]));
  const optimizer = new ParameterOptimizer(adam, [{ variables: [ours], learningRate: 0.05, weightDecay: 0 }]);
  const reference = tf.train.adam(0.05, 0.9, 0.999, 1e-8);
  for (let i = 0; i < 20; i++) {
    const gradients = quadraticGradients(ours);
    optimizer.apply(gradients);
    tf.dispose(gradients);
    reference.minimize(() => tf.sum(tf.square(tf.sub(theirs, 3))), false, [theirs]);
  }
  const a = ours.dataSync();
  const b = theirs.dataSync();
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(a[i]! - b[i]!) < 1e-5, `element ${i}: ${a[i]} vs ${b[i]}`);
  assert.ok(Math.abs(a[0]! - 0) > 0.5, 'the variable moved');
  optimizer.dispose();
  reference.dispose();
  tf.dispose([ours, theirs]);
});

test('a restored optimizer continues exactly as the original', async () => {
  await tf.setBackend('cpu');
  for (const config of [adam, { type: 'sgd', learningRate: 0.01, weightDecay: 0.1, momentum: 0.9 } as OptimizerConfig]) {
    const original = tf.variable(tf.tensor1d([0.5, -1, 2, 7]));
    const optimizer = new ParameterOptimizer(config, [{ variables: [original], learningRate: config.learningRate, weightDecay: config.weightDecay }]);
    runSteps(optimizer, original, 5);
    const state = optimizer.saveState();
    const weights = original.dataSync().slice();
    runSteps(optimizer, original, 5);

    const copy = tf.variable(tf.tensor1d(weights));
    const restored = new ParameterOptimizer(config, [{ variables: [copy], learningRate: config.learningRate, weightDecay: config.weightDecay }]);
    restored.restoreState(state);
    runSteps(restored, copy, 5);
    assert.deepEqual(Array.from(copy.dataSync()), Array.from(original.dataSync()), config.type);
    optimizer.dispose();
    restored.dispose();
    tf.dispose([original, copy]);
  }
});

test('weight decay shrinks weights that have no loss gradient of their own', async () => {
  await tf.setBackend('cpu');
  const weights = tf.variable(tf.tensor1d([1, -1]));
  const optimizer = new ParameterOptimizer({ ...adam, weightDecay: 0.5 }, [{ variables: [weights], learningRate: 0.1, weightDecay: 0.5 }]);
  const gradients = { [weights.name]: tf.zeros([2]) };
  optimizer.apply(gradients);
  tf.dispose(gradients);
  assert.deepEqual(Array.from(weights.dataSync()).map((v) => Number(v.toFixed(5))), [0.95, -0.95]);
  optimizer.dispose();
  weights.dispose();
});
