import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '../../src/protocol/records';
import { readExperimentText } from '../../src/experiment/readExperimentText';
import { ensureExperiment } from '../../src/store/experiments';
import { closeStore, openStore } from '../../src/store/openStore';
import { createRun, markRunEnded } from '../../src/store/runs';
import { ensureCliBuilt, finished, runFluke, startFluke, trainerEvents, waitForEvent } from '../cli/bundledFluke';
import { tinyWorkspace } from '../cli/tinyExperiment';
import { fillDisk, mountSmallDisk } from './smallDisk';

test('a disk that fills up during training: a clear message naming the file, the run not left running, and runs/show/export still read the database', async () => {
  ensureCliBuilt();
  const workspace = await tinyWorkspace('fluke-disk-full-', { epochs: 6 });
  const disk = mountSmallDisk(16 * 1024 * 1024);
  try {
    const db = join(disk.dir, 'fluke.db');
    const child = startFluke(['train', workspace.experiment, '--db', db], { cwd: workspace.dir });
    child.stdin!.end();
    const done = finished(child);
    await waitForEvent(child, (event) => event.type === 'epoch' && event.epoch === 1);
    const filler = join(disk.dir, 'filler');
    assert.ok(fillDisk(filler) > 0);
    const result = await done;

    assert.equal(result.code, 1, result.stderr);
    assert.doesNotMatch(result.stderr, /SqliteError|\n\s+at /, `a stack trace instead of a message:\n${result.stderr}`);
    const ended = trainerEvents(result.stdout).find((event) => event.type === 'run-ended');
    const message = ended && ended.type === 'run-ended' ? (ended.error ?? '') : result.stderr;
    assert.match(message, /(database or disk is full|no space left on device)/i, message);
    assert.ok(message.includes(db) || message.includes(join(disk.dir, 'checkpoints')), `the message does not name the file: ${message}`);

    // The disk is still full: reading commands must work.
    const runs = await runFluke(['runs', '--json', '--db', db]);
    assert.equal(runs.code, 0, runs.stderr);
    const run = (JSON.parse(runs.stdout) as RunRecord[])[0]!;
    assert.ok(run.status === 'failed' || run.status === 'crashed', `the run is ${run.status}`);
    for (const args of [['show', String(run.id), '--json'], ['export', String(run.id), '--format', 'csv'], ['runs']]) {
      const read = await runFluke([...args, '--db', db]);
      assert.equal(read.code, 0, `fluke ${args.join(' ')} on a full disk: ${read.stderr}`);
    }

    // Space again: a run that could not record its end is resumed to the end.
    rmSync(filler);
    if (run.status === 'crashed') {
      const resumed = await runFluke(['train', '--resume', String(run.id), '--db', db], { cwd: workspace.dir });
      assert.equal(resumed.code, 0, resumed.stderr);
    }
  } finally {
    disk.unmount();
    rmSync(workspace.dir, { recursive: true, force: true });
  }
});

test('runs, show and export read a database on a disk that is already full, where SQLite cannot make its -shm file', async () => {
  ensureCliBuilt();
  const disk = mountSmallDisk(4 * 1024 * 1024);
  try {
    const db = join(disk.dir, 'fluke.db');
    const store = openStore(db);
    const config = readExperimentText(JSON.stringify({ name: 'e', data: { path: '/' }, epochs: 3 }), '/e.experiment.json').runs[0]!.config;
    const run = createRun(store, { experimentId: ensureExperiment(store, '/e.experiment.json', 'e').id, name: 'e', config, gridValues: {}, pid: null, host: null, processIdentity: null });
    markRunEnded(store, run.id, 'completed', null);
    store.db.prepare(`INSERT INTO epochs VALUES (?, 1, 0.5, '[0.5]', 0.001, 2, 10, 'now')`).run(run.id);
    closeStore(store);
    assert.equal(existsSync(`${db}-shm`), false, 'a clean close removes the -shm file');
    fillDisk(join(disk.dir, 'filler'));
    const before = readFileSync(db);
    for (const args of [['runs', '--json'], ['show', '1'], ['export', '1', '--format', 'csv']]) {
      const result = await runFluke([...args, '--db', db]);
      assert.equal(result.code, 0, `fluke ${args.join(' ')} on a full disk: ${result.stderr}`);
      if (args[0] === 'runs') assert.equal((JSON.parse(result.stdout) as RunRecord[])[0]!.status, 'completed');
      if (args[0] === 'export') assert.match(result.stdout, /\n1,0\.5,/);
    }
    assert.ok(readFileSync(db).equals(before));
  } finally {
    disk.unmount();
  }
});
