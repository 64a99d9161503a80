import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrations } from './migrations';
import { closeStore, openStore } from './openStore';
import { storeId } from './storeIdentity';

test('every database gets its own random id, kept when it is opened again; an older file gets one when migrated', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-store-id-'));
  try {
    const a = openStore(join(dir, 'a.db'));
    const b = openStore(join(dir, 'b.db'));
    const idA = storeId(a);
    assert.match(idA, /^[0-9a-f]{32}$/);
    assert.notEqual(idA, storeId(b));
    closeStore(a);
    closeStore(b);
    const again = openStore(join(dir, 'a.db'));
    assert.equal(storeId(again), idA);
    closeStore(again);

    const old = new Database(join(dir, 'old.db'));
    for (const migration of migrations.filter((m) => m.version <= 3)) old.exec(migration.sql);
    old.pragma('user_version = 3');
    old.close();
    const migrated = openStore(join(dir, 'old.db'));
    assert.match(storeId(migrated), /^[0-9a-f]{32}$/);
    closeStore(migrated);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
