import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { copyFileSync, linkSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { migrations } from './migrations';
import { closeStore, openStore, openStoreReadOnly } from './openStore';
import { formerStoreIds, storeId } from './storeIdentity';

/** The store id and former ids of the file, opened for writing (as fluke train and serve do). */
function identityOf(path: string): { id: string; former: string[] } {
  const store = openStore(path, { reconcile: false });
  try {
    return { id: storeId(store), former: formerStoreIds(store) };
  } finally {
    closeStore(store);
  }
}

function withDir(run: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-store-id-'));
  try {
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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

test('a copy of the file in the same folder takes a new id and remembers the old one; the original keeps its id', () => {
  withDir((dir) => {
    const original = identityOf(join(dir, 'a.db'));
    assert.deepEqual(original.former, []);
    copyFileSync(join(dir, 'a.db'), join(dir, 'b.db'));
    const copy = identityOf(join(dir, 'b.db'));
    assert.match(copy.id, /^[0-9a-f]{32}$/);
    assert.notEqual(copy.id, original.id);
    assert.deepEqual(copy.former, [original.id]);
    assert.deepEqual(identityOf(join(dir, 'a.db')), original);
    assert.deepEqual(identityOf(join(dir, 'b.db')), copy, 'the copy keeps its new id when opened again');
    // A copy of the copy remembers both ids it had, oldest first.
    copyFileSync(join(dir, 'b.db'), join(dir, 'c.db'));
    assert.deepEqual(identityOf(join(dir, 'c.db')).former, [original.id, copy.id]);
  });
});

test('a file moved or renamed keeps its id, also when another database now lies at its old path', () => {
  withDir((dir) => {
    const original = identityOf(join(dir, 'a.db'));
    renameSync(join(dir, 'a.db'), join(dir, 'renamed.db'));
    assert.deepEqual(identityOf(join(dir, 'renamed.db')), original);
    mkdirSync(join(dir, 'elsewhere'));
    renameSync(join(dir, 'renamed.db'), join(dir, 'elsewhere', 'a.db'));
    const other = identityOf(join(dir, 'renamed.db'));
    assert.notEqual(other.id, original.id);
    assert.deepEqual(identityOf(join(dir, 'elsewhere', 'a.db')), original);
  });
});

test('a file moved out of a folder that is a file now (its old path cannot even be looked at) opens and keeps its id', () => {
  withDir((dir) => {
    mkdirSync(join(dir, 'sub'));
    const original = identityOf(join(dir, 'sub', 'a.db'));
    renameSync(join(dir, 'sub', 'a.db'), join(dir, 'a.db'));
    rmSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'sub'), 'a file where the folder was');
    assert.deepEqual(identityOf(join(dir, 'a.db')), original);
  });
});

test('a named pipe where the file was is not opened (it would block the open forever): the file keeps its id', () => {
  withDir((dir) => {
    const original = identityOf(join(dir, 'a.db'));
    renameSync(join(dir, 'a.db'), join(dir, 'moved.db'));
    execFileSync('mkfifo', [join(dir, 'a.db')]);
    assert.deepEqual(identityOf(join(dir, 'moved.db')), original);
  });
});

test('the same file through a hard link or a symbolic link is not a copy: its id stays', () => {
  withDir((dir) => {
    const original = identityOf(join(dir, 'a.db'));
    linkSync(join(dir, 'a.db'), join(dir, 'hard.db'));
    symlinkSync(join(dir, 'a.db'), join(dir, 'soft.db'));
    assert.deepEqual(identityOf(join(dir, 'hard.db')), original);
    assert.deepEqual(identityOf(join(dir, 'soft.db')), original);
    assert.deepEqual(identityOf(join(dir, 'a.db')), original);
  });
});

test('a read-only open of a copy writes nothing: the file is unchanged and the id is still the original\'s', () => {
  withDir((dir) => {
    const original = identityOf(join(dir, 'a.db'));
    copyFileSync(join(dir, 'a.db'), join(dir, 'b.db'));
    const before = readFileSync(join(dir, 'b.db'));
    const modified = statSync(join(dir, 'b.db')).mtimeMs;
    const reader = openStoreReadOnly(join(dir, 'b.db'));
    assert.equal(storeId(reader), original.id);
    assert.deepEqual(formerStoreIds(reader), []);
    closeStore(reader);
    assert.ok(readFileSync(join(dir, 'b.db')).equals(before), 'the read-only open changed the file');
    assert.equal(statSync(join(dir, 'b.db')).mtimeMs, modified);
    assert.notEqual(identityOf(join(dir, 'b.db')).id, original.id, 'the first writable open still sees the copy');
  });
});

/**
 * Opens the file for writing in another node process; `opening` resolves when it is about to
 * open, `id` with the store id it saw.
 */
function storeIdInChildProcess(path: string): { opening: Promise<void>; id: Promise<string> } {
  const script = `const { openStore, closeStore } = require(${JSON.stringify(join(__dirname, 'openStore.ts'))});
const { storeId } = require(${JSON.stringify(join(__dirname, 'storeIdentity.ts'))});
process.stderr.write('opening\\n');
const store = openStore(process.argv[1], { reconcile: false });
process.stdout.write(storeId(store));
closeStore(store);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script, path], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const opening = new Promise<void>((resolve) =>
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
      if (err.includes('opening')) resolve();
    }),
  );
  const id = new Promise<string>((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited ${code}: ${err}`)))));
  return { opening, id };
}

test('processes opening a copy at the same time agree on one new id', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-store-id-'));
  try {
    const original = identityOf(join(dir, 'a.db'));
    copyFileSync(join(dir, 'a.db'), join(dir, 'b.db'));
    // Holds the write lock so that every process sees the old path and then waits for the lock.
    const holder = new Database(join(dir, 'b.db'));
    holder.exec('BEGIN IMMEDIATE');
    const children = [1, 2, 3, 4].map(() => storeIdInChildProcess(join(dir, 'b.db')));
    await Promise.all(children.map((child) => child.opening));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    holder.exec('COMMIT');
    holder.close();
    const seen = await Promise.all(children.map((child) => child.id));
    const copy = identityOf(join(dir, 'b.db'));
    assert.notEqual(copy.id, original.id);
    assert.deepEqual(seen, [copy.id, copy.id, copy.id, copy.id]);
    assert.deepEqual(copy.former, [original.id], 'one id was minted, not one per process');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
