import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunRecord } from '../../src/protocol/records';
import { ensureCliBuilt, runFluke, trainerEvents } from './bundledFluke';

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
