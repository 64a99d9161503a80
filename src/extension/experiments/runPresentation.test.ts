import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunRecord } from '../../protocol/records';
import type { ExperimentConfig } from '../../protocol/experiment';
import { presentExperiment, presentPendingRun, presentRun } from './runPresentation';

const config = {
  name: 'whale-dc',
  data: { path: '../.fluke/demo-data', format: 'kaggle', imageHeight: 32, imageWidth: 64 },
  model: { backbone: 'resnet', width: 16, blocksPerStage: [1, 1], embeddingSize: 64 },
  method: { clusters: 4, reclusterEvery: 2, clusterOn: 'backbone' },
  loss: { type: 'margin', margin: 0.2 },
  sampling: { miner: 'distance-weighted', classesPerBatch: 8, imagesPerClass: 4 },
  optimizer: { type: 'adam', learningRate: 0.001 },
} as unknown as ExperimentConfig;

function run(overrides: Partial<RunRecord>): RunRecord {
  return {
    id: 12, experimentId: 1, experimentPath: '/w/whale.experiment.json', name: 'whale-dc clusters=4', config,
    gridValues: { 'method.clusters': 4 }, status: 'completed', pid: null, host: 'box', backend: 'wasm', seed: 7,
    epochs: 40, lastEpoch: 40, bestRecallAt1: 0.41234, createdAt: '', startedAt: null, endedAt: null, error: null,
    ...overrides,
  };
}

test('a running run spins and shows its epoch, live progress first', () => {
  const row = presentRun(run({ status: 'running', lastEpoch: 6, bestRecallAt1: null }));
  assert.deepEqual([row.icon.id, row.description, row.contextValue], ['loading~spin', 'epoch 6/40', 'fluke.run.running']);
  assert.equal(presentRun(run({ status: 'running' }), { epoch: 7, epochs: 40 }).description, 'epoch 7/40 · R@1 0.412');
});

test('each state has its own icon and context value; the best recall@1 is the description', () => {
  const icons = (['queued', 'completed', 'stopped', 'failed', 'diverged', 'crashed'] as const).map((status) => presentRun(run({ status })).icon.id);
  assert.equal(new Set(icons).size, icons.length);
  assert.equal(presentRun(run({})).description, 'R@1 0.412');
  assert.equal(presentRun(run({ bestRecallAt1: null })).description, 'completed');
  const crashed = presentRun(run({ status: 'crashed' }));
  assert.deepEqual([crashed.description, crashed.contextValue], ['crashed · R@1 0.412', 'fluke.run.crashed']);
});

test('the tooltip summarises the config, the grid values and the error', () => {
  const tooltip = presentRun(run({ status: 'failed', error: 'no images in ../data' })).tooltip;
  assert.match(tooltip, /K = 4 clusters, recluster every 2 epochs on backbone features/);
  assert.match(tooltip, /embedding 64/);
  assert.match(tooltip, /margin loss \(margin 0\.2\) · distance-weighted miner · 8 × 4 per batch/);
  assert.match(tooltip, /grid: method\.clusters = 4/);
  assert.match(tooltip, /error: no images in \.\.\/data/);
  assert.match(presentRun(run({ config: { ...config, method: { ...config.method, clusters: 1 } } })).tooltip, /K = 1 \(baseline/);
});

test('pending runs and experiment rows', () => {
  assert.equal(presentPendingRun({ label: 'k=8', state: 'queued', position: 2 }).description, 'queued (#2 in line)');
  assert.equal(presentPendingRun({ label: 'k=8', state: 'starting', position: null }).icon.id, 'loading~spin');
  const sweep = presentExperiment({ relativePath: 'exp/whale.experiment.json', exists: true, hasGrid: true, runCount: 3, bestRecallAt1: 0.5 });
  assert.deepEqual([sweep.label, sweep.description, sweep.contextValue], ['whale', '3 runs · best R@1 0.500', 'fluke.experiment.grid']);
  const gone = presentExperiment({ relativePath: 'old.experiment.json', exists: false, hasGrid: false, runCount: 1, bestRecallAt1: null });
  assert.deepEqual([gone.description, gone.contextValue], ['file not found · 1 run', 'fluke.orphanRuns']);
});
