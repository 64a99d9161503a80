import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../../protocol/experiment';
import { createEmbeddingModel, type EmbeddingModel } from './createEmbeddingModel';
import { embeddingLayersModel } from './embeddingLayersModel';
import { fileModelHandler } from './fileModelHandler';

const input = { height: 16, width: 24, channels: 3 };

/** Moves every weight (running statistics included) off its initial value, as training would. */
function perturb(model: EmbeddingModel): void {
  model.loadWeights(model.saveWeights().map((weight, index) => ({ ...weight, values: weight.values.map((value, i) => value * 0.9 + 0.05 * Math.sin(i + index) + (weight.name.includes('Variance') ? 0.5 : 0)) })));
}

/** The engine model and the saved-then-loaded LayersModel give the same raw embeddings. */
async function assertSameEmbeddings(engine: EmbeddingModel, config: ModelConfig, folder: string): Promise<void> {
  const built = await embeddingLayersModel(config, input, engine.saveWeights(), folder);
  await built.save(fileModelHandler(join(folder, 'export', 'model.json')));
  built.dispose();
  const loaded = await tf.loadLayersModel(fileModelHandler(join(folder, 'export', 'model.json')));
  const images = tf.randomUniform([3, input.height, input.width, input.channels], -1, 1, 'float32', 11) as tf.Tensor4D;
  const expected = Array.from(engine.apply(images, false).embedding.dataSync());
  const actual = Array.from((loaded.predict(images) as tf.Tensor).dataSync());
  assert.equal(actual.length, expected.length);
  const difference = actual.reduce((most, value, i) => Math.max(most, Math.abs(value - expected[i]!)), 0);
  assert.ok(difference < 1e-5, `embeddings differ by ${difference}`);
  loaded.dispose();
  images.dispose();
}

test('a resnet embedding model rebuilt from standard layers computes what the engine computes', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'fluke-layers-'));
  try {
    const config: ModelConfig = { backbone: 'resnet', width: 4, blocksPerStage: [1, 2], layersModelPath: null, embeddingSize: 6 };
    const engine = await createEmbeddingModel(config, input, 3, folder);
    perturb(engine);
    await assertSameEmbeddings(engine, config, folder);
    engine.dispose();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test("a LayersModel backbone is nested with the checkpoint's weights, not its file's", async () => {
  const folder = mkdtempSync(join(tmpdir(), 'fluke-layers-'));
  try {
    const source = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [input.height, input.width, input.channels], filters: 5, kernelSize: 3, activation: 'relu' }),
        tf.layers.batchNormalization(),
        tf.layers.conv2d({ filters: 7, kernelSize: 3, strides: 2 }),
      ],
    });
    await source.save(fileModelHandler(join(folder, 'backbone', 'model.json')));
    source.dispose();
    const config: ModelConfig = { backbone: 'layers-model', width: 4, blocksPerStage: [1], layersModelPath: 'backbone/model.json', embeddingSize: 4 };
    const engine = await createEmbeddingModel(config, input, 5, folder);
    perturb(engine);
    await assertSameEmbeddings(engine, config, folder);
    engine.dispose();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
