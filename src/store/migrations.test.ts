import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentSchemaVersion, migrations } from './migrations';
import { openStore, closeStore, storeSchemaVersion } from './openStore';
import { getRun, listRuns } from './runs';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'fluke-store-'));
}

test('a fresh file ends at the current schema version, in WAL mode, with foreign keys on', () => {
  const dir = tempDir();
  try {
    const store = openStore(join(dir, 'nested', 'fluke.db'));
    assert.equal(storeSchemaVersion(store), currentSchemaVersion);
    assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(store.db.pragma('foreign_keys', { simple: true }), 1);
    const columns = (store.db.prepare('PRAGMA table_info(runs)').all() as Array<{ name: string }>).map((c) => c.name);
    assert.ok(columns.includes('process_identity'));
    assert.ok(columns.includes('heartbeat_at'));
    const columnsOf = (table: string) => (store.db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
    assert.ok(columnsOf('clusterings').includes('churn_nmi'));
    assert.ok(columnsOf('metrics').includes('map5_best') && columnsOf('metrics').includes('map5_best_threshold'));
    assert.deepEqual(columnsOf('epoch_batches'), ['run_id', 'epoch', 'cluster_usage', 'learner_hardness']);
    closeStore(store);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a version-1 file written by an older fluke is migrated and keeps its rows', () => {
  const dir = tempDir();
  const path = join(dir, 'old.db');
  try {
    // Written by hand as fluke with schema 1 left it: no process_identity column.
    const old = new Database(path);
    old.exec(migrations[0]!.sql);
    old.pragma('user_version = 1');
    old.prepare("INSERT INTO experiments (id, path, name, created_at) VALUES (1, '/x/a.experiment.json', 'a', '2026-01-01T00:00:00Z')").run();
    old
      .prepare(
        `INSERT INTO runs (id, experiment_id, name, config, grid_values, status, seed, epochs, created_at)
         VALUES (7, 1, 'a', '{"runtime":{"seed":3}}', '{}', 'completed', 3, 5, '2026-01-01T00:00:00Z')`,
      )
      .run();
    old.prepare(`INSERT INTO epochs VALUES (7, 1, 0.5, '[0.5]', 0.001, 2, 10, '2026-01-01T00:01:00Z')`).run();
    old.close();

    const store = openStore(path);
    assert.equal(storeSchemaVersion(store), currentSchemaVersion);
    const run = getRun(store, 7);
    assert.ok(run);
    assert.equal(run.status, 'completed');
    assert.equal(run.lastEpoch, 1);
    assert.equal(listRuns(store).length, 1);
    closeStore(store);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file from a newer fluke is refused with its path in the message', () => {
  const dir = tempDir();
  const path = join(dir, 'future.db');
  try {
    const future = new Database(path);
    future.pragma(`user_version = ${currentSchemaVersion + 5}`);
    future.close();
    assert.throws(() => openStore(path), (error: Error) => error.message.includes(path) && /newer/.test(error.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file that is not a database names the file', () => {
  const dir = tempDir();
  const path = join(dir, 'garbage.db');
  try {
    writeFileSync(path, 'this is not sqlite at all, just text that is long enough to be a header..........');
    assert.throws(() => openStore(path), (error: Error) => error.message.includes(path));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("migration 8 rebuilds runs for the 'timeout' state and keeps every run and what references it", () => {
  const dir = tempDir();
  const path = join(dir, 'v3.db');
  try {
    const old = new Database(path);
    for (const migration of migrations.filter((m) => m.version <= 3)) old.exec(migration.sql);
    old.pragma('user_version = 3');
    old.prepare("INSERT INTO experiments (id, path, name, created_at) VALUES (1, '/x/a.experiment.json', 'a', '2026-01-01T00:00:00Z')").run();
    old
      .prepare(
        `INSERT INTO runs (id, experiment_id, name, config, grid_values, status, seed, epochs, created_at, heartbeat_at)
         VALUES (7, 1, 'a', '{"runtime":{"seed":3}}', '{}', 'completed', 3, 5, '2026-01-01T00:00:00Z', '2026-01-01T00:02:00Z')`,
      )
      .run();
    old.prepare(`INSERT INTO epochs VALUES (7, 1, 0.5, '[0.5]', 0.001, 2, 10, '2026-01-01T00:01:00Z')`).run();
    assert.throws(() => old.prepare("UPDATE runs SET status = 'timeout' WHERE id = 7").run(), /CHECK/);
    old.close();

    const store = openStore(path);
    assert.equal(store.db.pragma('foreign_keys', { simple: true }), 1);
    store.db.prepare("UPDATE runs SET status = 'timeout' WHERE id = 7").run();
    assert.equal(getRun(store, 7)?.status, 'timeout');
    assert.equal(getRun(store, 7)?.lastEpoch, 1);
    assert.throws(() => store.db.prepare("UPDATE runs SET status = 'lost' WHERE id = 7").run(), /CHECK/);
    const indexes = (store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'runs'").all() as Array<{ name: string }>).map((i) => i.name);
    assert.ok(indexes.includes('runs_experiment'));
    // The foreign key from epochs still points at the rebuilt table: deleting the run cascades.
    store.db.prepare('DELETE FROM runs WHERE id = 7').run();
    assert.equal((store.db.prepare('SELECT COUNT(*) AS n FROM epochs').get() as { n: number }).n, 0);
    closeStore(store);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("migration 12 gives checkpoints a kind: a stop's file (…-batch-B.ckpt) becomes 'stop', the others 'epoch', and both kinds of one epoch fit", () => {
  const dir = tempDir();
  const path = join(dir, 'v4.db');
  try {
    const old = new Database(path);
    for (const migration of migrations.filter((m) => m.version <= 4)) old.exec(migration.sql);
    old.pragma('user_version = 4');
    old.prepare("INSERT INTO experiments (id, path, name, created_at) VALUES (1, '/x/a.experiment.json', 'a', '2026-01-01T00:00:00Z')").run();
    old
      .prepare(
        `INSERT INTO runs (id, experiment_id, name, config, grid_values, status, seed, epochs, created_at)
         VALUES (7, 1, 'a', '{"runtime":{"seed":3}}', '{}', 'stopped', 3, 5, '2026-01-01T00:00:00Z')`,
      )
      .run();
    const checkpoint = old.prepare("INSERT INTO checkpoints VALUES (7, ?, ?, '2026-01-01T00:01:00Z')");
    checkpoint.run(1, '/c/run-7-epoch-1.ckpt');
    checkpoint.run(2, '/c/run-7-epoch-3-batch-4.ckpt');
    old.close();

    const store = openStore(path);
    const rows = () => store.db.prepare('SELECT epoch, kind, path FROM checkpoints ORDER BY epoch, kind').all();
    assert.deepEqual(rows(), [
      { epoch: 1, kind: 'epoch', path: '/c/run-7-epoch-1.ckpt' },
      { epoch: 2, kind: 'stop', path: '/c/run-7-epoch-3-batch-4.ckpt' },
    ]);
    store.db.prepare("INSERT INTO checkpoints (run_id, epoch, kind, path, created_at) VALUES (7, 2, 'epoch', '/c/run-7-epoch-2.ckpt', 'now')").run();
    assert.equal(rows().length, 3);
    assert.throws(() => store.db.prepare("INSERT INTO checkpoints (run_id, epoch, kind, path, created_at) VALUES (7, 3, 'partial', '/c/x', 'now')").run(), /CHECK/);
    store.db.prepare('DELETE FROM runs WHERE id = 7').run();
    assert.equal(rows().length, 0, 'deleting the run still cascades to its checkpoints');
    closeStore(store);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
