import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, closeStore } from '../../src/store/openStore';
import { getRun } from '../../src/store/runs';
import { latestCheckpoint, listEpochs } from '../../src/store/runResults';
import { ensureCliBuilt, finished, runFluke, startFluke, trainerEvents, waitForEvent } from '../cli/bundledFluke';
import { tinyWorkspace } from '../cli/tinyExperiment';

test('SIGTERM stops a run with a checkpoint, and --resume continues the same run to the end', async () => {
  ensureCliBuilt();
  const workspace = await tinyWorkspace('fluke-stop-', { epochs: 5 });
  try {
    const child = startFluke(['train', workspace.experiment, '--db', workspace.db], { cwd: workspace.dir });
    child.stdin!.end();
    const done = finished(child);
    const firstEpoch = await waitForEvent(child, (event) => event.type === 'epoch');
    assert.equal(firstEpoch.type, 'epoch');
    child.kill('SIGTERM');
    const stopped = await done;
    const endedAs = trainerEvents(stopped.stdout).find((event) => event.type === 'run-ended');
    assert.notDeepEqual(
      endedAs && endedAs.type === 'run-ended' ? endedAs.status : null,
      'completed',
      'SIGTERM was sent after epoch 1 of 5 but the run completed: the signal handler that sets shouldStop only runs when ' +
        'the trainer yields to the event loop between batches (trainEpoch must await at each batch boundary)',
    );
    assert.equal(stopped.code, 143, stopped.stderr);
    const events = trainerEvents(stopped.stdout);
    const started = events.find((event) => event.type === 'run-started');
    assert.ok(started && started.type === 'run-started');
    assert.equal(started.startEpoch, 1);
    const ended = events[events.length - 1]!;
    assert.deepEqual(ended, { type: 'run-ended', runId: started.runId, status: 'stopped', error: null });

    const store = openStore(workspace.db);
    const run = getRun(store, started.runId)!;
    assert.equal(run.status, 'stopped');
    assert.ok(run.endedAt);
    assert.ok(run.lastEpoch >= 1 && run.lastEpoch < 5, `stopped after epoch ${run.lastEpoch}`);
    const checkpoint = latestCheckpoint(store, run.id);
    assert.ok(checkpoint, 'a stopped run has a checkpoint');
    assert.ok(existsSync(checkpoint.path), `checkpoint file ${checkpoint.path} exists`);
    closeStore(store);

    const resumed = await runFluke(['train', '--resume', String(run.id), '--db', workspace.db], { cwd: workspace.dir });
    assert.equal(resumed.code, 0, resumed.stderr);
    const resumedEvents = trainerEvents(resumed.stdout);
    const restarted = resumedEvents.find((event) => event.type === 'run-started');
    assert.ok(restarted && restarted.type === 'run-started');
    assert.equal(restarted.runId, run.id);
    assert.equal(restarted.startEpoch, checkpoint.epoch + 1);
    assert.deepEqual(resumedEvents[resumedEvents.length - 1], { type: 'run-ended', runId: run.id, status: 'completed', error: null });

    const after = openStore(workspace.db);
    const completed = getRun(after, run.id)!;
    assert.equal(completed.status, 'completed');
    assert.equal(completed.lastEpoch, 5);
    assert.deepEqual(listEpochs(after, [run.id]).map((epoch) => epoch.epoch), [1, 2, 3, 4, 5]);
    closeStore(after);

    const [csv, json, show, runs, otherExperiment] = await Promise.all([
      runFluke(['export', String(run.id), '--format', 'csv', '--db', workspace.db]),
      runFluke(['export', String(run.id), '--format', 'json', '--db', workspace.db, '--out', join(workspace.dir, 'run.json')]),
      runFluke(['show', String(run.id), '--db', workspace.db]),
      runFluke(['runs', '--db', workspace.db, '--experiment', workspace.experiment, '--json']),
      runFluke(['runs', '--db', workspace.db, '--experiment', `${workspace.experiment}.other`, '--json']),
    ]);
    const csvLines = csv.stdout.trim().split('\n');
    assert.equal(csvLines.length, 6, csv.stdout);
    assert.match(csvLines[0]!, /^epoch,loss,learner_losses,learning_rate,seconds,images_per_second,ended_at,recall_at_1,recall_at_2,recall_at_4,recall_at_8,nmi,map_at_r,r_precision,map5$/);
    assert.match(csvLines[5]!, /^5,/);
    assert.equal(json.stdout, '');
    const exported = JSON.parse(readFileSync(join(workspace.dir, 'run.json'), 'utf8')) as { run: { id: number }; epochs: Array<{ epoch: number; metrics: { recallAtK: Record<string, number> } | null }> };
    assert.equal(exported.run.id, run.id);
    assert.equal(exported.epochs.length, 5);
    assert.ok(exported.epochs.every((epoch) => epoch.metrics !== null && typeof epoch.metrics.recallAtK['1'] === 'number'));
    assert.match(show.stdout, /status +completed/);
    assert.match(show.stdout, /progress +epoch 5 of 5/);
    assert.deepEqual((JSON.parse(runs.stdout) as Array<{ id: number }>).map((r) => r.id), [run.id]);
    assert.deepEqual(JSON.parse(otherExperiment.stdout), []);

    const again = await runFluke(['train', '--resume', String(run.id), '--db', workspace.db], { cwd: workspace.dir });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /the run is completed; only a stopped or crashed run can be resumed/);
  } finally {
    rmSync(workspace.dir, { recursive: true, force: true });
  }
});
