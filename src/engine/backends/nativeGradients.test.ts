/**
 * The gradients the trainer takes on the native `tensorflow` backend against the pure-JS
 * `cpu` backend (the reference implementation), on the models' own layers and shapes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { LossConfig, ModelConfig } from '../../protocol/experiment';
import { SeededRandom } from '../../random/seededRandom';
import { createLoss } from '../losses/createLoss';
import { createEmbeddingModel } from '../models/createEmbeddingModel';
import { normalisedSlice } from '../models/sliceEmbedding';
import { requireTensorflowBackend } from './fixtures/requireTensorflowBackend';

function randomValues(seed: number, size: number): Float32Array {
  const random = new SeededRandom(seed);
  return Float32Array.from({ length: size }, () => random.normal());
}

/** Largest difference relative to the reference's largest magnitude (plus a floor for all-zero gradients). */
function relativeError(ours: Float32Array, reference: Float32Array): number {
  let difference = 0;
  let scale = 1e-6;
  for (let i = 0; i < reference.length; i++) {
    difference = Math.max(difference, Math.abs(ours[i]! - reference[i]!));
    scale = Math.max(scale, Math.abs(reference[i]!));
  }
  return difference / scale;
}

const lossConfig = (type: LossConfig['type']): LossConfig => ({ type, margin: 0.2, beta: 1.2, learnBeta: true, classSpecificBeta: false, betaLearningRate: 0.1, nu: 0, numClasses: 4 } as LossConfig);

/** Every trainable variable's gradient (plus the loss value) of one training step of the real model and loss. */
async function stepGradients(backend: 'cpu' | 'tensorflow', model: ModelConfig, input: { height: number; width: number; channels: number }, lossType: LossConfig['type']): Promise<Map<string, Float32Array>> {
  if (backend === 'cpu') await tf.setBackend('cpu');
  else await requireTensorflowBackend();
  const batch = 8;
  const net = await createEmbeddingModel(model, input, 11, '/');
  const loss = createLoss(lossConfig(lossType), 4);
  const images = tf.tensor4d(randomValues(3, batch * input.height * input.width * input.channels), [batch, input.height, input.width, input.channels]);
  const labels = Int32Array.from([0, 0, 1, 1, 2, 2, 3, 3]);
  // Fixed triplets: mining reads distances, so it could pick different ones on two backends.
  const triplets = { anchors: Int32Array.from([0, 2, 4, 6, 1]), positives: Int32Array.from([1, 3, 5, 7, 0]), negatives: Int32Array.from([2, 4, 6, 0, 7]) };
  const variables = [...net.trainableVariables, ...loss.extraVariables().variables];
  const { value, grads } = tf.variableGrads(() => loss.compute(normalisedSlice(net.apply(images, true).embedding, 2, 1), labels, triplets), variables);
  const result = new Map<string, Float32Array>([['loss', value.dataSync() as Float32Array]]);
  // Variables are named by a process-wide counter, so they are keyed by position and shape.
  variables.forEach((variable, i) => result.set(`variable ${i} [${variable.shape.join(',')}]`, grads[variable.name]!.dataSync() as Float32Array));
  tf.dispose([value, images, ...Object.values(grads)]);
  net.dispose();
  loss.dispose();
  return result;
}

const models: Array<{ name: string; model: ModelConfig; input: { height: number; width: number; channels: number } }> = [
  // The demo's shape: grayscale 32x64 flukes (a one-channel first convolution).
  { name: 'resnet, 1 channel', model: { backbone: 'resnet', width: 8, blocksPerStage: [1, 1, 1], layersModelPath: null, embeddingSize: 64 }, input: { height: 32, width: 64, channels: 1 } },
  { name: 'resnet, 3 channels, 2 blocks a stage', model: { backbone: 'resnet', width: 8, blocksPerStage: [2, 1, 1], layersModelPath: null, embeddingSize: 32 }, input: { height: 28, width: 28, channels: 3 } },
];

for (const { name, model, input } of models) {
  for (const lossType of ['margin', 'triplet', 'contrastive'] as const) {
    test(`tensorflow backend: every gradient of a training step matches the cpu backend (${name}, ${lossType} loss)`, async () => {
      const reference = await stepGradients('cpu', model, input, lossType);
      const ours = await stepGradients('tensorflow', model, input, lossType);
      assert.deepEqual([...ours.keys()].sort(), [...reference.keys()].sort());
      for (const [variable, values] of reference) {
        assert.ok(values.some((v) => v !== 0) || variable === 'loss' || reference.size - 1 === [...reference.keys()].indexOf(variable), `${variable}: the reference gradient is all zero, so it checks nothing`);
        const error = relativeError(ours.get(variable)!, values);
        assert.ok(error < 2e-3, `${variable}: tensorflow differs from cpu by ${error.toExponential(2)} (relative)`);
      }
    });
  }
}

test('tensorflow backend: Conv2DBackpropInput with one input and one output channel is routed and right every time', async () => {
  await requireTensorflowBackend();
  const kernel = tf.getKernel('Conv2DBackpropInput', 'tensorflow')!;
  assert.equal((kernel.kernelFunc as { routed?: boolean }).routed, true, 'the routing kernel is not registered');
  // oneDNN's wrong results came about half the time: 40 tries per shape would all but surely show one.
  const shapes = [
    { input: [8, 32, 64, 1], strides: 1, pad: 'same' as const },
    { input: [8, 32, 64, 1], strides: 2, pad: 'same' as const },
    { input: [4, 16, 16, 1], strides: 1, pad: 'valid' as const },
  ];
  for (const shape of shapes) {
    const [b, h, w] = shape.input as [number, number, number, number];
    const oh = shape.pad === 'same' ? Math.ceil(h / shape.strides) : Math.ceil((h - 2) / shape.strides);
    const ow = shape.pad === 'same' ? Math.ceil(w / shape.strides) : Math.ceil((w - 2) / shape.strides);
    for (let trial = 0; trial < 40; trial++) {
      const dyValues = randomValues(100 + trial, b * oh * ow);
      const filterValues = randomValues(200 + trial, 9);
      const backprop = (): Float32Array =>
        tf.tidy(() => tf.conv2dTranspose(tf.tensor4d(dyValues, [b, oh, ow, 1]), tf.tensor4d(filterValues, [3, 3, 1, 1]), shape.input as [number, number, number, number], shape.strides, shape.pad).dataSync() as Float32Array);
      await tf.setBackend('tensorflow');
      const ours = backprop();
      await tf.setBackend('cpu');
      const error = relativeError(ours, backprop());
      assert.ok(error < 1e-5, `${JSON.stringify(shape)} trial ${trial}: routed Conv2DBackpropInput differs from cpu by ${error.toExponential(2)}`);
    }
  }
});
