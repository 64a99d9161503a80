import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { currentSchemaVersion, migrate, schemaVersionOf } from './migrations';
import { reconcileRuns } from './reconcileRuns';
import { recordStorePath } from './recordStorePath';
import type { Store } from './store';

export type { Store } from './store';

export interface OpenStoreOptions {
  /** Mark runs whose process is gone as crashed (default true). */
  reconcile?: boolean;
  /** How long a writer waits for another process's lock, in ms (default 15 s). */
  busyTimeoutMs?: number;
}

const defaultBusyTimeoutMs = 15_000;

/** The database of a workspace: `<workspace>/.fluke/fluke.db`. */
export function defaultStorePath(workspaceDir: string): string {
  return join(resolve(workspaceDir), '.fluke', 'fluke.db');
}

/**
 * Opens (creating if needed) a database file: checks first, without writing, that it is
 * Fluke's (or empty) and not newer than this fluke; then applies the migrations, switches to
 * WAL so readers never block the trainer, sets a busy timeout so two training processes can
 * write the same file, turns foreign keys on, records where the file is (a copy takes a new
 * store id: recordStorePath), and marks runs left behind by dead processes crashed.
 */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  const absolute = resolve(path);
  const busyTimeoutMs = options.busyTimeoutMs ?? defaultBusyTimeoutMs;
  mkdirSync(dirname(absolute), { recursive: true });
  const db = openDatabase(absolute, { timeout: busyTimeoutMs });
  guarded(db, absolute, () => {
    refuseForeignDatabase(db, absolute, { allowEmpty: true });
    migrate(db, absolute);
    switchToWal(db, busyTimeoutMs);
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    recordStorePath(db, absolute);
  });
  const store: Store = { db, path: absolute };
  if (options.reconcile ?? true) reconcileRuns(store);
  return store;
}

/**
 * Opens an existing database only to read it: nothing is ever written (no WAL switch, no
 * migration, no reconcile), so it works on a full disk and leaves a file that is not
 * Fluke's unchanged. A file of an older schema is read as it is.
 */
export function openStoreReadOnly(path: string, options: Pick<OpenStoreOptions, 'busyTimeoutMs'> = {}): Store {
  const absolute = resolve(path);
  const db = openDatabase(absolute, { readonly: true, fileMustExist: true, timeout: options.busyTimeoutMs ?? defaultBusyTimeoutMs });
  try {
    guarded(db, absolute, () => refuseForeignDatabase(db, absolute, { allowEmpty: false }));
  } catch (error) {
    if (!String((error as { code?: unknown }).code).startsWith('SQLITE_IOERR')) throw error;
    return openInMemoryCopy(absolute, error as Error);
  }
  return { db, path: absolute };
}

/**
 * An empty database of the current schema, held in memory, standing for a file that does not
 * exist yet: for a reader that must not create it (`fluke serve --read-only`).
 */
export function openEmptyStoreInMemory(path: string): Store {
  const db = new Database(':memory:');
  migrate(db, resolve(path));
  return { db, path: resolve(path) };
}

/**
 * Reads the database from a copy in memory. For a full disk: even to read a WAL database,
 * SQLite must make its shared-memory file (-shm), and fails with an I/O error when there is no
 * room. Only when the write-ahead log is empty, or the copy would miss the latest writes.
 */
function openInMemoryCopy(absolute: string, cause: Error): Store {
  const logBytes = statSync(`${absolute}-wal`, { throwIfNoEntry: false })?.size ?? 0;
  if (logBytes > 0) {
    throw new Error(`${cause.message} (is the disk full?); its write-ahead log holds writes not yet in the file, so it cannot be read from a copy: free some space and try again`);
  }
  const image = readFileSync(absolute);
  // Bytes 18 and 19 of the header say "WAL" (2); a copy in memory has no log, so rollback (1).
  image[18] = 1;
  image[19] = 1;
  const db = new Database(image, { readonly: true });
  guarded(db, absolute, () => refuseForeignDatabase(db, absolute, { allowEmpty: false }));
  return { db, path: absolute };
}

function openDatabase(absolute: string, options: Database.Options): Database.Database {
  try {
    return new Database(absolute, options);
  } catch (error) {
    throw new Error(`${absolute}: cannot open the database: ${(error as Error).message}`);
  }
}

/** Runs the checks and setup of an open; on failure closes the file and names it in the error. */
function guarded(db: Database.Database, absolute: string, setUp: () => void): void {
  try {
    setUp();
  } catch (error) {
    db.close();
    const message = (error as Error).message;
    // The SQLite error code is kept: a reader may try another way for an I/O error.
    throw Object.assign(new Error(message.startsWith(absolute) ? message : `${absolute}: ${message}`), { code: (error as { code?: unknown }).code });
  }
}

/**
 * Refuses, before anything is written, a file that another program made: SQLite tables but no
 * Fluke schema version, or a schema version without Fluke's tables. Also refuses a schema
 * newer than this fluke (its tables may have changed), and (when reading only) an empty file.
 */
function refuseForeignDatabase(db: Database.Database, absolute: string, options: { allowEmpty: boolean }): void {
  // One read transaction: another process may be creating the schema meanwhile.
  const { version, tables } = db.transaction(() => ({
    version: schemaVersionOf(db),
    tables: (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((row) => row.name),
  }))();
  if (version > currentSchemaVersion) {
    throw new Error(`${absolute}: database schema version ${version} is newer than this fluke understands (${currentSchemaVersion}); update fluke`);
  }
  const foreign = version === 0 ? tables.length > 0 : !(tables.includes('runs') && tables.includes('experiments'));
  if (foreign) {
    const shown = tables.length > 8 ? `${tables.slice(0, 8).join(', ')}, …` : tables.join(', ');
    throw new Error(
      `${absolute}: not a Fluke database (schema version ${version}, tables: ${shown || 'none'}); it was left unchanged. Pass --db with a Fluke database or a new file name`,
    );
  }
  if (version === 0 && !options.allowEmpty) throw new Error(`${absolute}: the database is empty (no Fluke schema yet): nothing to read`);
}

/**
 * Switching into WAL needs the file to itself for a moment, and SQLite answers SQLITE_BUSY at
 * once, without its busy handler, when another process holds a lock then (its migration, or
 * the checkpoint it runs when it closes). So the switch waits and retries, up to the busy timeout.
 */
function switchToWal(db: Database.Database, busyTimeoutMs: number): void {
  const deadline = Date.now() + busyTimeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 1; ; attempt++) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
      Atomics.wait(pause, 0, 0, Math.min(5 * attempt, 100));
    }
  }
}

export function closeStore(store: Store): void {
  store.db.close();
}

export function storeSchemaVersion(store: Store): number {
  return schemaVersionOf(store.db);
}
