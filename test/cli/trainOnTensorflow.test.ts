/**
 * Divide and conquer (K = 2, reclustering every epoch, evaluation each epoch) through the real
 * `fluke train` process on the native `tensorflow` backend, twice with the same seed: both
 * runs complete and report the same losses, bit for bit. That held in every repetition seen
 * on this machine (same thread count); it is not claimed across machines or thread counts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireTensorflowBackend } from '../../src/engine/backends/fixtures/requireTensorflowBackend';
import { closeStore, openStore } from '../../src/store/openStore';
import { listClusterings } from '../../src/store/clusterings';
import { listEpochs, listMetrics } from '../../src/store/runResults';
import { listRuns } from '../../src/store/runs';
import { ensureCliBuilt, runFluke, trainerEvents } from './bundledFluke';
import { tinyWorkspace } from './tinyExperiment';

test('a K=2 run through fluke train on the tensorflow backend completes, and the same seed gives the same losses', async () => {
  await requireTensorflowBackend();
  ensureCliBuilt();
  const workspace = await tinyWorkspace('fluke-tf-', { epochs: 3 });
  try {
    const experiment = JSON.parse(readFileSync(workspace.experiment, 'utf8')) as Record<string, unknown>;
    experiment.runtime = { backend: 'tensorflow', seed: 5 };
    // K = 2 in every epoch: no warm-up or conquer phase, so each epoch has two learners.
    experiment.method = { clusters: 2, reclusterEvery: 1, divideFromEpoch: 1, fullEmbeddingEpoch: null, finetuneEpoch: null };
    experiment.evaluation = { every: 1, recallAt: [1, 2], nmi: true };
    writeFileSync(workspace.experiment, JSON.stringify(experiment));

    const losses: number[][] = [];
    for (const db of [workspace.db, join(workspace.dir, 'second.db')]) {
      const result = await runFluke(['train', workspace.experiment, '--db', db]);
      assert.equal(result.code, 0, result.stderr);
      const events = trainerEvents(result.stdout);
      const ended = events.find((event) => event.type === 'run-ended');
      assert.ok(ended?.type === 'run-ended' && ended.status === 'completed', JSON.stringify(ended));
      losses.push(events.flatMap((event) => (event.type === 'epoch' ? [event.loss, ...event.learnerLosses] : [])));

      const store = openStore(db);
      try {
        const [run] = listRuns(store);
        assert.ok(run);
        assert.equal(run.backend, 'tensorflow');
        const epochs = listEpochs(store, [run.id]);
        assert.deepEqual(epochs.map((epoch) => epoch.epoch), [1, 2, 3]);
        assert.ok(epochs.every((epoch) => Number.isFinite(epoch.loss) && epoch.learnerLosses.length === 2));
        assert.equal(listMetrics(store, [run.id]).length, 3);
        assert.ok(listClusterings(store, run.id).length >= 3, 'reclustered every epoch');
      } finally {
        closeStore(store);
      }
    }
    assert.equal(losses[0]!.length, 9);
    assert.deepEqual(losses[1], losses[0], 'same seed, same backend: the same losses');
  } finally {
    rmSync(workspace.dir, { recursive: true, force: true });
  }
});
