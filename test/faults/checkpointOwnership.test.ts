import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import * as rpc from '../../src/protocol/rpc';
import { closeStore, openStore } from '../../src/store/openStore';
import { getRun } from '../../src/store/runs';
import { ensureCliBuilt, finished, runFluke, startFluke, waitForEvent } from '../cli/bundledFluke';
import { tinyWorkspace, withSeed } from '../cli/tinyExperiment';
import { checkpointPaths, epochLosses } from './storeReads';

test('two databases in one folder keep their own checkpoints: a resume loads its own run, a delete removes only its own files', async () => {
  ensureCliBuilt();
  const workspace = await tinyWorkspace('fluke-owners-', { epochs: 3 });
  try {
    const experimentA = withSeed(workspace.experiment, 11);
    const experimentB = withSeed(workspace.experiment, 22);
    const dbA = join(workspace.dir, 'a.db');
    const dbB = join(workspace.dir, 'b.db');

    // Run 1 of a.db dies (SIGKILL) after its first epoch, leaving the epoch-1 checkpoint.
    const victim = startFluke(['train', experimentA, '--db', dbA], { cwd: workspace.dir });
    victim.stdin!.end();
    const victimDone = finished(victim);
    await waitForEvent(victim, (event) => event.type === 'epoch' && event.epoch === 1);
    victim.kill('SIGKILL');
    await victimDone;
    const ownCheckpoints = checkpointPaths(dbA, 1);
    assert.equal(ownCheckpoints.length, 1);

    // Run 1 of b.db (another seed) trains to the end in the same folder.
    const other = await runFluke(['train', experimentB, '--db', dbB], { cwd: workspace.dir });
    assert.equal(other.code, 0, other.stderr);
    const otherCheckpoints = checkpointPaths(dbB, 1);
    assert.equal(new Set([...ownCheckpoints, ...otherCheckpoints]).size, ownCheckpoints.length + otherCheckpoints.length, 'the two databases wrote to the same checkpoint files');

    // Resuming a.db's run 1 gives exactly what an uninterrupted run of a's experiment gives.
    const resumed = await runFluke(['train', '--resume', '1', '--db', dbA], { cwd: workspace.dir });
    assert.equal(resumed.code, 0, resumed.stderr);
    mkdirSync(join(workspace.dir, 'reference'));
    const dbReference = join(workspace.dir, 'reference', 'reference.db');
    const reference = await runFluke(['train', experimentA, '--db', dbReference], { cwd: workspace.dir });
    assert.equal(reference.code, 0, reference.stderr);
    assert.deepEqual(epochLosses(dbA, 1), epochLosses(dbReference, 1), "a.db's resumed run does not match an uninterrupted run: it loaded b.db's weights");

    // Deleting run 1 of b.db (through fluke serve, as the extension does) leaves a.db's checkpoints.
    const serve = startFluke(['serve', '--db', dbB]);
    const served = finished(serve);
    const connection = createMessageConnection(new StreamMessageReader(serve.stdout!), new StreamMessageWriter(serve.stdin!));
    connection.listen();
    assert.deepEqual(await connection.sendRequest(rpc.deleteRun, { runId: 1 }), { deleted: true });
    connection.dispose();
    serve.stdin!.end();
    await served;
    for (const path of otherCheckpoints) assert.equal(existsSync(path), false, `${path} of the deleted run is still there`);
    const aCheckpoints = checkpointPaths(dbA, 1);
    assert.ok(aCheckpoints.length >= 1);
    for (const path of aCheckpoints) assert.ok(existsSync(path), `${path} of a.db was deleted with b.db's run`);
    const store = openStore(dbA);
    assert.equal(getRun(store, 1)!.status, 'completed');
    closeStore(store);
  } finally {
    rmSync(workspace.dir, { recursive: true, force: true });
  }
});

test("a resume refuses a checkpoint written by another database's run, naming it, and leaves the run resumable", async () => {
  ensureCliBuilt();
  const workspace = await tinyWorkspace('fluke-foreign-ckpt-', { epochs: 2 });
  try {
    const dbA = join(workspace.dir, 'a.db');
    const dbB = join(workspace.dir, 'b.db');
    const first = await runFluke(['train', workspace.experiment, '--db', dbB], { cwd: workspace.dir });
    assert.equal(first.code, 0, first.stderr);
    const foreign = checkpointPaths(dbB, 1).at(-1)!;
    const victim = startFluke(['train', workspace.experiment, '--db', dbA], { cwd: workspace.dir });
    victim.stdin!.end();
    const victimDone = finished(victim);
    await waitForEvent(victim, (event) => event.type === 'epoch' && event.epoch === 1);
    victim.kill('SIGKILL');
    await victimDone;
    // a.db's run 1 now points at b.db's checkpoint (as a copied or shared folder would leave it).
    const store = openStore(dbA);
    store.db.prepare('UPDATE checkpoints SET path = ? WHERE run_id = 1').run(foreign);
    closeStore(store);
    const refused = await runFluke(['train', '--resume', '1', '--db', dbA], { cwd: workspace.dir });
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /checkpoint belongs to run 1 of database [0-9a-f]+, not run 1 of database [0-9a-f]+; refusing it/);
    assert.ok(refused.stderr.includes(foreign), refused.stderr);
    const after = openStore(dbA);
    assert.equal(getRun(after, 1)!.status, 'crashed', 'the refused run stays resumable');
    closeStore(after);
  } finally {
    rmSync(workspace.dir, { recursive: true, force: true });
  }
});
