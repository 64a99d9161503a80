import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { augmentBatch } from '../../src/data/augmentation';
import { ImageCache } from '../../src/data/imageCache';
import { loadCheckpointModel } from '../../src/engine/inference/loadCheckpointModel';
import { referenceNormalised } from '../../src/engine/models/sliceEmbedding';
import type { ExportedModelMetadata } from '../../src/engine/inference/exportEmbeddingModel';
import { SeededRandom } from '../../src/random/seededRandom';
import { closeStore, openStore } from '../../src/store/openStore';
import { getRun } from '../../src/store/runs';
import { listImages } from '../../src/store/images';
import { latestCheckpoint } from '../../src/store/runResults';
import { storeId } from '../../src/store/storeIdentity';
import { ensureCliBuilt, repositoryRoot, runFluke, trainerEvents } from './bundledFluke';
import { tinyWorkspace } from './tinyExperiment';

/** Runs in a fresh Node with nothing but @tensorflow/tfjs: the model folder and the metadata are all it knows. */
const standaloneScript = `
const tf = require('@tensorflow/tfjs');
const fs = require('fs');
const path = require('path');
const [folder, pixelsFile, count] = process.argv.slice(1);
(async () => {
  const meta = JSON.parse(fs.readFileSync(path.join(folder, 'fluke-model.json'), 'utf8'));
  const json = JSON.parse(fs.readFileSync(path.join(folder, meta.modelFile), 'utf8'));
  const weightData = Buffer.concat(json.weightsManifest.flatMap((group) => group.paths.map((p) => fs.readFileSync(path.join(folder, p)))));
  const model = await tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
    weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength),
  }));
  const { height, width, channels } = meta.input;
  const pixels = Float32Array.from(fs.readFileSync(pixelsFile), (v) => v * meta.normalisation.scale + meta.normalisation.offset);
  const raw = model.predict(tf.tensor4d(pixels, [Number(count), height, width, channels]));
  const slices = tf.concat(meta.embedding.sliceRanges.map(([start, end]) => {
    const slice = tf.slice(raw, [0, start], [-1, end - start]);
    return tf.div(slice, tf.norm(slice, 'euclidean', 1, true));
  }), 1);
  const normalised = tf.div(slices, tf.norm(slices, 'euclidean', 1, true));
  process.stdout.write(JSON.stringify({ raw: Array.from(raw.dataSync()), normalised: Array.from(normalised.dataSync()) }));
})().catch((error) => { console.error(error); process.exit(1); });
`;

test("fluke export --model: a LayersModel that plain TF.js loads in a fresh process and that gives the run's embeddings", async () => {
  ensureCliBuilt();
  const workspace = await tinyWorkspace('fluke-export-model-', { epochs: 2 });
  try {
    const trained = await runFluke(['train', workspace.experiment, '--db', workspace.db], { cwd: workspace.dir });
    assert.equal(trained.code, 0, trained.stderr);
    const runId = trainerEvents(trained.stdout).find((event) => event.type === 'run-started')!.runId;
    const folder = join(workspace.dir, 'exported');
    const exported = await runFluke(['export', String(runId), '--model', folder, '--checkpoint', 'last', '--db', workspace.db], { cwd: workspace.dir });
    assert.equal(exported.code, 0, exported.stderr);
    const metadata = JSON.parse(readFileSync(join(folder, 'fluke-model.json'), 'utf8')) as ExportedModelMetadata;
    assert.equal(metadata.embedding.slices, 2);
    assert.deepEqual(metadata.embedding.sliceRanges, [[0, 4], [4, 8]]);
    const topology = readFileSync(join(folder, 'model.json'), 'utf8');
    const layerClasses = new Set([...topology.matchAll(/"class_name":"([A-Za-z0-9]+)"/g)].map((match) => match[1]));
    const standardLayers = ['Model', 'InputLayer', 'Conv2D', 'BatchNormalization', 'ReLU', 'MaxPooling2D', 'Add', 'GlobalAveragePooling2D', 'Dense'];
    for (const layerClass of layerClasses) assert.ok(standardLayers.includes(layerClass!) || /Initializer|Scaling|Zeros|Ones|Constant/.test(layerClass!), `layer class ${layerClass}`);

    // The run's own embeddings of its photos, computed by the engine.
    const store = openStore(workspace.db);
    const run = getRun(store, runId)!;
    const photos = listImages(store, runId).filter((image) => image.split !== 'train');
    const checkpoint = latestCheckpoint(store, runId)!;
    const owner = { storeId: storeId(store), runId };
    closeStore(store);
    const size = { height: run.config.data.imageHeight, width: run.config.data.imageWidth, channels: run.config.data.channels, fit: run.config.data.fit };
    const { pixels } = await new ImageCache(join(workspace.dir, '.fluke', 'cache')).load(photos, size);
    const engine = await loadCheckpointModel(run.config, workspace.dir, checkpoint, owner);
    const input = augmentBatch(pixels, photos.map((_, row) => row), size, run.config.data.augmentation, new SeededRandom(0), false);
    const { raw, normalised } = tf.tidy(() => {
      const { embedding } = engine.model.apply(tf.tensor4d(input, [photos.length, size.height, size.width, size.channels]), false);
      return { raw: Array.from(embedding.dataSync()), normalised: Array.from(referenceNormalised(embedding, engine.slices).dataSync()) };
    });
    engine.model.dispose();

    const pixelsFile = join(workspace.dir, 'pixels.u8');
    writeFileSync(pixelsFile, pixels);
    const fresh = spawnSync(process.execPath, ['-e', standaloneScript, folder, pixelsFile, String(photos.length)], { cwd: repositoryRoot, encoding: 'utf8' });
    assert.equal(fresh.status, 0, fresh.stderr);
    const standalone = JSON.parse(fresh.stdout) as { raw: number[]; normalised: number[] };
    assert.equal(standalone.raw.length, photos.length * 8);
    const maxDifference = (a: number[], b: number[]) => a.reduce((most, value, i) => Math.max(most, Math.abs(value - b[i]!)), 0);
    assert.ok(maxDifference(standalone.raw, raw) < 1e-5, `raw embeddings differ by ${maxDifference(standalone.raw, raw)}`);
    assert.ok(maxDifference(standalone.normalised, normalised) < 1e-5, `normalised embeddings differ by ${maxDifference(standalone.normalised, normalised)}`);
    assert.ok(raw.some((value) => Math.abs(value) > 1e-3), 'the embeddings are not all zero');
  } finally {
    rmSync(workspace.dir, { recursive: true, force: true });
  }
});
