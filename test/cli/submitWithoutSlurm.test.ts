import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeStore, openStore } from '../../src/store/openStore';
import { listRuns } from '../../src/store/runs';
import { ensureCliBuilt, runFluke } from './bundledFluke';
import { tinyWorkspace } from './tinyExperiment';

test('fluke submit where sbatch is not installed says so, exits 1 and creates nothing', async () => {
  ensureCliBuilt();
  const workspace = await tinyWorkspace('fluke-submit-nosbatch-', { epochs: 1 });
  // An empty folder as PATH: no Slurm commands (fluke itself is started by its full path).
  const emptyPath = mkdtempSync(join(tmpdir(), 'fluke-empty-path-'));
  try {
    const file = JSON.parse(readFileSync(workspace.experiment, 'utf8')) as Record<string, unknown>;
    writeFileSync(workspace.experiment, JSON.stringify({ ...file, target: { kind: 'slurm' } }));
    const result = await runFluke(['submit', workspace.experiment, '--db', workspace.db], { env: { ...process.env, PATH: emptyPath } });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /sbatch not found on PATH/);
    if (existsSync(workspace.db)) {
      const store = openStore(workspace.db, { reconcile: false });
      assert.deepEqual(listRuns(store), [], 'no run was made');
      closeStore(store);
    }
  } finally {
    rmSync(emptyPath, { recursive: true, force: true });
    rmSync(workspace.dir, { recursive: true, force: true });
  }
});

test('fluke submit of a local experiment points at target.kind; no FILE is a usage error', async () => {
  ensureCliBuilt();
  const workspace = await tinyWorkspace('fluke-submit-local-', { epochs: 1 });
  try {
    const result = await runFluke(['submit', workspace.experiment, '--db', workspace.db]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /target\.kind is "local"/);
    const usage = await runFluke(['submit', '--db', workspace.db]);
    assert.equal(usage.code, 2);
  } finally {
    rmSync(workspace.dir, { recursive: true, force: true });
  }
});
