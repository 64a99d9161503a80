import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { retainCheckpoints } from '../../engine/trainer/checkpointRetention';
import type { EpochWrite } from '../../engine/trainer/runSink';
import type { ExperimentConfig } from '../../protocol/experiment';
import { ensureExperiment } from '../../store/experiments';
import { closeStore, openStore, type Store } from '../../store/openStore';
import { getClusterAssignments, listClusterings } from '../../store/clusterings';
import { listCheckpoints, listEpochs } from '../../store/runResults';
import { listRetrievals } from '../../store/retrievals';
import { getEmbeddingMap } from '../../store/embeddingMaps';
import { listImages } from '../../store/images';
import { createRun, getRun } from '../../store/runs';
import { EventLogRunSink } from '../eventLog/eventLogRunSink';
import { RunLogWriter } from '../eventLog/runLogWriter';
import { ingestRunLog, ingestRunLogs, registerRunLog } from './ingestRunLog';

function newRun(store: Store): number {
  const experiment = ensureExperiment(store, '/work/a.experiment.json', 'a');
  const config = { name: 'a', epochs: 3, runtime: { seed: 1, backend: 'cpu', threads: null } } as unknown as ExperimentConfig;
  return createRun(store, { experimentId: experiment.id, name: 'a', config, gridValues: {}, pid: null, host: null, processIdentity: null }).id;
}

function epochWrite(epoch: number, imageIds: number[]): EpochWrite {
  return {
    epoch: { epoch, loss: 1 / epoch, learnerLosses: [1 / epoch], learningRate: 0.001, seconds: 1, imagesPerSecond: 10, endedAt: `2026-11-30T20:0${epoch}:00.000Z` },
    metrics: null,
    clusterings: [{ epoch: epoch - 1, k: 2, sizes: [1, 1], features: 'backbone', imageIds, clusters: [0, 1] }],
    retrievals: [{ queryImageId: imageIds[0]!, queryIdentity: 'w1', neighbours: [{ rank: 1, imageId: imageIds[1]!, identity: 'w2', distance: 0.5 }] }],
    checkpointPath: `/ckpt/epoch-${epoch}`,
    checkpointSha256: String(epoch).repeat(64),
  };
}

function count(store: Store, table: string): number {
  return (store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** A store with one run whose log is registered (not yet written), removed afterwards. */
function withLoggedRun(body: (fixture: { store: Store; runId: number; logPath: string }) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-ingest-'));
  const store = openStore(join(dir, 'fluke.db'));
  try {
    const runId = newRun(store);
    const logPath = join(dir, 'events.jsonl');
    registerRunLog(store, runId, logPath);
    body({ store, runId, logPath });
  } finally {
    closeStore(store);
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a job log is ingested exactly once, in order, across a restart of the ingesting process, and a cut-off line waits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-ingest-'));
  try {
    const dbPath = join(dir, 'fluke.db');
    const logPath = join(dir, 'task-0', 'events.jsonl');
    let store = openStore(dbPath);
    // Another run's images come first, so log ids (1, 2) and store ids differ.
    const other = newRun(store);
    store.db.prepare("INSERT INTO images (run_id, path, identity, split) VALUES (?, '/x.png', 'w', 'train')").run(other);
    const runId = newRun(store);
    registerRunLog(store, runId, logPath);

    const writer = new RunLogWriter(logPath);
    const sink = new EventLogRunSink(writer, runId);
    writer.append({ type: 'started', at: '2026-11-30T20:00:00.000Z', host: 'node1', pid: 42, jobId: '7_0', attempt: 0, backend: 'cpu', startEpoch: 1 });
    const ids = sink.registerImages([
      { path: '/a.png', identity: 'w1', split: 'query' },
      { path: '/b.png', identity: 'w2', split: 'gallery' },
    ]);
    assert.deepEqual(ids, [1, 2]);
    sink.writeEpoch(epochWrite(1, ids));
    assert.equal(ingestRunLog(store, runId), 3);
    assert.equal(getRun(store, runId)?.status, 'running');
    assert.equal(getRun(store, runId)?.pid, null);
    assert.equal(ingestRunLog(store, runId), 0, 'nothing new: nothing taken twice');

    // Epoch 2 is complete; epoch 3 was being written when the node died.
    sink.writeEpoch(epochWrite(2, ids));
    appendFileSync(logPath, JSON.stringify({ type: 'epoch', seq: 99, write: epochWrite(3, ids) }).slice(0, 40));
    // serve restarts: a new connection, the position comes from the database.
    closeStore(store);
    store = openStore(dbPath);
    assert.equal(ingestRunLog(store, runId), 1);
    assert.deepEqual(listEpochs(store, [runId]).map((e) => e.epoch), [1, 2]);

    // The requeued job reopens the log: the cut-off line goes, its records continue the numbering.
    writer.close();
    const again = new RunLogWriter(logPath);
    const resumed = new EventLogRunSink(again, runId);
    assert.deepEqual(resumed.latestCheckpoint(), { epoch: 2, path: '/ckpt/epoch-2', sha256: '2'.repeat(64) });
    assert.deepEqual(resumed.registeredImages().map((image) => image.id), [1, 2]);
    resumed.writeEpoch(epochWrite(3, [1, 2]));
    again.append({ type: 'ended', at: '2026-11-30T20:09:00.000Z', status: 'completed', error: null, backend: 'cpu' });
    again.close();
    assert.ok(readFileSync(logPath, 'utf8').endsWith('\n'));
    assert.deepEqual(ingestRunLogs(store, [other, runId], (_, error) => assert.fail(error)), [runId]);

    assert.deepEqual(listEpochs(store, [runId]).map((e) => e.epoch), [1, 2, 3]);
    assert.equal(getRun(store, runId)?.status, 'completed');
    assert.deepEqual(listCheckpoints(store, runId).map((c) => [c.epoch, c.sha256]), [1, 2, 3].map((epoch) => [epoch, String(epoch).repeat(64)]));
    assert.equal(count(store, 'images'), 3, 'the images were registered once');
    const storeIds = (store.db.prepare('SELECT id FROM images WHERE run_id = ? ORDER BY id').all(runId) as Array<{ id: number }>).map((row) => row.id);
    const clustering = listClusterings(store, runId).at(-1)!;
    assert.deepEqual(getClusterAssignments(store, clustering.id).imageIds, storeIds);
    const retrieval = listRetrievals(store, runId, 3)[0]!;
    assert.deepEqual([retrieval.queryImageId, retrieval.neighbours[0]!.imageId, retrieval.neighbours[0]!.identity], [storeIds[0], storeIds[1], 'w2']);
    closeStore(store);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a log whose records skip a number is refused, naming the file, and nothing of it is taken', () => {
  withLoggedRun(({ store, runId, logPath }) => {
    const started = { type: 'started', at: '2026-11-30T20:00:00.000Z', host: 'n', pid: 1, jobId: null, attempt: 0, backend: 'cpu', startEpoch: 1 };
    writeFileSync(logPath, `${JSON.stringify({ ...started, seq: 1 })}\n${JSON.stringify({ type: 'checkpoint', epoch: 1, path: '/c', seq: 3 })}\n`);
    assert.throws(() => ingestRunLog(store, runId), (error: Error) => error.message.includes(logPath) && /record 3 follows record 1/.test(error.message));
    assert.equal(getRun(store, runId)?.status, 'queued');
    assert.equal((store.db.prepare('SELECT ingested_seq FROM run_logs').get() as { ingested_seq: number }).ingested_seq, 0);
  });
});

test("an epoch's Embedding Map and each query's nearest identities come through the log with store image ids and their coordinates", () => {
  withLoggedRun(({ store, runId, logPath }) => {
    const other = newRun(store);
    store.db.prepare("INSERT INTO images (run_id, path, identity, split) VALUES (?, '/x.png', 'w', 'train')").run(other);
    const sink = new EventLogRunSink(new RunLogWriter(logPath), runId);
    const ids = sink.registerImages([
      { path: '/a.png', identity: 'w1', split: 'query' },
      { path: '/b.png', identity: 'w2', split: 'gallery' },
    ]);
    const write = epochWrite(1, ids);
    write.retrievals![0]!.nearestIdentities = [{ rank: 1, imageId: ids[1]!, identity: 'w2', distance: 0.5 }];
    write.embeddingMap = { epoch: 1, method: 'pca', candidates: 2, seconds: 0.1, imageIds: ids, xy: Float32Array.from([0.25, -1.5, 3, 4.5]), learners: [0, 1] };
    sink.writeEpoch(write);
    ingestRunLog(store, runId);

    const storeIds = listImages(store, runId).map((image) => image.id);
    assert.notDeepEqual(storeIds, ids, 'log ids and store ids differ, so a missed translation shows');
    const map = getEmbeddingMap(store, runId, 1)!;
    assert.deepEqual(map.imageIds, storeIds);
    assert.deepEqual(map.xy, [0.25, -1.5, 3, 4.5]);
    assert.deepEqual(map.learners, [0, 1]);
    const [retrieval] = listRetrievals(store, runId, 1);
    assert.deepEqual(retrieval!.nearestIdentities!.map((n) => n.imageId), [storeIds[1]]);
  });
});

test("a stop's checkpoint record carries its digest into the database; a log written before digests were gives none", () => {
  withLoggedRun(({ store, runId, logPath }) => {
    const writer = new RunLogWriter(logPath);
    writer.append({ type: 'checkpoint', epoch: 1, kind: 'stop', path: '/ckpt/epoch-2-batch-3', sha256: 'e'.repeat(64) });
    writer.append({ type: 'checkpoint', epoch: 2, kind: 'stop', path: '/ckpt/epoch-3-batch-1' });
    writer.close();
    ingestRunLog(store, runId);
    assert.deepEqual(listCheckpoints(store, runId).map((c) => [c.path, c.sha256]), [['/ckpt/epoch-2-batch-3', 'e'.repeat(64)], ['/ckpt/epoch-3-batch-1', null]]);
  });
});

test('checkpoints a job let go (last-and-best) leave the database at ingest: the rows are those the job still holds', () => {
  withLoggedRun(({ store, runId, logPath }) => {
    const checkpointDir = join(dirname(logPath), 'checkpoints');
    mkdirSync(checkpointDir);
    const writer = new RunLogWriter(logPath);
    const sink = new EventLogRunSink(writer, runId);
    try {
      const ids = sink.registerImages([
        { path: '/a.png', identity: 'w1', split: 'query' },
        { path: '/b.png', identity: 'w2', split: 'gallery' },
      ]);
      // recall@1 peaks at epoch 3.
      const recall = [0.1, 0.3, 0.6, 0.5, 0.4, 0.2];
      const train = (epoch: number) => {
        const checkpointPath = join(checkpointDir, `run-${runId}-epoch-${epoch}.ckpt`);
        writeFileSync(checkpointPath, `weights of epoch ${epoch}`);
        const metrics = { epoch, recallAtK: { '1': recall[epoch - 1]! }, nmi: 0.5, mapAtR: null, rPrecision: null, map5: null };
        sink.writeEpoch({ ...epochWrite(epoch, ids), metrics, checkpointPath });
        retainCheckpoints(sink, 'recall@1', 'last-and-best', checkpointDir);
      };
      const rows = () => listCheckpoints(store, runId).map((checkpoint) => basename(checkpoint.path));
      for (let epoch = 1; epoch <= 3; epoch++) train(epoch);
      ingestRunLog(store, runId);
      assert.deepEqual(rows(), [`run-${runId}-epoch-3.ckpt`]);
      for (let epoch = 4; epoch <= 6; epoch++) train(epoch);
      ingestRunLog(store, runId);
      assert.deepEqual(rows(), [`run-${runId}-epoch-3.ckpt`, `run-${runId}-epoch-6.ckpt`]);
      assert.deepEqual(rows(), readdirSync(checkpointDir).sort());
      assert.deepEqual(listCheckpoints(store, runId).map((checkpoint) => checkpoint.path), sink.checkpointsNewestFirst().reverse().map((checkpoint) => checkpoint.path));
      assert.deepEqual(listEpochs(store, [runId]).map((epoch) => epoch.epoch), [1, 2, 3, 4, 5, 6], 'the epochs themselves stay');
    } finally {
      writer.close();
    }
  });
});
