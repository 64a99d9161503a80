import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { currentSchemaVersion } from '../store/migrations';
import { defaultStorePath, openEmptyStoreInMemory, openStore, openStoreReadOnly, storeSchemaVersion, type Store } from '../store/openStore';
import { storeId } from '../store/storeIdentity';
import { CliError } from './cliErrors';

/** The database a command uses: --db, else $FLUKE_DB, else .fluke/fluke.db in the current folder. */
export function storePathFrom(dbFlag: string | undefined): string {
  if (dbFlag !== undefined) return resolve(dbFlag);
  if (process.env.FLUKE_DB) return resolve(process.env.FLUKE_DB);
  return defaultStorePath(process.cwd());
}

export const dbFlagSpec = { type: 'string', valueName: 'PATH', description: 'Database file (default: $FLUKE_DB, else .fluke/fluke.db in the current folder).' } as const;

/**
 * Opens the database for a command that only reads what runs wrote: a missing file is an
 * error, not a new database, and a file that is not Fluke's is refused unchanged. A database
 * of the current schema is opened read-only (so reading works on a full disk); an older one
 * is migrated first, as any other open would.
 */
export function openExistingStore(path: string): Store {
  requireExistingStore(path);
  openedStorePath = resolve(path);
  let store: Store;
  try {
    store = openStoreReadOnly(path);
  } catch (error) {
    throw new CliError(storeFailureMessage(error) ?? (error as Error).message);
  }
  if (storeSchemaVersion(store) === currentSchemaVersion) return store;
  store.db.close();
  return openStoreForCli(path);
}

/**
 * Opens the database for `fluke serve --read-only` (Restricted Mode), writing nothing: no
 * upgrade of an older schema, no WAL switch, no reconcile, no new file. A missing file reads as
 * an empty database, so the view can be browsed before anything was trained.
 */
export function openStoreWithoutWriting(path: string): Store {
  openedStorePath = resolve(path);
  if (!existsSync(path)) return openEmptyStoreInMemory(path);
  let store: Store;
  try {
    store = openStoreReadOnly(path);
  } catch (error) {
    throw new CliError(storeFailureMessage(error) ?? (error as Error).message);
  }
  const version = storeSchemaVersion(store);
  if (version === currentSchemaVersion) return store;
  store.db.close();
  throw new CliError(`${resolve(path)}: schema version ${version} is older than this Fluke's (${currentSchemaVersion}); a read-only open does not upgrade it: trust the workspace (or run any fluke command on it) to upgrade`);
}

/** Opens an existing database to change what is in it (resubmit a run): a missing file is an error, not a new database. */
export function openExistingStoreForWriting(path: string): Store {
  requireExistingStore(path);
  return openStoreForCli(path);
}

function requireExistingStore(path: string): void {
  if (!existsSync(path)) throw new CliError(`no database at ${path} (train a run first, or pass --db PATH)`);
}

/** The database this process opened last: a SQLite error met later, in any query, names it. */
let openedStorePath: string | null = null;

/** openStore with its errors (not a database, newer schema, damaged) as CliError naming the file. */
export function openStoreForCli(path: string): Store {
  openedStorePath = resolve(path);
  try {
    return openStore(path);
  } catch (error) {
    throw new CliError(storeFailureMessage(error) ?? (error as Error).message);
  }
}

/**
 * A SQLite error (better-sqlite3's SqliteError) as one line naming the database file, with a
 * hint for a damaged one; null for any other error. A file damaged mid-way opens fine and
 * fails only in the query that reads the damaged page.
 */
export function storeFailureMessage(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (!(error instanceof Error) || typeof code !== 'string' || !code.startsWith('SQLITE_') || openedStorePath === null) return null;
  const damaged = code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB');
  const hint = damaged ? ' (the file is damaged: restore it from a backup, or move it aside to start a new database)' : '';
  // Errors from opening the store already name the file.
  const named = error.message.startsWith(openedStorePath) ? error.message : `${openedStorePath}: ${error.message}`;
  return `${named}${hint}`;
}

/**
 * Where `fluke train` writes a run's checkpoints: beside the database, in a folder named by the
 * database's own id (two databases in one folder never share one), one folder per run.
 */
export function runCheckpointDir(store: Store, runId: number): string {
  return join(dirname(store.path), 'checkpoints', storeId(store), `run-${runId}`);
}
