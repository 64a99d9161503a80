import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../../protocol/experiment';
import { SeededRandom } from '../../random/seededRandom';
import { initialiseWasmBackend } from '../backends/initialiseWasmBackend';
import { createEmbeddingModel } from './createEmbeddingModel';
import { fileModelHandler } from './fileModelHandler';

const resnet: ModelConfig = { backbone: 'resnet', width: 4, blocksPerStage: [1, 1, 1], layersModelPath: null, embeddingSize: 6 };
const input = { height: 16, width: 24, channels: 3 };

function randomImages(seed: number, batch: number): tf.Tensor4D {
  const random = new SeededRandom(seed);
  const size = batch * input.height * input.width * input.channels;
  return tf.tensor4d(Float32Array.from({ length: size }, () => random.normal()), [batch, input.height, input.width, input.channels]);
}

test('residual model: output shapes, gradients for every variable, seeded initialisation', async () => {
  await tf.setBackend('cpu');
  const model = await createEmbeddingModel(resnet, input, 7, '/');
  assert.equal(model.featureSize, 16); // width 4 doubled twice
  assert.equal(model.embeddingSize, 6);
  const x = randomImages(1, 3);
  const { features, embedding } = model.apply(x, true);
  assert.deepEqual(features.shape, [3, 16]);
  assert.deepEqual(embedding.shape, [3, 6]);
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(model.apply(x, true).embedding)), model.trainableVariables);
  assert.ok(Number.isFinite(value.dataSync()[0]!));
  assert.equal(Object.keys(grads).length, model.trainableVariables.length);
  for (const variable of model.trainableVariables) {
    const grad = grads[variable.name]!;
    assert.deepEqual(grad.shape, variable.shape);
    assert.ok(Array.from(grad.dataSync()).some((g) => g !== 0), `gradient of ${variable.name} is all zero`);
  }

  const same = await createEmbeddingModel(resnet, input, 7, '/');
  const other = await createEmbeddingModel(resnet, input, 8, '/');
  const names = model.saveWeights().map((w) => w.name);
  assert.deepEqual(same.saveWeights().map((w) => w.name), names);
  assert.ok(names.includes('backbone/stage1/block0/projection/filter') && names.includes('head/kernel'), names.join(','));
  assert.deepEqual(same.apply(x, false).embedding.arraySync(), (await createEmbeddingModel(resnet, input, 7, '/')).apply(x, false).embedding.arraySync());
  const first = (m: typeof model) => m.saveWeights().find((w) => w.name === 'backbone/stem/conv/filter')!.values;
  assert.deepEqual(first(same), (await createEmbeddingModel(resnet, input, 7, '/')).saveWeights().find((w) => w.name === 'backbone/stem/conv/filter')!.values);
  assert.notDeepEqual(first(same), first(other));
  for (const m of [model, same, other]) m.dispose();
});

test('saveWeights/loadWeights restore weights and running statistics exactly; mismatches are refused', async () => {
  await tf.setBackend('cpu');
  const trained = await createEmbeddingModel(resnet, input, 1, '/');
  trained.apply(randomImages(2, 4), true); // moves the running statistics
  const fresh = await createEmbeddingModel(resnet, input, 2, '/');
  const x = randomImages(3, 2);
  assert.notDeepEqual(fresh.apply(x, false).embedding.arraySync(), trained.apply(x, false).embedding.arraySync());
  fresh.loadWeights(trained.saveWeights());
  assert.deepEqual(fresh.apply(x, false).embedding.arraySync(), trained.apply(x, false).embedding.arraySync());
  const wider = await createEmbeddingModel({ ...resnet, width: 8 }, input, 1, '/');
  assert.throws(() => wider.loadWeights(trained.saveWeights()), /checkpoint weight backbone\/stem\/conv\/filter has shape \[3, 3, 3, 4\], the model expects \[3, 3, 3, 8\]/);
  assert.throws(() => fresh.loadWeights(trained.saveWeights().filter((w) => w.name !== 'head/bias')), /checkpoint has no weight head\/bias/);
  for (const m of [trained, fresh, wider]) m.dispose();
});

test('a TF.js LayersModel saved to model.json loads as backbone through the file handler', async () => {
  await tf.setBackend('cpu');
  const folder = mkdtempSync(join(tmpdir(), 'fluke-layers-'));
  try {
    const source = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [input.height, input.width, input.channels], filters: 5, kernelSize: 3, activation: 'relu' }),
        tf.layers.batchNormalization(),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.conv2d({ filters: 7, kernelSize: 3 }),
      ],
    });
    await source.save(fileModelHandler(join(folder, 'backbone', 'model.json')));
    const config: ModelConfig = { ...resnet, backbone: 'layers-model', layersModelPath: 'backbone/model.json', embeddingSize: 4 };
    const model = await createEmbeddingModel(config, input, 5, folder);
    assert.equal(model.featureSize, 7);
    const x = randomImages(4, 2);
    const { features, embedding } = model.apply(x, false);
    const expectedFeatures = tf.mean(source.predict(x) as tf.Tensor4D, [1, 2]);
    const difference = tf.max(tf.abs(tf.sub(features, expectedFeatures))).dataSync()[0]!;
    assert.ok(difference < 1e-5, `features differ from the source model by ${difference}`);
    assert.deepEqual(embedding.shape, [2, 4]);
    // conv kernel+bias x2, batch norm gamma+beta, plus the head's kernel+bias
    assert.equal(model.trainableVariables.length, 8);
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(model.apply(x, true).embedding)), model.trainableVariables);
    assert.equal(Object.keys(grads).length, 8);
    const saved = model.saveWeights();
    assert.ok(saved.some((w) => w.name.startsWith('backbone/layer') && w.name.endsWith('moving_mean')), saved.map((w) => w.name).join(','));
    model.loadWeights(saved);

    await assert.rejects(
      createEmbeddingModel(config, { ...input, width: 32 }, 5, folder),
      /model\.json: the model takes input \[null, 16, 24, 3\], the data is \[batch, 16, 32, 3\]/,
    );
    writeFileSync(join(folder, 'broken.json'), '{"format": "layers-model"}');
    await assert.rejects(createEmbeddingModel({ ...config, layersModelPath: 'broken.json' }, input, 5, folder), /broken\.json: no "modelTopology"/);
    await assert.rejects(createEmbeddingModel({ ...config, layersModelPath: 'missing.json' }, input, 5, folder), /missing\.json: cannot read the model/);
    // A path to some other file: the error names it and quotes none of its bytes (it is stored in runs.error).
    writeFileSync(join(folder, 'secrets.txt'), 'root:SECRET-TOKEN-123\n');
    for (const [path, expected] of [['secrets.txt', /secrets\.txt: not a TF\.js model\.json \(not JSON\)$/], ['/dev/zero', /\/dev\/zero: cannot read the model: not a regular file$/], [folder, /cannot read the model: not a regular file$/]] as const) {
      await assert.rejects(createEmbeddingModel({ ...config, layersModelPath: path }, input, 5, folder), (error: Error) => expected.test(error.message) && !error.message.includes('SECRET'));
    }
    writeFileSync(join(folder, 'null.json'), 'null');
    await assert.rejects(createEmbeddingModel({ ...config, layersModelPath: 'null.json' }, input, 5, folder), /null\.json: no "modelTopology"/);
    model.dispose();
    source.dispose();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('the residual model gives the same embedding and gradients on wasm (custom kernels) as on cpu', async () => {
  const results: Array<{ embedding: Float32Array; grads: Float32Array[] }> = [];
  for (const backend of ['cpu', 'wasm'] as const) {
    if (backend === 'wasm') assert.ok((await initialiseWasmBackend(null)).loaded);
    else await tf.setBackend('cpu');
    const model = await createEmbeddingModel(resnet, input, 11, '/');
    const x = randomImages(12, 4);
    const embedding = model.apply(x, true).embedding.dataSync() as Float32Array;
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(model.apply(x, true).embedding)), model.trainableVariables);
    results.push({ embedding, grads: model.trainableVariables.map((v) => grads[v.name]!.dataSync() as Float32Array) });
    model.dispose();
  }
  const [cpu, wasm] = results as [(typeof results)[0], (typeof results)[0]];
  const relative = (a: Float32Array, b: Float32Array) => {
    let error = 0;
    let scale = 1e-6;
    a.forEach((value, i) => {
      error = Math.max(error, Math.abs(value - b[i]!));
      scale = Math.max(scale, Math.abs(b[i]!));
    });
    return error / scale;
  };
  assert.ok(relative(wasm.embedding, cpu.embedding) < 1e-4, `embedding: ${relative(wasm.embedding, cpu.embedding)}`);
  wasm.grads.forEach((grad, i) => assert.ok(relative(grad, cpu.grads[i]!) < 1e-3, `gradient ${i}: ${relative(grad, cpu.grads[i]!)}`));
});
