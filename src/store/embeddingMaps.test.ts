import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readExperimentText } from '../experiment/readExperimentText';
import type { EmbeddingMapWrite, EpochWrite } from '../engine/trainer/runSink';
import { closeStore, openStore, type Store } from './openStore';
import { ensureExperiment } from './experiments';
import { createRun, deleteRun } from './runs';
import { StoreRunSink } from './storeRunSink';
import { getEmbeddingMap, listEmbeddingMaps } from './embeddingMaps';
import { listEpochs } from './runResults';

const config = readExperimentText(JSON.stringify({ name: 'map', data: { path: '/' }, epochs: 4 }), '/tmp/map.experiment.json').runs[0]!.config;

function withSink(body: (store: Store, sink: StoreRunSink) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-map-'));
  const store = openStore(join(dir, 'fluke.db'));
  try {
    const experiment = ensureExperiment(store, '/x/map.experiment.json', 'map');
    const run = createRun(store, { experimentId: experiment.id, name: 'map', config, gridValues: {}, pid: null, host: null, processIdentity: null });
    const sink = new StoreRunSink(store, run.id);
    sink.registerImages([
      { path: '/a.png', identity: 'w1', split: 'train' },
      { path: '/b.png', identity: 'w2', split: 'query' },
      { path: '/c.png', identity: 'w2', split: 'gallery' },
    ]);
    body(store, sink);
  } finally {
    closeStore(store);
    rmSync(dir, { recursive: true, force: true });
  }
}

function epochWrite(epoch: number, embeddingMap: EmbeddingMapWrite | null): EpochWrite {
  return {
    epoch: { epoch, loss: 1, learnerLosses: [1], learningRate: 0.001, seconds: 1, imagesPerSecond: 10, endedAt: '2026-01-01T00:00:00.000Z' },
    metrics: null,
    clusterings: [],
    retrievals: null,
    checkpointPath: null,
    embeddingMap,
  };
}

function map(epoch: number, imageIds: number[], shift = 0): EmbeddingMapWrite {
  return {
    epoch,
    method: 'umap',
    candidates: 7,
    seconds: 0.25,
    imageIds,
    xy: Float32Array.from(imageIds.flatMap((id) => [id * 0.5 + shift, -id - 0.125])),
    learners: imageIds.map((id) => (id % 2 === 0 ? 1 : -1)),
  };
}

test('a stored map round-trips through the epoch write: ids, x/y, learners, method and counts', () => {
  withSink((store, sink) => {
    sink.writeEpoch(epochWrite(1, null));
    sink.writeEpoch(epochWrite(2, map(2, [3, 1, 2])));
    assert.deepEqual(listEmbeddingMaps(store, sink.runId), [{ runId: sink.runId, epoch: 2, method: 'umap', candidates: 7, seconds: 0.25, points: 3 }]);
    const stored = getEmbeddingMap(store, sink.runId, 2)!;
    assert.deepEqual(stored.imageIds, [3, 1, 2]);
    assert.deepEqual(stored.xy, [1.5, -3.125, 0.5, -1.125, 1, -2.125]);
    assert.deepEqual(stored.learners, [-1, -1, 1]);
    assert.equal(getEmbeddingMap(store, sink.runId, 1), null);
  });
});

test('a resumed run that evaluates an epoch again replaces that epoch\'s map', () => {
  withSink((store, sink) => {
    sink.writeEpoch(epochWrite(2, map(2, [1, 2, 3])));
    sink.writeEpoch(epochWrite(2, map(2, [1, 2], 10)));
    const stored = getEmbeddingMap(store, sink.runId, 2)!;
    assert.equal(stored.points, 2);
    assert.equal(stored.xy[0], 10.5);
  });
});

test('a map whose arrays disagree is refused, naming the epoch, and the epoch write is rolled back whole', () => {
  withSink((store, sink) => {
    sink.writeEpoch(epochWrite(1, map(1, [1, 2])));
    const bad = { ...map(2, [1, 2, 3]), learners: [0] };
    assert.throws(() => sink.writeEpoch(epochWrite(2, bad)), /embedding map of epoch 2: 3 image ids, 6 coordinates, 1 learners/);
    assert.deepEqual(listEpochs(store, [sink.runId]).map((e) => e.epoch), [1]);
    assert.deepEqual(listEmbeddingMaps(store, sink.runId).map((m) => m.epoch), [1]);
  });
});

test('deleting a run deletes its maps', () => {
  withSink((store, sink) => {
    sink.writeEpoch(epochWrite(1, map(1, [1, 2])));
    assert.equal(deleteRun(store, sink.runId), true);
    assert.equal((store.db.prepare('SELECT count(*) AS n FROM embedding_maps').get() as { n: number }).n, 0);
  });
});
