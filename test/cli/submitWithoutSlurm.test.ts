import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeStore, openStore } from '../../src/store/openStore';
import { listRuns } from '../../src/store/runs';
import { ensureCliBuilt, runFluke } from './flukeCli';
import { tinyWorkspace } from './tinyExperiment';

test('fluke submit where sbatch is not installed says so, exits 1 and creates nothing', async () => {
  ensureCliBuilt();
  const workspace = await tinyWorkspace('fluke-submit-nosbatch-', { epochs: 1 });
  const file = JSON.parse(readFileSync(workspace.experiment, 'utf8')) as Record<string, unknown>;
  writeFileSync(workspace.experiment, JSON.stringify({ ...file, target: { kind: 'slurm' } }));
  // An empty folder as PATH: no Slurm commands (fluke itself is started by its full path).
  const result = await runFluke(['submit', workspace.experiment, '--db', workspace.db], { env: { ...process.env, PATH: mkdtempSync(join(tmpdir(), 'fluke-empty-path-')) } });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /sbatch not found on PATH/);
  if (existsSync(workspace.db)) {
    const store = openStore(workspace.db, { reconcile: false });
    assert.deepEqual(listRuns(store), [], 'no run was made');
    closeStore(store);
  }
});

test('fluke submit of a local experiment points at target.kind', async () => {
  ensureCliBuilt();
  const workspace = await tinyWorkspace('fluke-submit-local-', { epochs: 1 });
  const result = await runFluke(['submit', workspace.experiment, '--db', workspace.db]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /target\.kind is "local"/);
  const usage = await runFluke(['submit', '--db', workspace.db]);
  assert.equal(usage.code, 2);
});
