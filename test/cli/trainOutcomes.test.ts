import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunRecord } from '../../src/protocol/records';
import { ensureCliBuilt, finished, runFluke, startFluke, trainerEvents, waitForEvent } from './bundledFluke';
import { tinyWorkspace } from './tinyExperiment';

const dir = mkdtempSync(join(tmpdir(), 'fluke-outcomes-'));
test.before(() => ensureCliBuilt());
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('a run whose dataset cannot be read ends failed with the reason, in the events and the store', async () => {
  mkdirSync(join(dir, 'empty-data'));
  const experiment = join(dir, 'empty.experiment.json');
  writeFileSync(experiment, JSON.stringify({ data: { path: 'empty-data' }, epochs: 1, runtime: { backend: 'cpu' } }));
  const db = join(dir, 'fluke.db');
  const result = await runFluke(['train', experiment, '--db', db]);
  assert.equal(result.code, 1, result.stderr);
  const events = trainerEvents(result.stdout);
  const ended = events.find((event) => event.type === 'run-ended');
  assert.ok(ended && ended.type === 'run-ended');
  assert.equal(ended.status, 'failed');
  assert.match(ended.error ?? '', /empty-data/);
  const runs = JSON.parse((await runFluke(['runs', '--db', db, '--json'])).stdout) as RunRecord[];
  assert.equal(runs[0]!.status, 'failed');
  assert.equal(runs[0]!.error, ended.error);
  assert.ok(runs[0]!.endedAt);
});

test('fluke doctor reports Node, the backends, the native modules and the database, as text and JSON', async () => {
  const db = join(dir, 'doctor.db');
  const [json, text] = await Promise.all([runFluke(['doctor', '--json', '--db', db]), runFluke(['doctor', '--db', db])]);
  assert.equal(json.code, 0, json.stderr);
  const report = JSON.parse(json.stdout) as {
    ok: boolean;
    node: { version: string };
    backends: Array<{ name: string; available: boolean; detail: string }>;
    modules: Array<{ name: string; ok: boolean }>;
    database: { path: string; schemaVersion: number | null };
  };
  assert.equal(report.node.version, process.version);
  assert.deepEqual(report.backends.map((b) => b.name).sort(), ['auto', 'cpu', 'tensorflow', 'tensorflow-gpu', 'wasm']);
  assert.equal(report.backends.find((b) => b.name === 'cpu')?.available, true);
  assert.deepEqual(report.modules.map((m) => [m.name, m.ok]), [['better-sqlite3', true], ['sharp', true]]);
  assert.equal(report.database.path, db);
  assert.equal(report.database.schemaVersion, null, 'doctor does not create the database');
  assert.match(text.stdout, /better-sqlite3 +loads/);

  const corrupt = join(dir, 'corrupt.db');
  writeFileSync(corrupt, 'definitely not an SQLite database, just some text that is long enough');
  const bad = await runFluke(['doctor', '--json', '--db', corrupt]);
  assert.equal(bad.code, 1);
  const badReport = JSON.parse(bad.stdout) as { ok: boolean; database: { detail: string; ok: boolean } };
  assert.equal(badReport.ok, false);
  assert.match(badReport.database.detail, /corrupt\.db/);
});

test('a learning rate that blows the weights up to Infinity while the loss stays finite ends the run diverged, not completed', async () => {
  // With Adam at 1e10 on the tiny set the batch losses stay finite but the batch-norm
  // running variances overflow to Infinity in the first epoch (found by reading the checkpoint).
  const workspace = await tinyWorkspace('fluke-diverge-', { epochs: 2, sections: { optimizer: { type: 'adam', learningRate: 1e10 } } });
  try {
    const result = await runFluke(['train', workspace.experiment, '--db', workspace.db], { cwd: workspace.dir });
    const events = trainerEvents(result.stdout);
    const ended = events.find((event) => event.type === 'run-ended');
    assert.ok(ended && ended.type === 'run-ended');
    assert.equal(ended.status, 'diverged', ended.error ?? '');
    assert.match(ended.error ?? '', /^weight \S+ became (NaN|Infinity|-Infinity) at epoch 1 \(the loss was still finite\)$/);
    assert.equal(result.code, 1);
    const runs = JSON.parse((await runFluke(['runs', '--db', workspace.db, '--json'])).stdout) as RunRecord[];
    assert.equal(runs[0]!.status, 'diverged');
  } finally {
    rmSync(workspace.dir, { recursive: true, force: true });
  }
});

test('more clusters than training identities fails the run with a clear error before any epoch, instead of completing with loss 0', async () => {
  // The tiny set trains on 3 identities.
  const workspace = await tinyWorkspace('fluke-too-many-k-', { epochs: 2, sections: { method: { clusters: 4 } } });
  try {
    const result = await runFluke(['train', workspace.experiment, '--db', workspace.db], { cwd: workspace.dir });
    assert.equal(result.code, 1, result.stderr);
    const events = trainerEvents(result.stdout);
    assert.equal(events.filter((event) => event.type === 'epoch').length, 0);
    const ended = events.find((event) => event.type === 'run-ended');
    assert.ok(ended && ended.type === 'run-ended');
    assert.equal(ended.status, 'failed');
    assert.match(ended.error ?? '', /method\.clusters is 4 but the training set has only 3 identities/);
  } finally {
    rmSync(workspace.dir, { recursive: true, force: true });
  }
});

test('a batch budget far above the data is warned about before training', async () => {
  const workspace = await tinyWorkspace('fluke-budget-', { epochs: 1, sections: { sampling: { batchesPerEpoch: 400 } } });
  try {
    const child = startFluke(['train', workspace.experiment, '--db', workspace.db], { cwd: workspace.dir });
    child.stdin!.end();
    const done = finished(child);
    const warning = await waitForEvent(child, (event) => event.type === 'log' && event.message.includes('batchesPerEpoch'));
    child.kill('SIGTERM');
    await done;
    assert.ok(warning.type === 'log');
    assert.equal(warning.level, 'warning');
    assert.match(warning.message, /sampling\.batchesPerEpoch 400 draws 1600 images an epoch from 12 training images/);
  } finally {
    rmSync(workspace.dir, { recursive: true, force: true });
  }
});
