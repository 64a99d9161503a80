import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { topFiveForQuery } from '../../src/shared/retrievalModel';
import { somePhotosFailedExitCode, type PredictionReport } from '../../src/protocol/predictions';
import { closeStore, openStore } from '../../src/store/openStore';
import { listImages } from '../../src/store/images';
import { listRetrievalEpochs, listRetrievals } from '../../src/store/retrievals';
import { listMetrics } from '../../src/store/runResults';
import { ensureCliBuilt, finished, runFluke, startFluke, trainerEvents, waitForEvent } from './bundledFluke';
import { tinyWorkspace } from './tinyExperiment';

test("fluke predict on the run's held-out query photos gives the top 5 of the run's stored retrievals; a corrupt photo is listed and the rest predicted", async () => {
  ensureCliBuilt();
  const workspace = await tinyWorkspace('fluke-predict-', { epochs: 2, sections: { evaluation: { retrievalTopK: 25 } }, newWhaleShare: 0.2 });
  try {
    const trained = await runFluke(['train', workspace.experiment, '--db', workspace.db], { cwd: workspace.dir });
    assert.equal(trained.code, 0, trained.stderr);
    const runId = trainerEvents(trained.stdout).find((event) => event.type === 'run-started')!.runId;
    const store = openStore(workspace.db);
    const queries = listImages(store, runId).filter((image) => image.split === 'query');
    const epoch = listRetrievalEpochs(store, runId).at(-1)!;
    const stored = new Map(listRetrievals(store, runId, epoch).map((result) => [result.queryImageId, result]));
    const storedBest = listMetrics(store, [runId]).find((metrics) => metrics.epoch === epoch)!.map5Best;
    closeStore(store);
    assert.equal(epoch, 2);
    assert.ok(queries.length >= 3, `${queries.length} queries`);

    const corrupt = join(workspace.dir, 'corrupt.jpg');
    writeFileSync(corrupt, 'not a jpeg at all');
    const list = join(workspace.dir, 'photos.csv');
    writeFileSync(list, ['Image', ...queries.map((image) => image.path), corrupt].join('\n'));
    const threshold = 0.6;
    const predicted = await runFluke(
      ['predict', String(runId), '--images', list, '--gallery', 'gallery', '--checkpoint', 'last', '--threshold', String(threshold), '--json', '--db', workspace.db],
      { cwd: workspace.dir },
    );
    assert.equal(predicted.code, somePhotosFailedExitCode, predicted.stderr);
    assert.match(predicted.stderr, /skipped .*corrupt\.jpg: cannot decode image/);
    assert.match(predicted.stderr, /embedded \d+\/\d+ photos/);
    const report = JSON.parse(predicted.stdout) as PredictionReport;
    assert.deepEqual(report.failed.map((failure) => failure.path), [corrupt]);
    assert.equal(report.checkpoint.epoch, 2);
    assert.equal(report.predictions.length, queries.length);
    queries.forEach((query, index) => {
      const prediction = report.predictions[index]!;
      const result = stored.get(query.id)!;
      assert.equal(prediction.path, query.path);
      assert.deepEqual(prediction.identities, topFiveForQuery(result, 'new_whale', threshold), `top 5 of ${query.path}`);
      assert.deepEqual(prediction.neighbours.map((n) => n.imageId), result.neighbours.slice(0, 10).map((n) => n.imageId));
      prediction.neighbours.forEach((neighbour, rank) => assert.ok(Math.abs(neighbour.distance - result.neighbours[rank]!.distance) < 1e-4));
    });
    assert.ok(report.predictions.some((prediction) => prediction.identities.includes('new_whale')), 'the threshold inserts new_whale somewhere');

    const out = join(workspace.dir, 'submission.csv');
    const submission = await runFluke(['predict', String(runId), '--images', list, '--threshold', 'best', '--out', out, '--db', workspace.db], { cwd: workspace.dir });
    assert.equal(submission.code, somePhotosFailedExitCode, submission.stderr);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'Image,Id');
    assert.equal(lines.length, queries.length + 1);
    for (const line of lines.slice(1)) assert.match(line, /^[^,]+\.(png|jpg),\S+( \S+){4}$/);

    // --threshold best is the threshold evaluation found best at that epoch, from the stored neighbours alone.
    const bestReport = await runFluke(['predict', String(runId), '--images', list, '--checkpoint', 'last', '--threshold', 'best', '--json', '--db', workspace.db], { cwd: workspace.dir });
    assert.equal(bestReport.code, somePhotosFailedExitCode, bestReport.stderr);
    const { threshold: chosen } = JSON.parse(bestReport.stdout) as PredictionReport;
    assert.ok(storedBest, 'evaluation stored a best threshold');
    assert.ok(Math.abs(chosen.value! - storedBest.threshold) < 1e-6, `--threshold best ${chosen.value}, evaluation's best ${storedBest.threshold}`);
    assert.match(chosen.source, new RegExp(`best MAP@5 \\(${storedBest.value.toFixed(4)}\\) on the stored evaluation of epoch ${epoch}`));
  } finally {
    rmSync(workspace.dir, { recursive: true, force: true });
  }
});

test('fluke predict names a wrong --gallery or --threshold value (exit 2)', async () => {
  ensureCliBuilt();
  const badFlag = await runFluke(['predict', '1', '--images', '.', '--gallery', 'everything']);
  assert.equal(badFlag.code, 2);
  assert.match(badFlag.stderr, /--gallery must be one of train, gallery, all/);
  const badThreshold = await runFluke(['predict', '1', '--images', '.', '--threshold', 'high']);
  assert.equal(badThreshold.code, 2);
  assert.match(badThreshold.stderr, /--threshold/);
});

test('fluke predict works on a run still training, whose checkpoints retention deletes as it goes', async () => {
  ensureCliBuilt();
  const workspace = await tinyWorkspace('fluke-predict-live-', { epochs: 200 });
  const child = startFluke(['train', workspace.experiment, '--db', workspace.db], { cwd: workspace.dir });
  child.stdin!.end();
  const done = finished(child);
  try {
    const started = await waitForEvent(child, (event) => event.type === 'run-started');
    assert.ok(started.type === 'run-started');
    await waitForEvent(child, (event) => event.type === 'checkpoint');
    const photos = join(workspace.dir, 'flukes', 'train');
    const epochs = new Set<number>();
    for (let attempt = 0; attempt < 3; attempt++) {
      const predicted = await runFluke(['predict', String(started.runId), '--images', photos, '--checkpoint', 'last', '--json', '--db', workspace.db], { cwd: workspace.dir });
      assert.equal(predicted.code, 0, predicted.stderr);
      const report = JSON.parse(predicted.stdout) as PredictionReport;
      assert.equal(report.predictions.length, 24);
      epochs.add(report.checkpoint.epoch);
    }
    const shown = JSON.parse((await runFluke(['show', String(started.runId), '--db', workspace.db, '--json'])).stdout) as {
      run: { status: string; lastEpoch: number };
      checkpoints: unknown[];
    };
    assert.equal(shown.run.status, 'running', 'the run was still training');
    assert.ok(shown.checkpoints.length <= 2, `${shown.checkpoints.length} checkpoints kept after ${shown.run.lastEpoch} epochs`);
    assert.ok(epochs.size >= 1);
  } finally {
    child.kill('SIGTERM');
    await done;
    rmSync(workspace.dir, { recursive: true, force: true });
  }
});
