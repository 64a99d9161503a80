import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { readExperimentText } from '../../experiment';
import { SeededRandom } from '../../random/seededRandom';
import { saveTrainerCheckpoint } from '../trainer/trainerCheckpoint';
import { createTrainerParts } from '../trainer/trainerParts';
import { loadCheckpointModel } from './loadCheckpointModel';

const owner = { storeId: 'test-store', runId: 1 };

const config = readExperimentText(
  JSON.stringify({
    name: 'load',
    data: { path: '/', imageHeight: 16, imageWidth: 32, channels: 1 },
    model: { width: 4, blocksPerStage: [1, 1], embeddingSize: 8 },
    method: { clusters: 2, finetuneEpoch: 3 },
    runtime: { backend: 'cpu', seed: 5 },
  }),
  '/tmp/load.experiment.json',
).runs[0]!.config;

async function checkpointOf(epoch: number, partialEpoch: number | null, dir: string) {
  const parts = await createTrainerParts({ ...config, runtime: { ...config.runtime, seed: 40 + epoch } }, 4, dir);
  const path = join(dir, `epoch-${epoch}.ckpt`);
  const partial = partialEpoch === null ? null : { epoch: partialEpoch, batches: [], batchesDone: 0, lossSums: [0, 0], lossCounts: [0, 0], hardness: [], seconds: 0 };
  const sha256 = saveTrainerCheckpoint(path, parts, { owner, epoch, random: new SeededRandom(1), assignments: new Int32Array(3), partial, unwrittenClusterings: [] });
  return { parts, checkpoint: { path, sha256 } };
}

test("a checkpoint's model gives the trained model's embeddings, not the freshly seeded one's", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-load-'));
  try {
    const { parts, checkpoint } = await checkpointOf(1, null, dir);
    const loaded = await loadCheckpointModel(config, dir, checkpoint, owner);
    const images = tf.randomUniform([3, 16, 32, 1], -1, 1, 'float32', 9) as tf.Tensor4D;
    const expected = parts.model.apply(images, false).embedding.arraySync();
    const actual = loaded.model.apply(images, false).embedding.arraySync();
    actual.flat().forEach((value, index) => assert.ok(Math.abs(value - expected.flat()[index]!) < 1e-6));
    assert.deepEqual([loaded.trainedEpoch, loaded.slices, loaded.midEpoch], [1, 2, false]);
    parts.dispose();
    loaded.model.dispose();
    images.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a stop inside an epoch is told apart: its weights are of that epoch, embedded as the run evaluates (its K slices, then the whole)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-load-'));
  try {
    const { parts, checkpoint } = await checkpointOf(2, 3, dir);
    const loaded = await loadCheckpointModel(config, dir, checkpoint, owner);
    assert.deepEqual([loaded.trainedEpoch, loaded.slices, loaded.midEpoch], [3, 2, true]);
    parts.dispose();
    loaded.model.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a checkpoint of another database's run is refused, never loaded (predict and export would score the wrong weights)", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-load-'));
  try {
    const { parts, checkpoint } = await checkpointOf(1, null, dir);
    await assert.rejects(loadCheckpointModel(config, dir, checkpoint, { storeId: 'another-store', runId: 1 }), /belongs to run 1 of database test-store/);
    parts.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a checkpoint file replaced since the database recorded its digest is refused, naming the file (predict and export load through here)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-load-'));
  try {
    const { parts, checkpoint } = await checkpointOf(1, null, dir);
    const other = await checkpointOf(2, null, dir);
    copyFileSync(other.checkpoint.path, checkpoint.path);
    await assert.rejects(loadCheckpointModel(config, dir, checkpoint, owner), (error: Error) => error.message.startsWith(`${checkpoint.path} was replaced since this database recorded it`));
    parts.dispose();
    other.parts.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
