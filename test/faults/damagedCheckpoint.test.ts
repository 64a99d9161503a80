import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closeStore, openStore } from '../../src/store/openStore';
import { listCheckpoints, listEpochs } from '../../src/store/runResults';
import { getRun } from '../../src/store/runs';
import { ensureCliBuilt, finished, runFluke, startFluke, trainerEvents, waitForEvent } from '../cli/bundledFluke';
import { tinyWorkspace } from '../cli/tinyExperiment';

function flipOneBit(path: string): void {
  const bytes = readFileSync(path);
  bytes[Math.floor(bytes.length * 0.75)]! ^= 0x10;
  writeFileSync(path, bytes);
}

test('a damaged checkpoint is detected (one flipped bit), refused while no intact one is left, and resume falls back to the previous intact one once it is restored', async () => {
  ensureCliBuilt();
  // Every checkpoint kept, so that an earlier intact one exists to fall back to.
  const workspace = await tinyWorkspace('fluke-damaged-', { epochs: 4, sections: { runtime: { keepCheckpoints: 'all' } } });
  try {
    const victim = startFluke(['train', workspace.experiment, '--db', workspace.db], { cwd: workspace.dir });
    victim.stdin!.end();
    const victimDone = finished(victim);
    await waitForEvent(victim, (event) => event.type === 'epoch' && event.epoch === 2);
    victim.kill('SIGKILL');
    await victimDone;
    let store = openStore(workspace.db);
    const checkpoints = listCheckpoints(store, 1);
    closeStore(store);
    const [first, second] = checkpoints.slice(-2).map((checkpoint) => checkpoint.path) as [string, string];
    assert.match(second, /epoch-2/);
    const firstBytes = readFileSync(first);
    flipOneBit(first);
    flipOneBit(second);

    const refused = await runFluke(['train', '--resume', '1', '--db', workspace.db], { cwd: workspace.dir });
    assert.equal(refused.code, 1, refused.stderr);
    assert.ok(refused.stderr.includes(`${second}: checkpoint is damaged (its SHA-256 does not match the content)`), refused.stderr);
    assert.match(refused.stderr, /the run stays crashed: restore the file and resume again/);
    store = openStore(workspace.db);
    assert.equal(getRun(store, 1)!.status, 'crashed');
    closeStore(store);

    writeFileSync(first, firstBytes);
    const resumed = await runFluke(['train', '--resume', '1', '--db', workspace.db], { cwd: workspace.dir });
    assert.equal(resumed.code, 0, resumed.stderr);
    const fallback = trainerEvents(resumed.stdout).find((event) => event.type === 'log' && event.level === 'warning' && event.message.includes('falling back'));
    assert.ok(fallback && fallback.type === 'log', resumed.stdout);
    assert.ok(fallback.message.includes(`falling back to the previous intact checkpoint (epoch 1, ${first})`), fallback.message);
    const started = trainerEvents(resumed.stdout).find((event) => event.type === 'run-started');
    assert.ok(started && started.type === 'run-started' && started.startEpoch === 2);

    mkdirSync(join(workspace.dir, 'reference'));
    const referenceDb = join(workspace.dir, 'reference', 'reference.db');
    const reference = await runFluke(['train', workspace.experiment, '--db', referenceDb], { cwd: workspace.dir });
    assert.equal(reference.code, 0, reference.stderr);
    store = openStore(workspace.db);
    const referenceStore = openStore(referenceDb);
    assert.equal(getRun(store, 1)!.status, 'completed');
    assert.deepEqual(listEpochs(store, [1]).map((epoch) => epoch.loss), listEpochs(referenceStore, [1]).map((epoch) => epoch.loss));
    closeStore(store);
    closeStore(referenceStore);
  } finally {
    rmSync(workspace.dir, { recursive: true, force: true });
  }
});
