import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, ResponseError } from 'vscode-jsonrpc/node';
import * as rpc from '../../src/protocol/rpc';
import { readExperimentText } from '../../src/experiment/readExperimentText';
import { openStore, closeStore } from '../../src/store/openStore';
import { currentSchemaVersion } from '../../src/store/migrations';
import { ensureExperiment } from '../../src/store/experiments';
import { createRun } from '../../src/store/runs';
import { StoreRunSink } from '../../src/store/storeRunSink';
import { runCheckpointDir } from '../../src/cli/storeLocation';
import { ensureCliBuilt, finished, startFluke } from './bundledFluke';

test('fluke serve answers the RPC methods and notifies runs/changed for writes by another process', async () => {
  ensureCliBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'fluke-serve-'));
  const dbPath = join(dir, 'fluke.db');
  const photo = join(dir, 'fluke.png');
  await sharp({ create: { width: 40, height: 20, channels: 3, background: { r: 20, g: 60, b: 120 } } }).png().toFile(photo);

  const store = openStore(dbPath);
  const config = readExperimentText(JSON.stringify({ name: 'served', data: { path: '.' }, epochs: 3 }), join(dir, 'served.experiment.json')).runs[0]!.config;
  const experiment = ensureExperiment(store, join(dir, 'served.experiment.json'), 'served');
  const run = createRun(store, { experimentId: experiment.id, name: 'served', config, gridValues: {}, pid: null, host: null, processIdentity: null });
  const sink = new StoreRunSink(store, run.id);
  const [a, b, q] = sink.registerImages([
    { path: photo, identity: 'w1', split: 'gallery' },
    { path: '/p/b.png', identity: 'w2', split: 'gallery' },
    { path: '/p/q.png', identity: 'w1', split: 'query' },
  ]) as [number, number, number];
  sink.writeEpoch({
    epoch: { epoch: 1, loss: 0.5, learnerLosses: [0.5], learningRate: 0.001, seconds: 1, imagesPerSecond: 3, endedAt: new Date().toISOString() },
    metrics: { epoch: 1, recallAtK: { '1': 1 }, nmi: null, mapAtR: 0.5, rPrecision: 0.5, map5: 1 },
    clusterings: [{ epoch: 0, k: 2, sizes: [1, 1], features: 'backbone', imageIds: [a, b], clusters: [1, 0] }],
    retrievals: [{ queryImageId: q, queryIdentity: 'w1', neighbours: [{ rank: 1, imageId: a, identity: 'w1', distance: 0.25 }, { rank: 2, imageId: b, identity: 'w2', distance: 1 }] }],
    checkpointPath: null,
    embeddingMap: { epoch: 1, method: 'pca', candidates: 3, seconds: 0.5, imageIds: [a, b, q], xy: Float32Array.from([1, 2, 3, 4, 5, 6]), learners: [0, 1, 0] },
  });

  const child = startFluke(['serve', '--db', dbPath]);
  const exited = finished(child);
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const notifications: number[][] = [];
  connection.onNotification(rpc.runsChanged, (params) => notifications.push(params.runIds));
  connection.listen();
  try {
    const info = await connection.sendRequest(rpc.storeInfo, {});
    assert.equal(info.path, dbPath);
    assert.equal(info.schemaVersion, currentSchemaVersion);
    const runs = await connection.sendRequest(rpc.listRuns, {});
    assert.deepEqual(runs.map((r) => [r.id, r.name, r.lastEpoch, r.bestRecallAt1]), [[run.id, 'served', 1, 1]]);
    assert.equal((await connection.sendRequest(rpc.listRuns, { experimentPath: '/elsewhere.experiment.json' })).length, 0);
    assert.equal((await connection.sendRequest(rpc.getRun, { runId: run.id }))?.status, 'queued');
    assert.equal(await connection.sendRequest(rpc.getRun, { runId: 999 }), null);
    assert.deepEqual((await connection.sendRequest(rpc.listEpochs, { runIds: [run.id] })).map((e) => e.loss), [0.5]);
    assert.equal((await connection.sendRequest(rpc.listMetrics, { runIds: [run.id] }))[0]?.mapAtR, 0.5);
    const clusterings = await connection.sendRequest(rpc.listClusterings, { runId: run.id });
    assert.deepEqual((await connection.sendRequest(rpc.getClusterAssignments, { clusteringId: clusterings[0]!.id })).clusters, [1, 0]);
    assert.deepEqual(await connection.sendRequest(rpc.listRetrievalEpochs, { runId: run.id }), [1]);
    const retrievals = await connection.sendRequest(rpc.listRetrievals, { runId: run.id, epoch: 1 });
    assert.deepEqual(retrievals[0]!.neighbours.map((n) => [n.identity, n.distance]), [['w1', 0.25], ['w2', 1]]);
    assert.deepEqual((await connection.sendRequest(rpc.listImages, { runId: run.id, imageIds: [q] })).map((i) => i.split), ['query']);
    assert.deepEqual((await connection.sendRequest(rpc.listEmbeddingMaps, { runId: run.id })).map((m) => [m.epoch, m.method, m.points]), [[1, 'pca', 3]]);
    assert.deepEqual((await connection.sendRequest(rpc.getEmbeddingMap, { runId: run.id, epoch: 1 }))?.xy, [1, 2, 3, 4, 5, 6]);
    assert.equal(await connection.sendRequest(rpc.getEmbeddingMap, { runId: run.id, epoch: 2 }), null);
    assert.deepEqual(await connection.sendRequest(rpc.listDataProblems, { runId: run.id }), []);
    const thumbnail = await connection.sendRequest(rpc.makeThumbnail, { runId: run.id, imageId: a, width: 20, height: 10 });
    assert.ok(existsSync(thumbnail.thumbnailPath));
    assert.deepEqual([(await sharp(thumbnail.thumbnailPath).metadata()).width, (await sharp(thumbnail.thumbnailPath).metadata()).height], [20, 10]);
    await assert.rejects(connection.sendRequest(rpc.getRun, { runId: 'one' as unknown as number }), (error: unknown) => error instanceof ResponseError && /runId must be an integer/.test(error.message));
    await assert.rejects(connection.sendRequest(rpc.makeThumbnail, { runId: run.id, imageId: b, width: 20, height: 10 }), /image \d+ of run \d+: its path is not inside the run's dataset folder/);

    // Another process's write (this test's own connection) and a run left by a dead process.
    sink.writeEpoch({ epoch: { epoch: 2, loss: 0.4, learnerLosses: [0.4], learningRate: 0.001, seconds: 1, imagesPerSecond: 3, endedAt: new Date().toISOString() }, metrics: null, clusterings: [], retrievals: null, checkpointPath: null });
    const deadline = Date.now() + 10_000;
    while (!notifications.some((ids) => ids.includes(run.id)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(notifications.some((ids) => ids.includes(run.id)), 'runs/changed names the run another process wrote to');

    store.db.prepare(`INSERT INTO runs (experiment_id, name, config, status, pid, host, process_identity, seed, epochs, created_at) VALUES (?, 'ghost', ?, 'running', 999999999, ?, 'x:1', 0, 3, 'now')`).run(experiment.id, JSON.stringify(config), hostname());
    const ghostId = (store.db.prepare("SELECT id FROM runs WHERE name = 'ghost'").get() as { id: number }).id;
    assert.deepEqual(await connection.sendRequest(rpc.reconcileRuns, {}), { crashed: [ghostId] });
    const ghostCheckpoints = runCheckpointDir(store, ghostId);
    mkdirSync(ghostCheckpoints, { recursive: true });
    writeFileSync(join(ghostCheckpoints, 'epoch-1.ckpt'), 'weights');
    assert.deepEqual(await connection.sendRequest(rpc.deleteRun, { runId: ghostId }), { deleted: true });
    assert.equal(existsSync(ghostCheckpoints), false, 'deleting a run deletes its checkpoints');
    assert.equal(await connection.sendRequest(rpc.getRun, { runId: ghostId }), null);
  } finally {
    connection.dispose();
    child.stdin!.end();
    const result = await exited;
    closeStore(store);
    rmSync(dir, { recursive: true, force: true });
    assert.equal(result.code, 0, result.stderr);
  }
});
