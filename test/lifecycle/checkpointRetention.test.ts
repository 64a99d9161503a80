import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { CheckpointRecord, EpochRecord, MetricsRecord } from '../../src/protocol/records';
import { ensureCliBuilt, finished, runFluke, startFluke, trainerEvents, waitForEvent } from '../cli/bundledFluke';
import { tinyWorkspace } from '../cli/tinyExperiment';

interface Shown {
  epochs: EpochRecord[];
  metrics: MetricsRecord[];
  bestEpoch: { epoch: number; value: number; selectBy: string } | null;
  checkpoints: Array<CheckpointRecord & { bytes: number | null; best: boolean }>;
}

async function show(db: string, runId: number): Promise<Shown> {
  const shown = await runFluke(['show', String(runId), '--db', db, '--json']);
  assert.equal(shown.code, 0, shown.stderr);
  return JSON.parse(shown.stdout) as Shown;
}

/** The run's checkpoint files on disk (beside its kept ones). */
function filesOnDisk(runId: number, checkpoints: CheckpointRecord[]): string[] {
  const folder = dirname(checkpoints[0]!.path);
  return readdirSync(folder).filter((name) => name.startsWith(`run-${runId}-`) && name.endsWith('.ckpt')).sort();
}

test('with keepCheckpoints last-and-best a run killed with SIGKILL resumes and ends as the uninterrupted run, keeping the same two checkpoints', async () => {
  ensureCliBuilt();
  const workspace = await tinyWorkspace('fluke-keep-', { epochs: 6 });
  try {
    const whole = await runFluke(['train', workspace.experiment, '--db', workspace.db], { cwd: workspace.dir });
    assert.equal(whole.code, 0, whole.stderr);
    const wholeRunId = trainerEvents(whole.stdout).find((event) => event.type === 'run-started')!.runId;
    const reference = await show(workspace.db, wholeRunId);
    assert.equal(reference.epochs.length, 6);
    assert.ok(reference.bestEpoch, 'the run has a best epoch');
    const expectedEpochs = [...new Set([reference.bestEpoch.epoch, 6])].sort((a, b) => a - b);
    assert.deepEqual(reference.checkpoints.map((checkpoint) => checkpoint.epoch), expectedEpochs);
    assert.deepEqual(filesOnDisk(wholeRunId, reference.checkpoints), reference.checkpoints.map((checkpoint) => basename(checkpoint.path)).sort());
    for (const checkpoint of reference.checkpoints) assert.ok((checkpoint.bytes ?? 0) > 1000, `${checkpoint.path}: ${checkpoint.bytes} bytes`);
    assert.deepEqual(reference.checkpoints.filter((checkpoint) => checkpoint.best).map((checkpoint) => checkpoint.epoch), [reference.bestEpoch.epoch]);

    const child = startFluke(['train', workspace.experiment, '--db', workspace.db], { cwd: workspace.dir });
    child.stdin!.end();
    const done = finished(child);
    const started = await waitForEvent(child, (event) => event.type === 'run-started');
    assert.ok(started.type === 'run-started');
    await waitForEvent(child, (event) => event.type === 'checkpoint' && event.epoch === 3);
    child.kill('SIGKILL');
    assert.equal((await done).signal, 'SIGKILL');
    const killed = await show(workspace.db, started.runId);
    assert.ok(killed.checkpoints.length <= 2, `kept ${killed.checkpoints.length} checkpoints before the kill`);

    const resumed = await runFluke(['train', '--resume', String(started.runId), '--db', workspace.db], { cwd: workspace.dir });
    assert.equal(resumed.code, 0, resumed.stderr);
    const after = await show(workspace.db, started.runId);
    assert.deepEqual(
      after.epochs.map((epoch) => [epoch.epoch, epoch.loss]),
      reference.epochs.map((epoch) => [epoch.epoch, epoch.loss]),
      'the resumed run trains as the uninterrupted one',
    );
    assert.deepEqual(after.metrics.map((m) => m.recallAtK), reference.metrics.map((m) => m.recallAtK));
    assert.deepEqual(after.checkpoints.map((checkpoint) => checkpoint.epoch), expectedEpochs);
    assert.deepEqual(filesOnDisk(started.runId, after.checkpoints), after.checkpoints.map((checkpoint) => basename(checkpoint.path)).sort());
  } finally {
    rmSync(workspace.dir, { recursive: true, force: true });
  }
});
