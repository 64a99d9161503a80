import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readExperimentText } from '../experiment/readExperimentText';
import { retainCheckpoints } from '../engine/trainer/checkpointRetention';
import type { EpochWrite } from '../engine/trainer/runSink';
import { closeStore, openStore } from './openStore';
import { ensureExperiment } from './experiments';
import { chooseCheckpoint } from '../cli/predict/chooseCheckpoint';
import { createRun, getRun } from './runs';
import { StoreRunSink } from './storeRunSink';
import { listCheckpoints, recordCheckpoint } from './runResults';

const config = readExperimentText(JSON.stringify({ name: 'keep', data: { path: '/' }, epochs: 6 }), '/tmp/keep.experiment.json').runs[0]!.config;

/** Epochs 1..6 with a checkpoint file each; recall@1 peaks at epoch 3 (nmi at epoch 5). */
function trainedRun(dir: string) {
  const store = openStore(join(dir, 'fluke.db'));
  const experiment = ensureExperiment(store, '/tmp/keep.experiment.json', 'keep');
  const run = createRun(store, { experimentId: experiment.id, name: 'keep', config, gridValues: {}, pid: null, host: null, processIdentity: null });
  const sink = new StoreRunSink(store, run.id);
  const checkpointDir = join(dir, 'checkpoints');
  mkdirSync(checkpointDir, { recursive: true });
  const recall = [0.1, 0.3, 0.6, 0.5, 0.4, 0.2];
  const nmi = [0.1, 0.2, 0.3, 0.4, 0.9, 0.5];
  const write = (epoch: number): void => {
    const path = join(checkpointDir, `run-${run.id}-epoch-${epoch}.ckpt`);
    writeFileSync(path, `weights of epoch ${epoch}`);
    const epochWrite: EpochWrite = {
      epoch: { epoch, loss: 1, learnerLosses: [1], learningRate: 0.001, seconds: 1, imagesPerSecond: 1, endedAt: '2026-01-01T00:00:00.000Z' },
      metrics: { epoch, recallAtK: { '1': recall[epoch - 1]! }, nmi: nmi[epoch - 1]!, mapAtR: null, rPrecision: null, map5: null },
      clusterings: [],
      retrievals: null,
      checkpointPath: path,
    };
    sink.writeEpoch(epochWrite);
  };
  return { store, sink, checkpointDir, write, runId: run.id };
}

test('last-and-best keeps the newest checkpoint and the best epoch by selectBy, rows and files alike, as training goes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-keep-'));
  const { store, sink, checkpointDir, write, runId } = trainedRun(dir);
  try {
    for (let epoch = 1; epoch <= 6; epoch++) {
      write(epoch);
      retainCheckpoints(sink, 'recall@1', 'last-and-best', checkpointDir);
      assert.ok(readdirSync(checkpointDir).length <= 2, `after epoch ${epoch}: ${readdirSync(checkpointDir).join(', ')}`);
    }
    assert.deepEqual(listCheckpoints(store, runId).map((checkpoint) => checkpoint.epoch), [3, 6]);
    assert.deepEqual(readdirSync(checkpointDir).sort(), [`run-${runId}-epoch-3.ckpt`, `run-${runId}-epoch-6.ckpt`]);
    assert.equal(sink.latestCheckpoint()?.epoch, 6);
  } finally {
    closeStore(store);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('selectBy nmi keeps its own best; a count keeps the newest N; all keeps every one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-keep-'));
  const { store, sink, checkpointDir, write, runId } = trainedRun(dir);
  try {
    for (let epoch = 1; epoch <= 6; epoch++) write(epoch);
    retainCheckpoints(sink, 'recall@1', 'all', checkpointDir);
    assert.equal(listCheckpoints(store, runId).length, 6);
    retainCheckpoints(sink, 'nmi', 3, checkpointDir);
    assert.deepEqual(listCheckpoints(store, runId).map((checkpoint) => checkpoint.epoch), [4, 5, 6]);
    retainCheckpoints(sink, 'recall@1', 1, checkpointDir);
    // recall@1's best (epoch 3) is already gone: the best among what is left is kept.
    assert.deepEqual(listCheckpoints(store, runId).map((checkpoint) => checkpoint.epoch), [4, 6]);
    assert.equal(readdirSync(checkpointDir).length, 2);
  } finally {
    closeStore(store);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('files left by a crash between the row delete and the file delete go at the next pass; other runs\' files stay', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-keep-'));
  const { store, sink, checkpointDir, write, runId } = trainedRun(dir);
  try {
    for (let epoch = 1; epoch <= 4; epoch++) write(epoch);
    // The rows are deleted, the process dies before deleting the files.
    sink.pruneCheckpoints(() => new Set([3, 4]));
    assert.equal(readdirSync(checkpointDir).length, 4);
    const otherRun = join(checkpointDir, `run-${runId + 10}-epoch-1.ckpt`);
    writeFileSync(otherRun, 'another run');
    const inProgress = join(checkpointDir, `run-${runId}-epoch-5.ckpt.partial`);
    writeFileSync(inProgress, 'being written');
    const deleted = retainCheckpoints(sink, 'recall@1', 'last-and-best', checkpointDir);
    assert.deepEqual(deleted.map((path) => path.slice(checkpointDir.length + 1)).sort(), [`run-${runId}-epoch-1.ckpt`, `run-${runId}-epoch-2.ckpt`]);
    assert.ok(existsSync(otherRun));
    assert.ok(existsSync(inProgress));
    assert.deepEqual(listCheckpoints(store, runId).map((checkpoint) => checkpoint.epoch), [3, 4]);
  } finally {
    closeStore(store);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a stop inside epoch E+1 is kept beside epoch E\'s checkpoint: best loads E\'s own weights, resume the stop\'s, retention drops the stop only once a newer epoch exists', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-keep-'));
  const { store, sink, checkpointDir, write, runId } = trainedRun(dir);
  try {
    // recall@1 peaks at epoch 3; the run stops inside epoch 4.
    for (let epoch = 1; epoch <= 3; epoch++) {
      write(epoch);
      retainCheckpoints(sink, 'recall@1', 'last-and-best', checkpointDir);
    }
    const stopPath = join(checkpointDir, `run-${runId}-epoch-4-batch-2.ckpt`);
    writeFileSync(stopPath, 'weights in the middle of epoch 4');
    recordCheckpoint(store, runId, 3, stopPath, 'stop', null);
    const run = getRun(store, runId)!;
    const best = chooseCheckpoint(store, run, config, 'best');
    assert.equal(best.path, join(checkpointDir, `run-${runId}-epoch-3.ckpt`));
    assert.equal(chooseCheckpoint(store, run, config, 3).path, best.path);
    assert.equal(chooseCheckpoint(store, run, config, 'last').path, stopPath);
    assert.equal(listCheckpoints(store, runId).reverse()[0]!.path, stopPath, 'a resume tries the stop\'s checkpoint first');
    assert.equal(sink.latestCheckpoint()?.path, stopPath);

    // The resumed run finishes epoch 4: the stop's checkpoint is no longer needed, the best stays.
    write(4);
    retainCheckpoints(sink, 'recall@1', 'last-and-best', checkpointDir);
    assert.deepEqual(listCheckpoints(store, runId).map((checkpoint) => [checkpoint.epoch, checkpoint.kind]), [[3, 'epoch'], [4, 'epoch']]);
    assert.ok(!existsSync(stopPath));
  } finally {
    closeStore(store);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('retention right after a stop keeps the stop\'s checkpoint (the newest) and the best one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-keep-'));
  const { store, sink, checkpointDir, write, runId } = trainedRun(dir);
  try {
    for (let epoch = 1; epoch <= 5; epoch++) write(epoch);
    const stopPath = join(checkpointDir, `run-${runId}-epoch-6-batch-1.ckpt`);
    writeFileSync(stopPath, 'weights in the middle of epoch 6');
    recordCheckpoint(store, runId, 5, stopPath, 'stop', null);
    retainCheckpoints(sink, 'recall@1', 'last-and-best', checkpointDir);
    assert.deepEqual(listCheckpoints(store, runId).map((checkpoint) => [checkpoint.epoch, checkpoint.kind]), [[3, 'epoch'], [5, 'epoch'], [5, 'stop']]);
    assert.ok(existsSync(stopPath));
  } finally {
    closeStore(store);
    rmSync(dir, { recursive: true, force: true });
  }
});

test("retention deletes files only in the run's own folder: rows naming another database's folder (the one it was copied from) are forgotten, the files stay", () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-keep-'));
  const { store, sink, checkpointDir, write, runId } = trainedRun(dir);
  try {
    // Epochs 1 and 2 were trained before the copy: their rows name the original's folder.
    const originalDir = join(dir, 'original-checkpoints');
    mkdirSync(originalDir);
    const originals = [1, 2].map((epoch) => join(originalDir, `run-${runId}-epoch-${epoch}.ckpt`));
    for (const path of originals) writeFileSync(path, 'the original database\'s weights');
    // The original resumed the same run too: a newer file of run N no row of the copy names.
    const originalsNewer = join(originalDir, `run-${runId}-epoch-3.ckpt`);
    writeFileSync(originalsNewer, 'the original database\'s epoch 3');
    originals.forEach((path, index) => recordCheckpoint(store, runId, index + 1, path, 'epoch', null));
    for (let epoch = 3; epoch <= 6; epoch++) {
      write(epoch);
      retainCheckpoints(sink, 'recall@1', 'last-and-best', checkpointDir);
    }
    assert.deepEqual(listCheckpoints(store, runId).map((checkpoint) => checkpoint.epoch), [3, 6]);
    assert.deepEqual(readdirSync(checkpointDir).sort(), [`run-${runId}-epoch-3.ckpt`, `run-${runId}-epoch-6.ckpt`]);
    for (const path of [...originals, originalsNewer]) assert.ok(existsSync(path), `${path} of the original database was deleted`);
  } finally {
    closeStore(store);
    rmSync(dir, { recursive: true, force: true });
  }
});
