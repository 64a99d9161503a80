/**
 * The Retrieval Preview's MAP@5 at the run's own new_whale threshold equals the MAP@5 the
 * trainer stored, though the panel keeps only 2 neighbours per query (fewer than MAP@5's 5
 * identities): a real run written to a real SQLite file, read back as the panel reads it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticFlukes } from '../../src/data/synthetic/generateSyntheticFlukes';
import { readExperimentText } from '../../src/experiment';
import { trainRun } from '../../src/engine/trainer/trainRun';
import { asMapAt5Query, map5AtThreshold } from '../../src/shared/retrievalModel';
import { ensureExperiment } from '../../src/store/experiments';
import { closeStore, openStore } from '../../src/store/openStore';
import { listRetrievals } from '../../src/store/retrievals';
import { listMetrics } from '../../src/store/runResults';
import { createRun } from '../../src/store/runs';
import { StoreRunSink } from '../../src/store/storeRunSink';
import { storeId } from '../../src/store/storeIdentity';

test('the panel shows exactly the stored MAP@5 at the run threshold, with 2 stored neighbours per query', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'fluke-panel-map5-'));
  const store = openStore(join(folder, 'fluke.db'));
  try {
    await generateSyntheticFlukes({ out: join(folder, 'flukes'), identities: 14, photos: 4, seed: 5, difficulty: 0.6, newWhaleShare: 0.3, width: 64, height: 32 });
    const threshold = 0.9;
    const experimentPath = join(folder, 'map5.experiment.json');
    const config = readExperimentText(JSON.stringify({
      name: 'map5',
      data: { path: join(folder, 'flukes'), format: 'kaggle', imageHeight: 16, imageWidth: 32, channels: 1, testIdentityFraction: 0.6 },
      model: { width: 4, blocksPerStage: [1], embeddingSize: 8 },
      method: { clusters: 1 },
      sampling: { classesPerBatch: 3, imagesPerClass: 2, batchesPerEpoch: 2 },
      epochs: 1,
      evaluation: { every: 1, recallAt: [1], map5: true, newWhaleThreshold: threshold, retrievalTopK: 2 },
      runtime: { backend: 'cpu', seed: 3 },
    }), experimentPath).runs[0]!.config;
    const experiment = ensureExperiment(store, experimentPath, 'map5');
    const run = createRun(store, { experimentId: experiment.id, name: 'map5', config, gridValues: {}, pid: null, host: null, processIdentity: null });
    const result = await trainRun({
      config, experimentDir: folder, sink: new StoreRunSink(store, run.id), checkpointDir: join(folder, 'checkpoints'), checkpointOwner: { storeId: storeId(store), runId: run.id }, cacheDir: join(folder, 'cache'),
      resume: null, shouldStop: () => false, emit: () => undefined,
    });
    assert.equal(result.error, null);
    const stored = listMetrics(store, [run.id])[0]!.map5!;
    const retrievals = listRetrievals(store, run.id, 1);
    assert.ok(retrievals.length > 0 && retrievals.every((r) => r.neighbours.length === 2 && r.nearestIdentities !== undefined));
    assert.ok(retrievals.some((r) => r.nearestIdentities!.length > 2), 'some query has more identities than its 2 stored neighbours');
    assert.equal(map5AtThreshold(retrievals.map(asMapAt5Query), 'new_whale', threshold), stored);
    // What the panel showed before: MAP@5 from the 2 neighbours alone, which differs here.
    const fromNeighbours = map5AtThreshold(retrievals.map((r) => asMapAt5Query({ ...r, nearestIdentities: undefined })), 'new_whale', threshold);
    assert.notEqual(fromNeighbours, stored);
  } finally {
    closeStore(store);
    rmSync(folder, { recursive: true, force: true });
  }
});
