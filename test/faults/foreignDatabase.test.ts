import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentSchemaVersion, migrations } from '../../src/store/migrations';
import { closeStore, openStore } from '../../src/store/openStore';
import { ensureCliBuilt, runFluke } from '../cli/bundledFluke';

const dir = mkdtempSync(join(tmpdir(), 'fluke-foreign-'));
test.before(() => ensureCliBuilt());
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** An experiment whose data folder exists (so the file is valid) but holds nothing. */
function emptyExperiment(): string {
  mkdirSync(join(dir, 'empty-data'), { recursive: true });
  const experiment = join(dir, 'empty.experiment.json');
  writeFileSync(experiment, JSON.stringify({ data: { path: 'empty-data' }, epochs: 1, runtime: { backend: 'cpu' } }));
  return experiment;
}

function assertUnchanged(path: string, before: Buffer): void {
  assert.ok(readFileSync(path).equals(before), `${path} was changed`);
  assert.equal(existsSync(`${path}-wal`), false, `${path}-wal was created`);
  assert.equal(existsSync(`${path}-shm`), false, `${path}-shm was created`);
}

test("a SQLite file of another program is refused by every command, named in the message, and left byte-for-byte unchanged", async () => {
  const path = join(dir, 'other-apps.db');
  const other = new Database(path);
  other.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('Ada'), ('Grace');");
  other.close();
  const before = readFileSync(path);
  const experiment = emptyExperiment();
  for (const args of [['runs'], ['runs', '--json'], ['show', '1'], ['export', '1', '--format', 'json'], ['train', experiment], ['serve']]) {
    const result = await runFluke([...args, '--db', path]);
    assert.equal(result.code, 1, `fluke ${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, /other-apps\.db: not a Fluke database \(schema version 0, tables: customers\); it was left unchanged/, `fluke ${args.join(' ')}`);
    assertUnchanged(path, before);
  }
  const doctor = await runFluke(['doctor', '--json', '--db', path]);
  assert.match((JSON.parse(doctor.stdout) as { database: { detail: string } }).database.detail, /not a Fluke database/);
  assertUnchanged(path, before);
});

test('a database of a newer fluke is refused before WAL is switched on: the file keeps its bytes', async () => {
  const path = join(dir, 'future.db');
  const future = new Database(path);
  future.exec(migrations[0]!.sql);
  future.pragma(`user_version = ${currentSchemaVersion + 5}`);
  future.close();
  const before = readFileSync(path);
  for (const args of [['train', emptyExperiment()], ['runs']]) {
    const result = await runFluke([...args, '--db', path]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /future\.db: database schema version \d+ is newer than this fluke understands/);
    assertUnchanged(path, before);
  }
});

test('runs, show and export read a Fluke database without writing to it, showing a run whose process is gone as crashed', async () => {
  const path = join(dir, 'fluke.db');
  const store = openStore(path);
  store.db.prepare("INSERT INTO experiments (id, path, name, created_at) VALUES (1, '/e.experiment.json', 'e', 'now')").run();
  // Run 1 is marked running by a process that does not exist: a writing open would mark it crashed.
  store.db
    .prepare(`INSERT INTO runs (id, experiment_id, name, config, status, pid, host, seed, epochs, created_at) VALUES (1, 1, 'e', '{}', 'running', ?, ?, 0, 3, 'now')`)
    .run(deadPid(), hostname());
  closeStore(store);
  const before = readFileSync(path);
  for (const args of [['runs', '--json'], ['show', '1', '--json'], ['export', '1', '--format', 'json']]) {
    const result = await runFluke([...args, '--db', path]);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(readFileSync(path).equals(before), `fluke ${args.join(' ')} changed ${path}`);
    if (args[0] === 'runs') assert.equal((JSON.parse(result.stdout) as Array<{ status: string }>)[0]!.status, 'crashed');
    if (args[0] === 'show') assert.match((JSON.parse(result.stdout) as { run: { error: string } }).run.error, /ended without finishing the run/);
  }
});

/** A pid no process has now (pids are below /proc/sys/kernel/pid_max). */
function deadPid(): number {
  const max = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8'));
  for (let pid = max - 1; pid > 1; pid--) if (!existsSync(`/proc/${pid}`)) return pid;
  throw new Error('no free pid found');
}
