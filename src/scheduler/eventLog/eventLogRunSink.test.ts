import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { retainCheckpoints } from '../../engine/trainer/checkpointRetention';
import type { EpochWrite, RunSink } from '../../engine/trainer/runSink';
import { readExperimentText } from '../../experiment/readExperimentText';
import type { RuntimeConfig } from '../../protocol/experiment';
import { ensureExperiment } from '../../store/experiments';
import { closeStore, openStore } from '../../store/openStore';
import { listCheckpoints, recordCheckpoint } from '../../store/runResults';
import { createRun } from '../../store/runs';
import { StoreRunSink } from '../../store/storeRunSink';
import { EventLogRunSink } from './eventLogRunSink';
import { RunLogWriter } from './runLogWriter';

/** recall@1 peaks at epoch 3. */
const recall = [0.1, 0.3, 0.6, 0.5, 0.4, 0.2];

function epochWrite(epoch: number, checkpointPath: string): EpochWrite {
  return {
    epoch: { epoch, loss: 1, learnerLosses: [1], learningRate: 0.001, seconds: 1, imagesPerSecond: 1, endedAt: '2026-12-01T00:00:00.000Z' },
    metrics: { epoch, recallAtK: { '1': recall[epoch - 1]! }, nmi: 0.5, mapAtR: null, rPrecision: null, map5: null },
    clusterings: [],
    retrievals: null,
    checkpointPath,
    checkpointSha256: String(epoch).repeat(64),
  };
}

/** One way a run trains: its sink, its checkpoint folder, and how a stop's checkpoint gets recorded. */
interface Trainee {
  sink: RunSink;
  checkpointDir: string;
  recordStop: (epoch: number, path: string) => void;
  /** The checkpoints the sink holds, oldest first, as file names and kinds. */
  held: () => string[];
}

/** A local run (the store's sink) and a Slurm job (the run log's), both run 1, each in its own folder. */
function withBothSinks(body: (local: Trainee, job: Trainee & { sink: EventLogRunSink; log: RunLogWriter }) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-job-keep-'));
  const store = openStore(join(dir, 'fluke.db'));
  const log = new RunLogWriter(join(dir, 'job', 'events.jsonl'));
  try {
    const experiment = ensureExperiment(store, '/tmp/keep.experiment.json', 'keep');
    const config = readExperimentText(JSON.stringify({ name: 'keep', data: { path: '/' }, epochs: 6 }), '/tmp/keep.experiment.json').runs[0]!.config;
    const runId = createRun(store, { experimentId: experiment.id, name: 'keep', config, gridValues: {}, pid: null, host: null, processIdentity: null }).id;
    const localDir = join(dir, 'checkpoints');
    const jobDir = join(dir, 'job', 'checkpoints');
    for (const folder of [localDir, jobDir]) mkdirSync(folder, { recursive: true });
    const jobSink = new EventLogRunSink(log, runId);
    const local: Trainee = {
      sink: new StoreRunSink(store, runId),
      checkpointDir: localDir,
      recordStop: (epoch, path) => recordCheckpoint(store, runId, epoch, path, 'stop', null),
      held: () => listCheckpoints(store, runId).map((checkpoint) => `${basename(checkpoint.path)} ${checkpoint.kind}`),
    };
    const job = {
      sink: jobSink,
      log,
      checkpointDir: jobDir,
      // As trainJob logs the trainer's checkpoint event.
      recordStop: (epoch: number, path: string) => log.append({ type: 'checkpoint', epoch, kind: 'stop', path }),
      held: () => jobSink.checkpointsNewestFirst().reverse().map((checkpoint) => `${basename(checkpoint.path)} ${/-batch-/.test(checkpoint.path) ? 'stop' : 'epoch'}`),
    };
    body(local, job);
  } finally {
    log.close();
    closeStore(store);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The trainer's end of an epoch: the checkpoint file, the epoch's write, then retention. */
function trainEpoch(trainee: Trainee, epoch: number, keep: RuntimeConfig['keepCheckpoints']): void {
  const path = join(trainee.checkpointDir, `run-${trainee.sink.runId}-epoch-${epoch}.ckpt`);
  writeFileSync(path, `weights of epoch ${epoch}`);
  trainee.sink.writeEpoch(epochWrite(epoch, path));
  retainCheckpoints(trainee.sink, 'recall@1', keep, trainee.checkpointDir);
}

function stopInside(trainee: Trainee, epoch: number): string {
  const path = join(trainee.checkpointDir, `run-${trainee.sink.runId}-epoch-${epoch}-batch-2.ckpt`);
  writeFileSync(path, `weights in the middle of epoch ${epoch}`);
  trainee.recordStop(epoch - 1, path);
  return path;
}

const files = (trainee: Trainee) => readdirSync(trainee.checkpointDir).sort();

test('a job keeps exactly the checkpoints and files a local run keeps (last-and-best), through a stop and its resume', () => {
  withBothSinks((local, job) => {
    const step = (what: string, act: (trainee: Trainee) => void) => {
      act(local);
      act(job);
      assert.deepEqual(job.held(), local.held(), `after ${what}: the checkpoints held`);
      assert.deepEqual(files(job), files(local), `after ${what}: the files`);
    };
    for (let epoch = 1; epoch <= 4; epoch++) step(`epoch ${epoch}`, (trainee) => trainEpoch(trainee, epoch, 'last-and-best'));
    step('a stop inside epoch 5 and a retention pass', (trainee) => {
      stopInside(trainee, 5);
      retainCheckpoints(trainee.sink, 'recall@1', 'last-and-best', trainee.checkpointDir);
    });
    assert.deepEqual(job.held(), ['run-1-epoch-3.ckpt epoch', 'run-1-epoch-4.ckpt epoch', 'run-1-epoch-5-batch-2.ckpt stop']);
    for (let epoch = 5; epoch <= 6; epoch++) step(`epoch ${epoch}`, (trainee) => trainEpoch(trainee, epoch, 'last-and-best'));
    assert.deepEqual(job.held(), ['run-1-epoch-3.ckpt epoch', 'run-1-epoch-6.ckpt epoch']);
    assert.deepEqual(files(job), ['run-1-epoch-3.ckpt', 'run-1-epoch-6.ckpt']);
    assert.equal(job.sink.latestCheckpoint()?.path, join(job.checkpointDir, 'run-1-epoch-6.ckpt'));

    // Each removal is logged before its files went, and a requeued job reading the log again holds the same.
    const removals = job.log.records.flatMap((record) => (record.type === 'checkpoints-removed' ? record.paths.map((path) => basename(path)) : []));
    assert.deepEqual(removals.sort(), ['run-1-epoch-1.ckpt', 'run-1-epoch-2.ckpt', 'run-1-epoch-4.ckpt', 'run-1-epoch-5-batch-2.ckpt', 'run-1-epoch-5.ckpt']);
    const reopened = new RunLogWriter(job.log.path);
    try {
      assert.deepEqual(new EventLogRunSink(reopened, 1).checkpointsNewestFirst(), job.sink.checkpointsNewestFirst());
    } finally {
      reopened.close();
    }
  });
});

test('a count keeps the newest N and the best, job and local alike', () => {
  withBothSinks((local, job) => {
    for (let epoch = 1; epoch <= 6; epoch++) {
      trainEpoch(local, epoch, 2);
      trainEpoch(job, epoch, 2);
    }
    assert.deepEqual(job.held(), local.held());
    assert.deepEqual(job.held(), ['run-1-epoch-3.ckpt epoch', 'run-1-epoch-5.ckpt epoch', 'run-1-epoch-6.ckpt epoch']);
    assert.deepEqual(files(job), files(local));
  });
});

test("keepCheckpoints 'all' removes nothing and appends no removal record", () => {
  withBothSinks((_, job) => {
    for (let epoch = 1; epoch <= 6; epoch++) trainEpoch(job, epoch, 'all');
    assert.equal(files(job).length, 6);
    assert.equal(job.held().length, 6);
    assert.ok(!job.log.records.some((record) => record.type === 'checkpoints-removed'), 'no removal record');
  });
});

test('the removal is logged before the files go: a job that dies in between leaves files no record names, which the next pass deletes', () => {
  withBothSinks((_, job) => {
    for (let epoch = 1; epoch <= 4; epoch++) {
      const path = join(job.checkpointDir, `run-1-epoch-${epoch}.ckpt`);
      writeFileSync(path, `weights of epoch ${epoch}`);
      job.sink.writeEpoch(epochWrite(epoch, path));
    }
    // The sink's write only: the process dies before retainCheckpoints deletes the files.
    const { removed } = job.sink.pruneCheckpoints(() => new Set([3, 4]));
    assert.deepEqual(removed.map((path) => basename(path)), ['run-1-epoch-1.ckpt', 'run-1-epoch-2.ckpt']);
    assert.equal(job.log.records.at(-1)?.type, 'checkpoints-removed');
    assert.equal(files(job).length, 4, 'the files are still there');
    assert.deepEqual(job.held(), ['run-1-epoch-3.ckpt epoch', 'run-1-epoch-4.ckpt epoch']);

    const reopened = new RunLogWriter(job.log.path);
    try {
      const requeued = new EventLogRunSink(reopened, 1);
      const deleted = retainCheckpoints(requeued, 'recall@1', 'last-and-best', job.checkpointDir);
      assert.deepEqual(deleted.map((path) => basename(path)).sort(), ['run-1-epoch-1.ckpt', 'run-1-epoch-2.ckpt']);
      assert.deepEqual(files(job), ['run-1-epoch-3.ckpt', 'run-1-epoch-4.ckpt']);
    } finally {
      reopened.close();
    }
  });
});
