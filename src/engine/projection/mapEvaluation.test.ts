import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticFlukes } from '../../data/synthetic/generateSyntheticFlukes';
import { readExperimentText } from '../../experiment';
import type { ProjectionConfig } from '../../protocol/experiment';
import { MemoryRunSink } from '../trainer/memoryRunSink';
import { memoryRunOptions } from '../trainer/memoryRunOptions.fixture';
import { trainRun } from '../trainer/trainRun';

let workDir = '';

before(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'fluke-map-run-'));
  await generateSyntheticFlukes({ out: join(workDir, 'flukes'), identities: 10, photos: 4, seed: 5, difficulty: 0.2, newWhaleShare: 0, width: 64, height: 32 });
});

after(() => rmSync(workDir, { recursive: true, force: true }));

/** Trains 3 epochs of a tiny K = 2 run on the cpu backend, evaluating after epochs 2 and 3. */
async function train(projection: Partial<ProjectionConfig>): Promise<MemoryRunSink> {
  const text = JSON.stringify({
    name: 'map',
    data: { path: join(workDir, 'flukes'), format: 'kaggle', imageHeight: 16, imageWidth: 32, channels: 1, testIdentityFraction: 0.4 },
    model: { width: 4, blocksPerStage: [1], embeddingSize: 8 },
    method: { clusters: 2, reclusterEvery: 1, kmeansRestarts: 1, kmeansMaxIterations: 10 },
    sampling: { classesPerBatch: 3, imagesPerClass: 2, batchesPerEpoch: 2 },
    epochs: 3,
    evaluation: { every: 2, recallAt: [1], retrievalTopK: 3, projection },
    runtime: { backend: 'cpu', seed: 11 },
  });
  const config = readExperimentText(text, join(workDir, 'map.experiment.json')).runs[0]!.config;
  const sink = new MemoryRunSink();
  const result = await trainRun(memoryRunOptions(config, workDir, sink));
  assert.equal(result.status, 'completed', result.error ?? '');
  return sink;
}

test('each evaluation stores a map of every evaluated image and the training sample; training is the same with the map off', async () => {
  const withMap = await train({ method: 'pca', trainingPoints: 6 });
  const withoutMap = await train({ method: 'off' });
  assert.deepEqual(
    withMap.epochs.map((write) => write.epoch.loss),
    withoutMap.epochs.map((write) => write.epoch.loss),
    'the map draws no random numbers of the trainer',
  );
  assert.deepEqual(withoutMap.epochs.map((write) => write.embeddingMap ?? null), [null, null, null]);
  assert.deepEqual(withMap.epochs.map((write) => write.embeddingMap?.epoch ?? null), [null, 2, 3]);

  const evaluated = withMap.images.filter((image) => image.split !== 'train').map((image) => image.id);
  const trainIds = new Set(withMap.images.filter((image) => image.split === 'train').map((image) => image.id));
  const [atTwo, atThree] = [withMap.epochs[1]!.embeddingMap!, withMap.epochs[2]!.embeddingMap!];
  for (const map of [atTwo, atThree]) {
    assert.equal(map.method, 'pca');
    assert.equal(map.candidates, evaluated.length + 6);
    assert.equal(map.imageIds.length, map.candidates);
    assert.deepEqual(map.imageIds.filter((id) => !trainIds.has(id)).sort((a, b) => a - b), [...evaluated].sort((a, b) => a - b));
    assert.equal(map.imageIds.filter((id) => trainIds.has(id)).length, 6);
    assert.equal(map.xy.length, 2 * map.imageIds.length);
    assert.ok(map.xy.every(Number.isFinite));
    assert.ok(map.learners.every((learner) => learner === 0 || learner === 1));
  }
  assert.deepEqual(atThree.imageIds, atTwo.imageIds, 'the same images at every epoch, so the panel can move them');
  assert.notDeepEqual(Array.from(atThree.xy), Array.from(atTwo.xy), 'the embedding moved between the epochs');
});

test('above maxPoints a seeded sample of that many images is mapped', async () => {
  const sink = await train({ method: 'pca', trainingPoints: 1000, maxPoints: 16 });
  const map = sink.epochs[1]!.embeddingMap!;
  assert.equal(map.imageIds.length, 16);
  assert.equal(new Set(map.imageIds).size, 16);
  assert.ok(map.candidates > 16);
});
