/**
 * A 2-epoch divide-and-conquer run (K = 2, reclustering every epoch) through the real
 * `fluke train` process on wasm (chosen with --backend over the file's "cpu"): the store ends
 * with its epochs, metrics, clusterings with every training image assigned, and retrievals.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { closeStore, openStore } from '../../src/store/openStore';
import { getClusterAssignments, listClusterings } from '../../src/store/clusterings';
import { listImages } from '../../src/store/images';
import { listRetrievalEpochs, listRetrievals } from '../../src/store/retrievals';
import { listEpochs, listMetrics } from '../../src/store/runResults';
import { listRuns } from '../../src/store/runs';
import { ensureCliBuilt, runFluke, trainerEvents } from './bundledFluke';
import { tinyWorkspace } from './tinyExperiment';

test('a 2-epoch K=2 run through fluke train leaves epochs, metrics, clusterings and retrievals in the store', async () => {
  ensureCliBuilt();
  const workspace = await tinyWorkspace('fluke-dc-', { epochs: 2 });
  try {
    const experiment = JSON.parse(readFileSync(workspace.experiment, 'utf8')) as Record<string, unknown>;
    experiment.runtime = { backend: 'cpu', seed: 5 };
    experiment.evaluation = { every: 1, recallAt: [1, 2], nmi: true, retrievalTopK: 3 };
    writeFileSync(workspace.experiment, JSON.stringify(experiment));

    const result = await runFluke(['train', workspace.experiment, '--db', workspace.db, '--backend', 'wasm']);
    assert.equal(result.code, 0, result.stderr);
    const events = trainerEvents(result.stdout);
    assert.deepEqual(
      events.filter((event) => event.type === 'epoch').map((event) => event.type === 'epoch' && event.learnerLosses.length),
      [2, 2],
      'each epoch reports the loss of both learners',
    );
    const ended = events.find((event) => event.type === 'run-ended');
    assert.ok(ended?.type === 'run-ended' && ended.status === 'completed', JSON.stringify(ended));

    const store = openStore(workspace.db);
    try {
      const [run] = listRuns(store);
      assert.ok(run);
      assert.equal(run.status, 'completed');
      assert.equal(run.config.method.clusters, 2);
      assert.equal(run.config.runtime.backend, 'wasm', '--backend is recorded in the stored config');
      assert.match(run.backend ?? '', /wasm/);

      const epochs = listEpochs(store, [run.id]);
      assert.deepEqual(epochs.map((epoch) => epoch.epoch), [1, 2]);
      assert.ok(epochs.every((epoch) => Number.isFinite(epoch.loss) && epoch.learnerLosses.length === 2));

      const metrics = listMetrics(store, [run.id]);
      assert.deepEqual(metrics.map((row) => row.epoch), [1, 2]);
      for (const row of metrics) {
        assert.deepEqual(Object.keys(row.recallAtK).sort(), ['1', '2']);
        assert.ok(row.recallAtK['1']! >= 0 && row.recallAtK['1']! <= row.recallAtK['2']! && row.recallAtK['2']! <= 1);
        assert.ok(row.nmi !== null && row.nmi >= 0 && row.nmi <= 1);
      }

      const images = listImages(store, run.id);
      const training = images.filter((image) => image.split === 'train');
      assert.ok(training.length > 0 && images.some((image) => image.split === 'query'));
      const clusterings = listClusterings(store, run.id);
      assert.deepEqual(clusterings.map((clustering) => clustering.epoch), [0, 1, 2].slice(0, clusterings.length));
      assert.ok(clusterings.length >= 2, `reclustered every epoch: ${clusterings.length} clusterings`);
      for (const clustering of clusterings) {
        assert.equal(clustering.k, 2);
        const assignments = getClusterAssignments(store, clustering.id);
        assert.deepEqual([...assignments.imageIds].sort((a, b) => a - b), training.map((image) => image.id).sort((a, b) => a - b));
        assert.ok(assignments.clusters.every((cluster) => cluster === 0 || cluster === 1));
        assert.deepEqual(clustering.sizes, [0, 1].map((c) => assignments.clusters.filter((cluster) => cluster === c).length));
      }

      assert.deepEqual(listRetrievalEpochs(store, run.id), [1, 2]);
      const retrievals = listRetrievals(store, run.id, 2);
      const queryIds = new Set(images.filter((image) => image.split === 'query').map((image) => image.id));
      assert.equal(retrievals.length, queryIds.size);
      for (const retrieval of retrievals) {
        assert.ok(queryIds.has(retrieval.queryImageId));
        assert.deepEqual(retrieval.neighbours.map((neighbour) => neighbour.rank), [1, 2, 3]);
        const distances = retrieval.neighbours.map((neighbour) => neighbour.distance);
        assert.deepEqual(distances, [...distances].sort((a, b) => a - b), 'neighbours nearest first');
      }
    } finally {
      closeStore(store);
    }
  } finally {
    rmSync(workspace.dir, { recursive: true, force: true });
  }
});
