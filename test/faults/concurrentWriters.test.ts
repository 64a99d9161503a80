/**
 * Two real `fluke train` processes write one database (and one image cache) at once while a
 * reader polls it: both runs complete with the losses a lone run gets, and the reader never
 * fails nor sees a run's epochs go backwards.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { closeStore, openStore } from '../../src/store/openStore';
import { listRuns } from '../../src/store/runs';
import { listEpochs } from '../../src/store/runResults';
import { ensureCliBuilt, runFluke, trainerEvents } from '../cli/bundledFluke';
import { tinyWorkspace } from '../cli/tinyExperiment';

test('two trainers and a reader on one database: both runs exact, the reader never fails', async () => {
  ensureCliBuilt();
  const workspace = await tinyWorkspace('fluke-fault-writers-', { epochs: 3 });
  try {
    const trainers = [0, 1].map(() => runFluke(['train', workspace.experiment, '--db', workspace.db], { cwd: workspace.dir }));
    let finishedTrainers = 0;
    trainers.forEach((trainer) => void trainer.then(() => finishedTrainers++));
    const readerProblems: string[] = [];
    const lastSeen = new Map<number, number>();
    let reads = 0;
    while (finishedTrainers < trainers.length) {
      try {
        const store = openStore(workspace.db, { reconcile: false, busyTimeoutMs: 5_000 });
        try {
          for (const run of listRuns(store)) {
            const epochs = listEpochs(store, [run.id]).length;
            if (epochs < (lastSeen.get(run.id) ?? 0)) readerProblems.push(`run ${run.id}: ${epochs} epochs after ${lastSeen.get(run.id)}`);
            lastSeen.set(run.id, epochs);
          }
          reads++;
        } finally {
          closeStore(store);
        }
      } catch (error) {
        // The database file appears with the first trainer's open; before that there is nothing to read.
        if (!/no such table|cannot open/.test((error as Error).message)) readerProblems.push((error as Error).message);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const results = await Promise.all(trainers);
    for (const result of results) assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(readerProblems, []);
    assert.ok(reads > 5, `the reader read ${reads} times while training ran`);

    const runIds = results.map((result) => {
      const started = trainerEvents(result.stdout).find((event) => event.type === 'run-started');
      assert.ok(started && started.type === 'run-started');
      return started.runId;
    });
    assert.notEqual(runIds[0], runIds[1]);
    const store = openStore(workspace.db);
    try {
      const [a, b] = runIds.map((runId) => listEpochs(store, [runId]).map((epoch) => epoch.loss));
      assert.equal(a!.length, 3);
      assert.deepEqual(a, b, 'the same file and seed give the same losses, written side by side');
      assert.deepEqual(listRuns(store).map((run) => run.status), ['completed', 'completed']);
    } finally {
      closeStore(store);
    }
  } finally {
    rmSync(workspace.dir, { recursive: true, force: true });
  }
});
