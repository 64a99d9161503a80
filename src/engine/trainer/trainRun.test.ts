import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { generateSyntheticFlukes } from '../../data/synthetic/generateSyntheticFlukes';
import { readExperimentText } from '../../experiment';
import type { ExperimentConfig, ExperimentFile } from '../../protocol/experiment';
import type { TrainerEvent } from '../../protocol/trainerEvents';
import { memoryRunOptions } from './memoryRunOptions.fixture';
import { MemoryRunSink } from './memoryRunSink';
import { trainRun, type TrainRunOptions } from './trainRun';

let workDir = '';

before(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'fluke-trainer-'));
  await generateSyntheticFlukes({ out: join(workDir, 'flukes'), identities: 10, photos: 4, seed: 3, difficulty: 0.2, newWhaleShare: 0, width: 64, height: 32 });
});

after(() => rmSync(workDir, { recursive: true, force: true }));

/** A tiny run: 16x32 grey flukes, a one-stage residual net, 3 batches of 3 x 2 per epoch. */
function tinyConfig(overrides: ExperimentFile = {}): ExperimentConfig {
  const file: ExperimentFile = {
    name: 'tiny',
    data: { path: join(workDir, 'flukes'), format: 'kaggle', imageHeight: 16, imageWidth: 32, channels: 1, testIdentityFraction: 0.4 },
    model: { width: 4, blocksPerStage: [1], embeddingSize: 8 },
    // The slices from epoch 1 and no conquer phase unless a test asks: each phase is tested on its own.
    method: { clusters: 2, reclusterEvery: 1, kmeansRestarts: 1, kmeansMaxIterations: 10, divideFromEpoch: 1, fullEmbeddingEpoch: null, finetuneEpoch: null, batchNorm: 'train' },
    sampling: { classesPerBatch: 3, imagesPerClass: 2, batchesPerEpoch: 3 },
    optimizer: { learningRate: 0.01 },
    epochs: 2,
    evaluation: { every: 1, recallAt: [1, 2], retrievalTopK: 3 },
    runtime: { backend: 'cpu', seed: 7 },
  };
  const merged = structuredClone(file) as Record<string, Record<string, unknown>>;
  for (const [key, value] of Object.entries(overrides)) {
    merged[key] = typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...merged[key], ...value } : (value as never);
  }
  const read = readExperimentText(JSON.stringify(merged), join(workDir, 'tiny.experiment.json'));
  assert.deepEqual(read.diagnostics.filter((d) => d.severity === 'error'), []);
  return read.runs[0]!.config;
}

function runOptions(config: ExperimentConfig, sink: MemoryRunSink, events: TrainerEvent[], extra: Partial<TrainRunOptions> = {}): TrainRunOptions {
  return { ...memoryRunOptions(config, workDir, sink, (event) => events.push(event)), ...extra };
}

const losses = (sink: MemoryRunSink) => sink.epochs.map((write) => write.epoch.learnerLosses);

test('a divide-and-conquer run (K = 2, recluster every epoch) writes epochs, metrics, clusterings and retrievals', async () => {
  const sink = new MemoryRunSink();
  const events: TrainerEvent[] = [];
  const result = await trainRun(runOptions(tinyConfig(), sink, events));
  assert.deepEqual(result, { status: 'completed', error: null, backend: 'cpu' });
  assert.deepEqual(sink.epochs.map((write) => write.epoch.epoch), [1, 2]);

  const trainIds = sink.images.filter((image) => image.split === 'train').map((image) => image.id);
  const [first, second] = sink.epochs as [(typeof sink.epochs)[0], (typeof sink.epochs)[0]];
  // The division before epoch 1 and the reclustering after it; none after the last epoch.
  assert.deepEqual(first.clusterings.map((c) => [c.epoch, c.k, c.features]), [[0, 2, 'backbone'], [1, 2, 'backbone']]);
  // Churn: none for the first division, the NMI with the previous one for the next.
  assert.equal(first.clusterings[0]!.churnNmi, null);
  const churn = first.clusterings[1]!.churnNmi!;
  assert.ok(churn >= 0 && churn <= 1 + 1e-9, `churn NMI ${churn}`);
  assert.deepEqual(second.clusterings, []);
  for (const clustering of first.clusterings) {
    assert.deepEqual(clustering.imageIds, trainIds);
    assert.equal(clustering.sizes.reduce((a, b) => a + b, 0), trainIds.length);
    assert.ok(clustering.clusters.every((c) => c === 0 || c === 1));
  }
  const queries = sink.images.filter((image) => image.split === 'query');
  const galleryIds = new Set(sink.images.filter((image) => image.split === 'gallery').map((image) => image.id));
  for (const write of sink.epochs) {
    assert.equal(write.epoch.learnerLosses.length, 2);
    assert.ok(write.epoch.learnerLosses.every((loss) => Number.isFinite(loss) && loss >= 0));
    assert.ok(write.epoch.imagesPerSecond > 0);
    const recall1 = write.metrics!.recallAtK['1']!;
    assert.ok(recall1 >= 0 && recall1 <= 1 && write.metrics!.recallAtK['2']! >= recall1);
    assert.equal(write.retrievals!.length, queries.length);
    for (const retrieval of write.retrievals!) {
      assert.equal(retrieval.neighbours.length, 3);
      assert.deepEqual(retrieval.neighbours.map((n) => n.rank), [1, 2, 3]);
      assert.ok(retrieval.neighbours.every((n) => galleryIds.has(n.imageId)));
      assert.ok(retrieval.neighbours[0]!.distance <= retrieval.neighbours[2]!.distance);
    }
    // What each cluster's batches drew, and how hard each learner's batches were.
    const { clusterUsage, learnerHardness } = write.batches!;
    assert.deepEqual(clusterUsage.map((usage) => usage.batches), [2, 1]);
    assert.ok(clusterUsage.every((usage) => usage.images > 0 && usage.images <= 6 * usage.batches && usage.classes >= 1));
    assert.equal(learnerHardness.length, 2);
    for (const learner of learnerHardness) {
      assert.ok(learner.nonZeroLossShare !== null && learner.nonZeroLossShare >= 0 && learner.nonZeroLossShare <= 1);
      assert.ok(learner.meanNegativeDistance !== null && learner.meanNegativeDistance > 0 && learner.meanNegativeDistance <= 2);
    }
  }
  // Retention may drop earlier checkpoints; the newest (what a resume needs) is on disk.
  assert.ok(existsSync(sink.epochs.at(-1)!.checkpointPath!));
  const types = events.map((event) => event.type);
  assert.deepEqual(types.filter((type) => type !== 'log'), ['clustering', 'clustering', 'epoch', 'epoch-batches', 'metrics', 'checkpoint', 'epoch', 'epoch-batches', 'metrics', 'checkpoint']);
});

test('a run trains on the wasm backend, the one auto picks on machines without tfjs-node', async () => {
  const sink = new MemoryRunSink();
  const result = await trainRun(runOptions(tinyConfig({ runtime: { backend: 'wasm' } }), sink, []));
  assert.equal(result.error, null, `wasm training failed: ${result.error} (the margin loss gathers pairs, whose gradient needs UnsortedSegmentSum)`);
  assert.equal(result.status, 'completed');
  assert.equal(result.backend, 'wasm');
  assert.ok(losses(sink).flat().every((loss) => Number.isFinite(loss)));
});

test('the same seed and backend give the same losses and metrics', async () => {
  const config = tinyConfig({ method: { clusters: 1 } });
  const a = new MemoryRunSink();
  const b = new MemoryRunSink();
  await trainRun(runOptions(config, a, []));
  await trainRun(runOptions(config, b, []));
  assert.equal(a.epochs.length, 2);
  assert.deepEqual(losses(a), losses(b));
  assert.deepEqual(a.epochs.map((w) => w.metrics), b.epochs.map((w) => w.metrics));
  const c = new MemoryRunSink();
  await trainRun(runOptions(tinyConfig({ method: { clusters: 1 }, runtime: { seed: 8 } }), c, []));
  assert.notDeepEqual(losses(a), losses(c), 'another seed trains differently');
});

test('a run stopped inside an epoch and resumed gives the losses of an uninterrupted run', async () => {
  const config = tinyConfig({ epochs: 3, method: { reclusterEvery: 2 } });
  const whole = new MemoryRunSink();
  await trainRun(runOptions(config, whole, []));
  assert.equal(whole.epochs.length, 3);

  // Stop before the 5th batch: epoch 2 has done 1 of its 3 batches.
  const stopped = new MemoryRunSink();
  let batches = 0;
  const events: TrainerEvent[] = [];
  const first = await trainRun(runOptions(config, stopped, events, { shouldStop: () => ++batches > 4 }));
  assert.equal(first.status, 'stopped');
  assert.equal(stopped.epochs.length, 1);
  const checkpoint = events.filter((event) => event.type === 'checkpoint').at(-1) as Extract<TrainerEvent, { type: 'checkpoint' }>;
  assert.equal(checkpoint.epoch, 1);
  assert.match(checkpoint.path, /epoch-2-batch-1/);

  const resumed = await trainRun(runOptions(config, stopped, [], { resume: { epoch: checkpoint.epoch, path: checkpoint.path, sha256: checkpoint.sha256 } }));
  assert.equal(resumed.status, 'completed');
  assert.deepEqual(losses(stopped), losses(whole));
  assert.deepEqual(stopped.epochs.map((w) => w.metrics), whole.epochs.map((w) => w.metrics));
  assert.deepEqual(stopped.epochs.map((w) => w.clusterings), whole.epochs.map((w) => w.clusterings));

  // Resuming from the store's latest epoch checkpoint (epoch 1) is exact too (kept: a finished
  // run keeps only its last and best by default).
  const again = new MemoryRunSink();
  await trainRun(runOptions({ ...config, runtime: { ...config.runtime, keepCheckpoints: 'all' } }, again, [], { shouldStop: () => false }));
  const fromEpoch = new MemoryRunSink();
  for (const image of again.images) fromEpoch.images.push(image);
  fromEpoch.epochs.push(again.epochs[0]!);
  const latest = fromEpoch.latestCheckpoint()!;
  assert.equal(latest.epoch, 1);
  await trainRun(runOptions(config, fromEpoch, [], { resume: latest }));
  assert.deepEqual(losses(fromEpoch), losses(whole));
});

test('from finetuneEpoch on one learner trains the whole embedding; fullEmbeddingEpoch keeps per-cluster batches', async () => {
  const finetune = new MemoryRunSink();
  await trainRun(runOptions(tinyConfig({ epochs: 3, method: { finetuneEpoch: 3 } }), finetune, []));
  assert.deepEqual(finetune.epochs.map((w) => w.epoch.learnerLosses.length), [2, 2, 1]);
  // No reclustering into K clusters for the epochs where K is already 1.
  assert.deepEqual(finetune.epochs.flatMap((w) => w.clusterings.map((c) => c.epoch)), [0, 1]);

  const full = new MemoryRunSink();
  await trainRun(runOptions(tinyConfig({ epochs: 2, method: { fullEmbeddingEpoch: 2 } }), full, []));
  assert.deepEqual(full.epochs.map((w) => w.epoch.learnerLosses.length), [2, 2]);
  const sliced = new MemoryRunSink();
  await trainRun(runOptions(tinyConfig({ epochs: 2 }), sliced, []));
  assert.deepEqual(losses(full)[0], losses(sliced)[0], 'epoch 1 is the same');
  assert.notDeepEqual(losses(full)[1], losses(sliced)[1], 'epoch 2 trains on the full embedding');
});

test('equal budget: with batchesPerEpoch unset, K = 1 and K = 4 train the same number of images per epoch', async () => {
  const trained = async (clusters: number) => {
    const sink = new MemoryRunSink();
    await trainRun(runOptions(tinyConfig({ epochs: 2, method: { clusters, reclusterEvery: 1 }, sampling: { batchesPerEpoch: null } }), sink, []));
    return sink.epochs.map((write) => write.batches!.clusterUsage.reduce((sum, usage) => sum + usage.batches, 0));
  };
  const baseline = await trained(1);
  assert.ok(baseline[0]! > 0);
  // Batches are all P x m, so the same count is the same number of images.
  assert.deepEqual(await trained(4), baseline);
});

test('divideFromEpoch: a K = 1 warm-up, then the first clustering on the warmed-up features', async () => {
  const sink = new MemoryRunSink();
  await trainRun(runOptions(tinyConfig({ epochs: 3, method: { divideFromEpoch: 2 } }), sink, []));
  assert.deepEqual(sink.epochs.map((w) => w.epoch.learnerLosses.length), [1, 2, 2]);
  assert.deepEqual(sink.epochs.flatMap((w) => w.clusterings.map((c) => [c.epoch, c.k, c.churnNmi ?? null])).slice(0, 2), [[0, 1, null], [1, 2, null]]);
});

test('clusterAssignment "random" divides the images without k-means, still into K clusters', async () => {
  const sink = new MemoryRunSink();
  const result = await trainRun(runOptions(tinyConfig({ epochs: 1, method: { clusterAssignment: 'random' } }), sink, []));
  assert.equal(result.status, 'completed');
  assert.equal(new Set(sink.epochs[0]!.clusterings[0]!.clusters).size, 2);
});

test('clusterOn "embedding" divides the images by their K-slice embedding', async () => {
  const sink = new MemoryRunSink();
  const result = await trainRun(runOptions(tinyConfig({ epochs: 1, method: { clusterOn: 'embedding' } }), sink, []));
  assert.equal(result.status, 'completed');
  const [clustering] = sink.epochs[0]!.clusterings;
  assert.equal(clustering!.features, 'embedding');
  assert.equal(new Set(clustering!.clusters).size, 2);
});

test('flipAsNewIdentity trains mirrored copies as new whales, and a resume rebuilds them', async () => {
  const config = tinyConfig({ epochs: 2, data: { augmentation: { flipAsNewIdentity: true } } });
  const whole = new MemoryRunSink();
  await trainRun(runOptions(config, whole, []));
  const train = whole.images.filter((image) => image.split === 'train');
  const mirrored = train.filter((image) => image.identity.endsWith('~flipped'));
  assert.equal(mirrored.length * 2, train.length);
  assert.equal(whole.epochs[0]!.clusterings[0]!.imageIds.length, train.length);

  const stopped = new MemoryRunSink();
  let batches = 0;
  const events: TrainerEvent[] = [];
  assert.equal((await trainRun(runOptions(config, stopped, events, { shouldStop: () => ++batches > 2 }))).status, 'stopped');
  const checkpoint = events.filter((event) => event.type === 'checkpoint').at(-1) as Extract<TrainerEvent, { type: 'checkpoint' }>;
  await trainRun(runOptions(config, stopped, [], { resume: { epoch: checkpoint.epoch, path: checkpoint.path, sha256: checkpoint.sha256 } }));
  assert.deepEqual(losses(stopped), losses(whole));
});

test('training does not leak tensors from one epoch to the next', async () => {
  const counts: number[] = [];
  const before = tf.memory().numTensors;
  const result = await trainRun(
    runOptions(tinyConfig({ epochs: 4 }), new MemoryRunSink(), [], {
      emit: (event) => {
        if (event.type === 'epoch') counts.push(tf.memory().numTensors);
      },
    }),
  );
  assert.equal(result.status, 'completed');
  assert.equal(counts.length, 4);
  assert.ok(counts[0]! > before, 'the model holds tensors while training');
  assert.deepEqual(counts.slice(1), [counts[0], counts[0], counts[0]]);
  assert.equal(tf.memory().numTensors, before, 'everything is disposed when the run ends');
});

test('a loss that becomes NaN ends the run as diverged', async () => {
  const sink = new MemoryRunSink();
  const result = await trainRun(runOptions(tinyConfig({ optimizer: { type: 'sgd', learningRate: 1e30, momentum: 0 } }), sink, []));
  assert.equal(result.status, 'diverged');
  assert.match(result.error ?? '', /loss became (NaN|Infinity|-Infinity) at epoch \d+, batch \d+/);
});

test('a dataset folder that does not exist fails the run with its path', async () => {
  // The experiment file's checks catch this too; the trainer must still fail cleanly when the folder goes away later.
  const config = tinyConfig();
  config.data.path = join(workDir, 'nowhere');
  const result = await trainRun(runOptions(config, new MemoryRunSink(), []));
  assert.equal(result.status, 'failed');
  assert.match(result.error ?? '', /nowhere/);
});
