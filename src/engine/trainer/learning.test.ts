/*
 * The learning test: a short run on the synthetic flukes must lift recall@1 on the held-out
 * whales clearly above the untrained network's, for the K = 1 baseline and for divide and
 * conquer. A trainer that computes losses but lets no gradient reach the network (a detached
 * embedding, a dropped update) passes every other test and fails this one.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticFlukes } from '../../data/synthetic/generateSyntheticFlukes';
import { augmentBatch } from '../../data/augmentation';
import { readExperimentText } from '../../experiment';
import type { ExperimentConfig } from '../../protocol/experiment';
import { SeededRandom } from '../../random/seededRandom';
import { selectBackend } from '../backends/selectBackend';
import { evaluateRun } from './evaluateRun';
import { MemoryRunSink } from './memoryRunSink';
import { memoryRunOptions } from './memoryRunOptions.fixture';
import { prepareRunData } from './prepareRunData';
import { createTrainerParts } from './trainerParts';
import { trainRun } from './trainRun';

/**
 * How far above the untrained network's recall@1 a short run must end (90 queries, so one
 * query is 0.011). Measured on this set: seed 1, K = 1 0.111 -> 0.244, K = 2 0.133 -> 0.267;
 * seed 2, K = 1 0.056 -> 0.278, K = 2 0.033 -> 0.233. With the embedding's gradient cut
 * (a zero-gradient copy in trainStep) they end at 0.133 and 0.133: +0.022 and +0.000.
 */
const requiredGain = 0.08;

let workDir = '';

before(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'fluke-learning-'));
  await generateSyntheticFlukes({ out: join(workDir, 'flukes'), identities: 60, photos: 6, seed: 5, difficulty: 0.1, newWhaleShare: 0, width: 64, height: 32 });
});

after(() => rmSync(workDir, { recursive: true, force: true }));

function learningConfig(clusters: number): ExperimentConfig {
  const file = {
    name: 'learning',
    // No augmentation: a short run then learns enough for a clear margin (measured both ways).
    data: { path: join(workDir, 'flukes'), format: 'kaggle', imageHeight: 16, imageWidth: 32, channels: 1, testIdentityFraction: 0.5, augmentation: { randomResizedCrop: false, rotationDegrees: 0 } },
    model: { width: 8, blocksPerStage: [1, 1], embeddingSize: 32 },
    method: { clusters, reclusterEvery: 2 },
    sampling: { classesPerBatch: 8, imagesPerClass: 3 },
    optimizer: { learningRate: 0.003 },
    epochs: 15,
    evaluation: { every: 100, recallAt: [1], nmi: false, mapAtR: false, map5: false, retrievalTopK: 1 },
    runtime: { backend: 'wasm', seed: 1 },
  };
  const read = readExperimentText(JSON.stringify(file), join(workDir, 'learning.experiment.json'));
  assert.deepEqual(read.diagnostics.filter((d) => d.severity === 'error'), []);
  return read.runs[0]!.config;
}

/** recall@1 of the freshly initialised network, through the evaluation a run uses. */
async function untrainedRecallAt1(config: ExperimentConfig): Promise<number> {
  await selectBackend(config.runtime.backend, config.runtime.threads);
  const data = await prepareRunData(config, workDir, new MemoryRunSink(), join(workDir, 'cache'));
  const parts = await createTrainerParts(config, data.trainClasses, workDir);
  try {
    const evaluation = evaluateRun({
      model: parts.model,
      images: { query: data.query, gallery: data.gallery, imageIds: data.imageIds, identities: data.identities },
      loadBatch: (rows) => augmentBatch(data.pixels, rows, data.size, config.data.augmentation, new SeededRandom(0), false),
      imageShape: [data.size.height, data.size.width, data.size.channels],
      slices: config.method.clusters,
      evaluation: config.evaluation,
      newWhaleLabel: config.data.newWhaleLabel,
      seed: config.runtime.seed,
      batchSize: 64,
    });
    return evaluation.metrics.recallAtK['1']!;
  } finally {
    parts.dispose();
  }
}

async function trainedRecallAt1(config: ExperimentConfig): Promise<number> {
  const sink = new MemoryRunSink();
  const result = await trainRun(memoryRunOptions(config, workDir, sink));
  assert.equal(result.error, null);
  return sink.epochs.at(-1)!.metrics!.recallAtK['1']!;
}

for (const clusters of [1, 2]) {
  test(`a short run lifts recall@1 well above the untrained network's (K = ${clusters})`, async () => {
    const config = learningConfig(clusters);
    const untrained = await untrainedRecallAt1(config);
    const trained = await trainedRecallAt1(config);
    console.log(`learning K=${clusters} seed=${config.runtime.seed}: untrained recall@1 ${untrained.toFixed(3)}, trained ${trained.toFixed(3)}`);
    assert.ok(trained >= untrained + requiredGain, `recall@1 ${trained.toFixed(3)} after training, ${untrained.toFixed(3)} untrained: not ${requiredGain} better`);
  });
}
