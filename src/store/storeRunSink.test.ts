import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readExperimentText } from '../experiment/readExperimentText';
import { openStore, closeStore, type Store } from './openStore';
import { ensureExperiment, listExperiments } from './experiments';
import { createRun, deleteRun, getRun, listRuns, markRunEnded, markRunRunning } from './runs';
import { StoreRunSink } from './storeRunSink';
import { listCheckpoints, listDataProblems, listEpochs, listMetrics } from './runResults';
import { getClusterAssignments, listClusterings } from './clusterings';
import { listRetrievalEpochs, listRetrievals } from './retrievals';
import { listImages } from './images';
import { listEpochBatches } from './epochBatches';
import type { EpochWrite } from '../engine/trainer/runSink';

const config = readExperimentText(JSON.stringify({ name: 'sink', data: { path: '/' }, epochs: 4 }), '/tmp/sink.experiment.json').runs[0]!.config;

function withStore(body: (store: Store) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-sink-'));
  const store = openStore(join(dir, 'fluke.db'));
  try {
    body(store);
  } finally {
    closeStore(store);
    rmSync(dir, { recursive: true, force: true });
  }
}

function newRun(store: Store, experimentPath = '/x/sink.experiment.json') {
  const experiment = ensureExperiment(store, experimentPath, 'sink');
  return createRun(store, { experimentId: experiment.id, name: 'sink clusters=2', config, gridValues: { 'method.clusters': 2 }, pid: null, host: null, processIdentity: null });
}

function epochWrite(epoch: number, overrides: Partial<EpochWrite> = {}): EpochWrite {
  return {
    epoch: { epoch, loss: 2 / epoch, learnerLosses: [1 / epoch, 3 / epoch], learningRate: 0.001, seconds: 1.5, imagesPerSecond: 40, endedAt: `2026-01-01T00:0${epoch}:00.000Z` },
    metrics: null,
    clusterings: [],
    retrievals: null,
    checkpointPath: null,
    ...overrides,
  };
}

test('a run is created queued, then running, then ended, and round-trips its config', () => {
  withStore((store) => {
    const run = newRun(store);
    assert.equal(run.status, 'queued');
    assert.deepEqual(run.config, config);
    assert.deepEqual(run.gridValues, { 'method.clusters': 2 });
    assert.equal(run.epochs, 4);
    markRunRunning(store, run.id, { pid: 1234, host: 'h', processIdentity: null, backend: 'wasm' });
    const running = getRun(store, run.id)!;
    assert.equal(running.status, 'running');
    assert.equal(running.pid, 1234);
    assert.ok(running.startedAt);
    markRunEnded(store, run.id, 'failed', 'out of memory', 'cpu');
    const ended = getRun(store, run.id)!;
    assert.equal(ended.status, 'failed');
    assert.equal(ended.error, 'out of memory');
    assert.equal(ended.backend, 'cpu');
    assert.ok(ended.endedAt);
  });
});

test('the sink writes images, epochs, metrics, clusterings, retrievals and checkpoints that the queries return', () => {
  withStore((store) => {
    const run = newRun(store);
    const sink = new StoreRunSink(store, run.id);
    const ids = sink.registerImages([
      { path: '/p/a1.jpg', identity: 'a', split: 'train' },
      { path: '/p/b1.jpg', identity: 'b', split: 'train' },
      { path: '/p/a2.jpg', identity: 'a', split: 'query' },
      { path: '/p/b2.jpg', identity: 'b', split: 'gallery' },
      { path: '/p/a3.jpg', identity: 'a', split: 'gallery' },
    ]);
    assert.equal(ids.length, 5);
    assert.deepEqual(sink.registeredImages().map((i) => i.id), ids);
    sink.recordDataProblems([{ path: '/p/broken.jpg', problem: 'corrupt JPEG' }]);
    sink.writeEpoch(
      epochWrite(1, {
        clusterings: [
          { epoch: 0, k: 2, sizes: [1, 1], features: 'backbone', imageIds: [ids[0]!, ids[1]!], clusters: [0, 1] },
          { epoch: 1, k: 2, sizes: [2, 0], features: 'backbone', imageIds: [ids[0]!, ids[1]!], clusters: [0, 0] },
        ],
        metrics: { epoch: 1, recallAtK: { '1': 0.25, '2': 0.5 }, nmi: 0.3, mapAtR: 0.1, rPrecision: 0.2, map5: 0.4 },
        retrievals: [
          {
            queryImageId: ids[2]!,
            queryIdentity: 'a',
            neighbours: [
              { rank: 1, imageId: ids[3]!, identity: 'b', distance: 0.5 },
              { rank: 2, imageId: ids[4]!, identity: 'a', distance: 0.75 },
            ],
          },
        ],
        checkpointPath: '/ck/epoch-1',
      }),
    );
    sink.writeEpoch(epochWrite(2, { metrics: { epoch: 2, recallAtK: { '1': 0.75 }, nmi: null, mapAtR: null, rPrecision: null, map5: null }, checkpointPath: '/ck/epoch-2', checkpointSha256: 'd'.repeat(64) }));

    const epochs = listEpochs(store, [run.id]);
    assert.deepEqual(epochs.map((e) => e.epoch), [1, 2]);
    assert.deepEqual(epochs[0]!.learnerLosses, [1, 3]);
    assert.equal(listMetrics(store, [run.id])[0]!.recallAtK['2'], 0.5);
    const clusterings = listClusterings(store, run.id);
    assert.deepEqual(clusterings.map((c) => [c.epoch, c.sizes]), [[0, [1, 1]], [1, [2, 0]]]);
    assert.deepEqual(getClusterAssignments(store, clusterings[0]!.id), { clusteringId: clusterings[0]!.id, imageIds: [ids[0], ids[1]], clusters: [0, 1] });
    assert.deepEqual(listRetrievalEpochs(store, run.id), [1]);
    assert.deepEqual(listRetrievals(store, run.id, 1), [
      {
        queryImageId: ids[2],
        queryIdentity: 'a',
        neighbours: [
          { rank: 1, imageId: ids[3], identity: 'b', distance: 0.5 },
          { rank: 2, imageId: ids[4], identity: 'a', distance: 0.75 },
        ],
      },
    ]);
    assert.deepEqual(sink.latestCheckpoint(), { epoch: 2, path: '/ck/epoch-2', sha256: 'd'.repeat(64) });
    assert.deepEqual(listCheckpoints(store, run.id).map((checkpoint) => checkpoint.sha256), [null, 'd'.repeat(64)]);
    assert.deepEqual(listDataProblems(store, run.id), [{ runId: run.id, path: '/p/broken.jpg', problem: 'corrupt JPEG' }]);
    assert.deepEqual(listImages(store, run.id, [ids[4]!, ids[0]!]).map((i) => i.path), ['/p/a1.jpg', '/p/a3.jpg']);
    const record = getRun(store, run.id)!;
    assert.equal(record.lastEpoch, 2);
    assert.equal(record.bestRecallAt1, 0.75);

    assert.equal(deleteRun(store, run.id), true);
    assert.equal(listEpochs(store, [run.id]).length, 0);
    assert.equal(listImages(store, run.id).length, 0);
    assert.equal(listClusterings(store, run.id).length, 0);
  });
});

test('schema 5: churn NMI, MAP@5 at the best threshold and what each epoch\'s batches drew round-trip', () => {
  withStore((store) => {
    const run = newRun(store);
    const sink = new StoreRunSink(store, run.id);
    const batches = {
      epoch: 1,
      clusterUsage: [
        { cluster: 0, batches: 3, images: 40, classes: 12 },
        { cluster: 1, batches: 2, images: 25, classes: 9 },
      ],
      learnerHardness: [
        { learner: 0, nonZeroLossShare: 0.75, meanNegativeDistance: 1.1 },
        { learner: 1, nonZeroLossShare: null, meanNegativeDistance: null },
      ],
    };
    sink.writeEpoch(
      epochWrite(1, {
        clusterings: [
          { epoch: 0, k: 2, sizes: [1, 1], features: 'backbone', imageIds: [1, 2], clusters: [0, 1], churnNmi: null },
          { epoch: 1, k: 2, sizes: [1, 1], features: 'backbone', imageIds: [1, 2], clusters: [1, 0], churnNmi: 0.5 },
        ],
        metrics: { epoch: 1, recallAtK: { '1': 0.25 }, nmi: null, mapAtR: null, rPrecision: null, map5: 0.3, map5Best: { threshold: 0.9, value: 0.45 } },
        batches,
      }),
    );
    sink.writeEpoch(epochWrite(2, { metrics: { epoch: 2, recallAtK: { '1': 0.5 }, nmi: null, mapAtR: null, rPrecision: null, map5: 0.3 } }));
    assert.deepEqual(listClusterings(store, run.id).map((c) => c.churnNmi), [null, 0.5]);
    assert.deepEqual(listMetrics(store, [run.id]).map((m) => m.map5Best), [{ threshold: 0.9, value: 0.45 }, null]);
    assert.deepEqual(listEpochBatches(store, [run.id]), [{ runId: run.id, ...batches }]);
    assert.equal(deleteRun(store, run.id), true);
    assert.deepEqual(listEpochBatches(store, [run.id]), []);
  });
});

test('a failing epoch write leaves nothing of that epoch behind', () => {
  withStore((store) => {
    const run = newRun(store);
    const sink = new StoreRunSink(store, run.id);
    sink.writeEpoch(epochWrite(1));
    assert.throws(
      () => sink.writeEpoch(epochWrite(2, { clusterings: [{ epoch: 2, k: 2, sizes: [1, 1], features: 'embedding', imageIds: [1, 2], clusters: [0] }], checkpointPath: '/ck/2' })),
      /2 image ids but 1 cluster labels/,
    );
    assert.deepEqual(listEpochs(store, [run.id]).map((e) => e.epoch), [1]);
    assert.equal(sink.latestCheckpoint(), null);
  });
});

test('runs are listed newest first and filtered by experiment file', () => {
  withStore((store) => {
    const first = newRun(store, '/x/one.experiment.json');
    const second = newRun(store, '/x/two.experiment.json');
    assert.deepEqual(listRuns(store).map((r) => r.id), [second.id, first.id]);
    assert.deepEqual(listRuns(store, '/x/one.experiment.json').map((r) => r.id), [first.id]);
    assert.equal(listExperiments(store).length, 2);
  });
});

test('only one process can claim a run: a second resume of the same run is refused', () => {
  withStore((store) => {
    const run = newRun(store);
    const first = { pid: 1, host: 'h', processIdentity: null, backend: 'cpu' };
    assert.equal(markRunRunning(store, run.id, first), true);
    assert.equal(markRunRunning(store, run.id, { ...first, pid: 2 }), false, 'a running run is not queued');
    markRunEnded(store, run.id, 'stopped', null);
    assert.equal(markRunRunning(store, run.id, { ...first, pid: 3 }), false, 'a stopped run is claimed only by a resume');
    assert.equal(markRunRunning(store, run.id, { ...first, pid: 4 }, ['stopped', 'crashed']), true);
    assert.equal(markRunRunning(store, run.id, { ...first, pid: 5 }, ['stopped', 'crashed']), false);
    assert.equal(getRun(store, run.id)!.pid, 4);
  });
});
