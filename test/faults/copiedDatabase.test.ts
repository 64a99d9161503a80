/**
 * `cp a.db b.db` in one folder: the copy takes its own store id, so its new runs write their
 * own checkpoint folder; every load checks the file against the digest its database recorded,
 * so a checkpoint replaced by another valid one of the same run is refused, never loaded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { PredictionReport } from '../../src/protocol/predictions';
import * as rpc from '../../src/protocol/rpc';
import { listImages } from '../../src/store/images';
import { listRetrievals } from '../../src/store/retrievals';
import { listCheckpoints } from '../../src/store/runResults';
import { ensureCliBuilt, finished, runFluke, startFluke, trainerEvents, waitForEvent } from '../cli/bundledFluke';
import { tinyWorkspace, withSeed } from '../cli/tinyExperiment';
import { epochLosses, readStore } from './storeReads';

const checkpointPath = (db: string, runId: number, epoch: number) =>
  readStore(db, (store) => listCheckpoints(store, runId).find((checkpoint) => checkpoint.epoch === epoch && checkpoint.kind === 'epoch')!.path);

/** Trains a new run of `experiment` in `db` and kills it (SIGKILL) once its epoch `epoch` is written. */
async function crashAfterEpoch(experiment: string, db: string, epoch: number, cwd: string): Promise<void> {
  const victim = startFluke(['train', experiment, '--db', db], { cwd });
  victim.stdin!.end();
  const done = finished(victim);
  await waitForEvent(victim, (event) => event.type === 'epoch' && event.epoch === epoch);
  victim.kill('SIGKILL');
  await done;
}

/**
 * `fluke predict` of the run's query photos against its gallery at `epoch`: its neighbours are
 * those the run stored at that epoch only if it loaded the run's own weights.
 */
async function assertPredictsWithOwnWeights(db: string, runId: number, epoch: number, cwd: string): Promise<void> {
  const { queries, stored } = readStore(db, (store) => ({
    queries: listImages(store, runId).filter((image) => image.split === 'query'),
    stored: new Map(listRetrievals(store, runId, epoch).map((result) => [result.queryImageId, result])),
  }));
  const list = join(cwd, `queries-${runId}.csv`);
  writeFileSync(list, ['Image', ...queries.map((image) => image.path)].join('\n'));
  const predicted = await runFluke(['predict', String(runId), '--images', list, '--gallery', 'gallery', '--checkpoint', String(epoch), '--json', '--db', db], { cwd });
  assert.equal(predicted.code, 0, predicted.stderr);
  const report = JSON.parse(predicted.stdout) as PredictionReport;
  assert.equal(report.predictions.length, queries.length);
  queries.forEach((query, index) => {
    const neighbours = report.predictions[index]!.neighbours.map((neighbour) => neighbour.imageId);
    assert.deepEqual(neighbours, stored.get(query.id)!.neighbours.slice(0, neighbours.length).map((neighbour) => neighbour.imageId), `${db}: run ${runId}'s prediction of ${query.path} is not what the run stored: other weights were loaded`);
  });
}

test('a copied database keeps its own checkpoints: resume and predict load each database\'s own weights, a replaced file is refused naming it, Delete Run leaves the original\'s', async () => {
  ensureCliBuilt();
  const workspace = await tinyWorkspace('fluke-copied-db-', { epochs: 3, sections: { runtime: { keepCheckpoints: 'all' } } });
  try {
    const experimentA = withSeed(workspace.experiment, 11);
    const experimentB = withSeed(workspace.experiment, 22);
    const dbA = join(workspace.dir, 'a.db');
    const dbB = join(workspace.dir, 'b.db');

    // Run 1 of a.db trains to the end: the uninterrupted reference of a's experiment.
    const first = await runFluke(['train', experimentA, '--db', dbA], { cwd: workspace.dir });
    assert.equal(first.code, 0, first.stderr);
    copyFileSync(dbA, dbB);

    // In each database a new run 2 (another seed in b) dies after epoch 2: same run id, same file names.
    await crashAfterEpoch(experimentA, dbA, 2, workspace.dir);
    await crashAfterEpoch(experimentB, dbB, 2, workspace.dir);
    const [a1, a2, b1, b2] = [checkpointPath(dbA, 2, 1), checkpointPath(dbA, 2, 2), checkpointPath(dbB, 2, 1), checkpointPath(dbB, 2, 2)];
    assert.notEqual(a2, b2, 'the copy writes its checkpoints where the original does');

    // a.db's run 2 resumes from its own epoch 2: exactly what its uninterrupted run 1 gave.
    const resumedA = await runFluke(['train', '--resume', '2', '--db', dbA], { cwd: workspace.dir });
    assert.equal(resumedA.code, 0, resumedA.stderr);
    assert.deepEqual(epochLosses(dbA, 2), epochLosses(dbA, 1), "a.db's resumed run did not load its own weights");

    // b.db's epoch-2 file is replaced by another valid checkpoint of the same run (its epoch 1):
    // the resume refuses it, naming it, and falls back to epoch 1.
    copyFileSync(b1, b2);
    const resumedB = await runFluke(['train', '--resume', '2', '--db', dbB], { cwd: workspace.dir });
    assert.equal(resumedB.code, 0, resumedB.stderr);
    assert.ok(resumedB.stderr.includes(`${b2} was replaced since this database recorded it`), resumedB.stderr);
    assert.ok(resumedB.stderr.includes(`falling back to the previous intact checkpoint (epoch 1, ${b1})`), resumedB.stderr);
    const started = trainerEvents(resumedB.stdout).find((event) => event.type === 'run-started');
    assert.ok(started?.type === 'run-started' && started.startEpoch === 2, resumedB.stdout);
    mkdirSync(join(workspace.dir, 'reference'));
    const dbReference = join(workspace.dir, 'reference', 'reference.db');
    const reference = await runFluke(['train', experimentB, '--db', dbReference], { cwd: workspace.dir });
    assert.equal(reference.code, 0, reference.stderr);
    assert.deepEqual(epochLosses(dbB, 2), epochLosses(dbReference, 1), "b.db's resumed run did not load its own weights");

    // Predict loads each database's own weights, and the copy's run from before the copy still loads.
    await assertPredictsWithOwnWeights(dbA, 2, 3, workspace.dir);
    await assertPredictsWithOwnWeights(dbB, 2, 3, workspace.dir);
    await assertPredictsWithOwnWeights(dbB, 1, 3, workspace.dir);

    // a.db's epoch-3 file replaced by its epoch-2 one (valid, same run, same database): predict refuses it.
    copyFileSync(a2, checkpointPath(dbA, 2, 3));
    const refused = await runFluke(['predict', '2', '--images', join(workspace.dir, 'queries-2.csv'), '--checkpoint', '3', '--db', dbA], { cwd: workspace.dir });
    assert.equal(refused.code, 1, refused.stderr);
    assert.ok(refused.stderr.includes(`${checkpointPath(dbA, 2, 3)} was replaced since this database recorded it`), refused.stderr);
    assert.ok(existsSync(a1));

    // Deleting runs 1 and 2 in the copy (through fluke serve, as the extension does) leaves a.db's checkpoints.
    const aCheckpoints = [1, 2].flatMap((runId) => readStore(dbA, (store) => listCheckpoints(store, runId).map((checkpoint) => checkpoint.path)));
    const bCheckpoints = readStore(dbB, (store) => listCheckpoints(store, 2).map((checkpoint) => checkpoint.path));
    const serve = startFluke(['serve', '--db', dbB]);
    const served = finished(serve);
    const connection = createMessageConnection(new StreamMessageReader(serve.stdout!), new StreamMessageWriter(serve.stdin!));
    connection.listen();
    assert.deepEqual(await connection.sendRequest(rpc.deleteRun, { runId: 1 }), { deleted: true });
    assert.deepEqual(await connection.sendRequest(rpc.deleteRun, { runId: 2 }), { deleted: true });
    connection.dispose();
    serve.stdin!.end();
    await served;
    for (const path of bCheckpoints) assert.equal(existsSync(path), false, `${path} of the copy's deleted run is still there`);
    for (const path of aCheckpoints) assert.ok(existsSync(path), `${path} of a.db was deleted with the copy's run`);
  } finally {
    rmSync(workspace.dir, { recursive: true, force: true });
  }
});
