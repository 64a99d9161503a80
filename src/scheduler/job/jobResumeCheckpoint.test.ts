import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCheckpointFile } from '../../engine/trainer/checkpointFile';
import { retainCheckpoints } from '../../engine/trainer/checkpointRetention';
import type { TrainerCheckpointMeta } from '../../engine/trainer/resumableCheckpoint';
import { EventLogRunSink } from '../eventLog/eventLogRunSink';
import { RunLogWriter } from '../eventLog/runLogWriter';
import { jobResumeCheckpoint } from './trainJob';

const owner = { storeId: 'workspace-db', runId: 4 };

/** Writes a checkpoint of the job's run; returns its digest. */
function checkpointAt(path: string, epoch: number): string {
  const meta: TrainerCheckpointMeta = { version: 1, owner, epoch, random: [1], assignments: [0], optimizerStep: epoch, partial: null, unwrittenClusterings: [] };
  return writeCheckpointFile(path, { meta, arrays: [{ name: 'model/w', shape: [2], values: Float32Array.from([epoch, -epoch]) }] });
}

test('a requeued job passes over its damaged or replaced newest checkpoint to the previous intact one, with a warning', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-job-resume-'));
  try {
    const sink = new EventLogRunSink(new RunLogWriter(join(dir, 'events.jsonl')), owner.runId);
    const paths = [1, 2, 3].map((epoch) => join(dir, `epoch-${epoch}.ckpt`));
    const digests = paths.map((path, index) => checkpointAt(path, index + 1));
    paths.forEach((path, index) => {
      sink.writeEpoch({
        epoch: { epoch: index + 1, loss: 1, learnerLosses: [1], learningRate: 0.001, seconds: 1, imagesPerSecond: 1, endedAt: '2026-11-30T21:00:00.000Z' },
        metrics: null,
        clusterings: [],
        retrievals: null,
        checkpointPath: path,
        checkpointSha256: digests[index]!,
      });
    });
    const warnings: string[] = [];
    const entry = (index: number) => ({ epoch: index + 1, path: paths[index]!, sha256: digests[index]! });
    assert.deepEqual(jobResumeCheckpoint(sink, owner, (message) => warnings.push(message)), entry(2));
    assert.equal(warnings.length, 0);

    // A valid checkpoint of the same run in place of the one the log recorded is passed over too.
    copyFileSync(paths[0]!, paths[2]!);
    assert.deepEqual(jobResumeCheckpoint(sink, owner, (message) => warnings.push(message)), entry(1));
    assert.equal(warnings.length, 1);
    assert.ok(warnings[0]!.includes(`${paths[2]} was replaced since this database recorded it`), warnings[0]);

    writeFileSync(paths[2]!, 'not a checkpoint any more');
    assert.deepEqual(jobResumeCheckpoint(sink, owner, (message) => warnings.push(message)), entry(1));
    assert.equal(warnings.length, 2);
    assert.match(warnings[1]!, new RegExp(`checkpoint of epoch 3 cannot be used: .*falling back to the previous intact checkpoint \\(epoch 2, ${paths[1]}\\)`));

    // None intact: the newest, so that the run fails naming the damage.
    for (const path of paths.slice(0, 2)) writeFileSync(path, 'damaged');
    assert.deepEqual(jobResumeCheckpoint(sink, owner, () => undefined), entry(2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a requeued job resumes from the newest checkpoint retention kept; with it damaged, the best kept one, never a removed one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-job-resume-'));
  try {
    const logPath = join(dir, 'events.jsonl');
    const first = new RunLogWriter(logPath);
    const sink = new EventLogRunSink(first, owner.runId);
    // recall@1 peaks at epoch 2: last-and-best keeps epochs 2 and 5.
    const recall = [0.2, 0.9, 0.5, 0.4, 0.3];
    const paths = recall.map((_, index) => join(dir, `run-${owner.runId}-epoch-${index + 1}.ckpt`));
    const digests: string[] = [];
    recall.forEach((value, index) => {
      const epoch = index + 1;
      digests.push(checkpointAt(paths[index]!, epoch));
      sink.writeEpoch({
        epoch: { epoch, loss: 1, learnerLosses: [1], learningRate: 0.001, seconds: 1, imagesPerSecond: 1, endedAt: '2026-12-01T00:00:00.000Z' },
        metrics: { epoch, recallAtK: { '1': value }, nmi: null, mapAtR: null, rPrecision: null, map5: null },
        clusterings: [],
        retrievals: null,
        checkpointPath: paths[index]!,
        checkpointSha256: digests[index]!,
      });
      retainCheckpoints(sink, 'recall@1', 'last-and-best', dir);
    });
    first.close();
    const entry = (index: number) => ({ epoch: index + 1, path: paths[index]!, sha256: digests[index]! });

    // The requeued attempt reads the log again.
    const again = new RunLogWriter(logPath);
    try {
      const requeued = new EventLogRunSink(again, owner.runId);
      const warnings: string[] = [];
      assert.deepEqual(jobResumeCheckpoint(requeued, owner, (message) => warnings.push(message)), entry(4));
      assert.equal(warnings.length, 0, warnings.join(' | '));
      writeFileSync(paths[4]!, 'damaged');
      assert.deepEqual(jobResumeCheckpoint(requeued, owner, (message) => warnings.push(message)), entry(1));
      assert.equal(warnings.length, 1, `only the damaged newest is passed over, no removed one: ${warnings.join(' | ')}`);
    } finally {
      again.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
