import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '../../random/seededRandom';
import { BatchNormalization } from './batchNormalization';
import { VariableRegistry } from './variableRegistry';

function randomTensor(random: SeededRandom, shape: number[]): tf.Tensor {
  return tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random.normal() * 2 + 0.5), shape);
}

function assertClose(actual: Float32Array | number[], expected: Float32Array | number[], tolerance: number, label: string): void {
  assert.equal(actual.length, expected.length, label);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tolerance * (1 + Math.abs(expected[i]!)), `${label}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

test('batch norm with its own gradient matches tf.batchNorm in value and gradient, and updates running statistics', async () => {
  await tf.setBackend('cpu');
  const random = new SeededRandom(3);
  const registry = new VariableRegistry();
  const norm = new BatchNormalization(registry, 'bn', 4);
  const [gamma, beta] = registry.trainableVariables as [tf.Variable, tf.Variable];
  gamma.assign(randomTensor(random, [4]));
  beta.assign(randomTensor(random, [4]));
  const x = randomTensor(random, [3, 5, 2, 4]) as tf.Tensor4D;
  const weights = randomTensor(random, [3, 5, 2, 4]);
  const ours = (input: tf.Tensor4D) => tf.sum(tf.mul(norm.apply(input, true), weights));
  const reference = (input: tf.Tensor4D) => {
    const { mean, variance } = tf.moments(input, [0, 1, 2]);
    return tf.sum(tf.mul(tf.batchNorm(input, mean, variance, beta, gamma, 1e-5), weights));
  };
  const oursGrad = tf.valueAndGrads((input: tf.Tensor) => ours(input as tf.Tensor4D))([x]);
  const referenceGrad = tf.valueAndGrads((input: tf.Tensor) => reference(input as tf.Tensor4D))([x]);
  assertClose([oursGrad.value.dataSync()[0]!], [referenceGrad.value.dataSync()[0]!], 1e-4, 'value');
  assertClose(oursGrad.grads[0]!.dataSync() as Float32Array, referenceGrad.grads[0]!.dataSync() as Float32Array, 1e-4, 'dx');
  const oursParameterGrads = tf.variableGrads(() => ours(x) as tf.Scalar, [gamma, beta]).grads;
  const referenceParameterGrads = tf.variableGrads(() => reference(x) as tf.Scalar, [gamma, beta]).grads;
  for (const variable of [gamma, beta]) {
    assertClose(oursParameterGrads[variable.name]!.dataSync() as Float32Array, referenceParameterGrads[variable.name]!.dataSync() as Float32Array, 1e-4, `d${variable.name}`);
  }

  // Two training calls: running = 0.81 * initial + (0.1 + 0.09) * batch statistic (variance unbiased, n = 30).
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  const saved = registry.save();
  const runningMean = saved.find((w) => w.name === 'bn/runningMean')!.values;
  const runningVariance = saved.find((w) => w.name === 'bn/runningVariance')!.values;
  assertClose(runningMean, Array.from(mean.dataSync(), (m) => 0.19 * m), 1e-5, 'running mean');
  assertClose(runningVariance, Array.from(variance.dataSync(), (v) => 0.81 + 0.19 * v * (30 / 29)), 1e-5, 'running variance');

  // Inference uses the running statistics.
  const inference = norm.apply(x, false).dataSync();
  const g = gamma.dataSync();
  const b = beta.dataSync();
  const xs = x.dataSync();
  const expected = Array.from(xs, (value, i) => {
    const c = i % 4;
    return ((value - runningMean[c]!) / Math.sqrt(runningVariance[c]! + 1e-5)) * g[c]! + b[c]!;
  });
  assertClose(inference as Float32Array, expected, 1e-5, 'inference');
  registry.dispose();
});

test('frozen statistics: training forwards normalise with the running statistics, leave them fixed, and still train gamma and beta', async () => {
  await tf.setBackend('cpu');
  const random = new SeededRandom(4);
  const registry = new VariableRegistry();
  const norm = new BatchNormalization(registry, 'bn', 3);
  norm.apply(randomTensor(random, [2, 2, 2, 3]) as tf.Tensor4D, true);
  const running = () => registry.save().filter((w) => w.name.includes('running')).map((w) => Array.from(w.values));
  const before = running();
  norm.statistics = 'frozen';
  const x = randomTensor(random, [2, 2, 2, 3]) as tf.Tensor4D;
  assertClose(norm.apply(x, true).dataSync() as Float32Array, norm.apply(x, false).dataSync() as Float32Array, 1e-6, 'frozen = inference');
  assert.deepEqual(running(), before, 'running statistics unchanged');
  const { grads } = tf.variableGrads(() => tf.sum(norm.apply(x, true)) as tf.Scalar, registry.trainableVariables);
  assert.ok(Object.values(grads).some((grad) => tf.any(tf.notEqual(grad, 0)).dataSync()[0]), 'gamma and beta get gradients');
  registry.dispose();
});

test('re-estimation: the running statistics become the average over the batches seen since it began', async () => {
  await tf.setBackend('cpu');
  const random = new SeededRandom(5);
  const registry = new VariableRegistry();
  const norm = new BatchNormalization(registry, 'bn', 2);
  norm.apply(randomTensor(random, [4, 2, 2, 2]) as tf.Tensor4D, true);
  norm.statistics = 'reestimating';
  const batches = [randomTensor(random, [3, 2, 2, 2]), tf.add(randomTensor(random, [3, 2, 2, 2]), 5)] as tf.Tensor4D[];
  for (const batch of batches) norm.apply(batch, true);
  norm.statistics = 'batch';
  const moments = batches.map((batch) => tf.moments(batch, [0, 1, 2]));
  const average = (pick: (m: { mean: tf.Tensor; variance: tf.Tensor }) => tf.Tensor, scale: number) =>
    Array.from(tf.mul(tf.div(tf.add(pick(moments[0]!), pick(moments[1]!)), 2), scale).dataSync());
  const saved = registry.save();
  assertClose(saved.find((w) => w.name === 'bn/runningMean')!.values, average((m) => m.mean, 1), 1e-5, 'running mean');
  assertClose(saved.find((w) => w.name === 'bn/runningVariance')!.values, average((m) => m.variance, 12 / 11), 1e-5, 'running variance (unbiased)');
  registry.dispose();
});
