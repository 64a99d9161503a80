import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { defaultStorePath, openStore, type Store } from '../store/openStore';
import { CliError } from './cliErrors';
import { rememberStorePath, storeFailureMessage } from './storeFailure';

/** The database a command uses: --db, else $FLUKE_DB, else .fluke/fluke.db in the current folder (remembered, so SQLite errors name it). */
export function storePathFrom(dbFlag: string | undefined): string {
  const path = dbFlag !== undefined ? resolve(dbFlag) : process.env.FLUKE_DB ? resolve(process.env.FLUKE_DB) : defaultStorePath(process.cwd());
  rememberStorePath(path);
  return path;
}

export const dbFlagSpec = { type: 'string', valueName: 'PATH', description: 'Database file (default: $FLUKE_DB, else .fluke/fluke.db in the current folder).' } as const;

/** Opens the database for a command that only reads what runs wrote: a missing file is an error, not a new database. */
export function openExistingStore(path: string): Store {
  if (!existsSync(path)) throw new CliError(`no database at ${path} (train a run first, or pass --db PATH)`);
  return openStoreForCli(path);
}

/** openStore with its errors (not a database, newer schema) as CliError naming the file. */
export function openStoreForCli(path: string): Store {
  try {
    return openStore(path);
  } catch (error) {
    throw new CliError(storeFailureMessage(error) ?? (error as Error).message);
  }
}

/** Where `fluke train` writes a run's checkpoints: beside the database, one folder per run. */
export function runCheckpointDir(storePath: string, runId: number): string {
  return join(dirname(storePath), 'checkpoints', `run-${runId}`);
}
