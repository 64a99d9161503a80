import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { RunRecord } from '../../src/protocol/records';
import { ensureCliBuilt, finished, runFluke, startFluke, trainerEvents, waitForEvent } from '../cli/bundledFluke';
import { tinyWorkspace } from '../cli/tinyExperiment';

async function runsOf(db: string): Promise<RunRecord[]> {
  const listed = await runFluke(['runs', '--db', db, '--json']);
  assert.equal(listed.code, 0, listed.stderr);
  return JSON.parse(listed.stdout) as RunRecord[];
}

test('a training process killed with SIGKILL is found crashed, and --resume finishes the run', async () => {
  ensureCliBuilt();
  const workspace = await tinyWorkspace('fluke-crash-', { epochs: 3 });
  try {
    const child = startFluke(['train', workspace.experiment, '--db', workspace.db], { cwd: workspace.dir });
    child.stdin!.end();
    const done = finished(child);
    await waitForEvent(child, (event) => event.type === 'epoch');
    child.kill('SIGKILL');
    const killed = await done;
    assert.equal(killed.signal, 'SIGKILL');
    const [run] = await runsOf(workspace.db);
    assert.ok(run);
    assert.equal(run.status, 'crashed');
    assert.match(run.error ?? '', new RegExp(`pid ${child.pid}`));
    assert.ok(run.lastEpoch >= 1);

    const resumed = await runFluke(['train', '--resume', String(run.id), '--db', workspace.db], { cwd: workspace.dir });
    assert.equal(resumed.code, 0, resumed.stderr);
    const [after] = await runsOf(workspace.db);
    assert.equal(after!.status, 'completed');
    assert.equal(after!.lastEpoch, 3);
  } finally {
    rmSync(workspace.dir, { recursive: true, force: true });
  }
});

test('two training processes on one database both complete (a grid and one of its runs)', async () => {
  ensureCliBuilt();
  const workspace = await tinyWorkspace('fluke-two-', { epochs: 1, grid: { 'method.clusters': [1, 2] } });
  try {
    const [grid, single] = await Promise.all([
      runFluke(['train', workspace.experiment, '--db', workspace.db], { cwd: workspace.dir }),
      runFluke(['train', workspace.experiment, '--db', workspace.db, '--grid-index', '1'], { cwd: workspace.dir }),
    ]);
    assert.equal(grid.code, 0, grid.stderr);
    assert.equal(single.code, 0, single.stderr);
    assert.deepEqual(
      trainerEvents(grid.stdout).filter((event) => event.type === 'run-ended').map((event) => event.type === 'run-ended' && event.status),
      ['completed', 'completed'],
    );
    const runs = await runsOf(workspace.db);
    assert.equal(runs.length, 3);
    assert.deepEqual(runs.map((run) => run.status), ['completed', 'completed', 'completed']);
    assert.deepEqual(runs.map((run) => run.name).sort(), ['tiny clusters=1', 'tiny clusters=2', 'tiny clusters=2']);
    for (const run of runs) assert.equal(run.lastEpoch, 1);
  } finally {
    rmSync(workspace.dir, { recursive: true, force: true });
  }
});
