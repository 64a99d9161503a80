import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { migrate, schemaVersionOf } from './migrations';
import { reconcileRuns } from './reconcileRuns';
import type { Store } from './store';

export type { Store } from './store';

export interface OpenStoreOptions {
  /** Mark runs whose process is gone as crashed (default true). */
  reconcile?: boolean;
  /** How long a writer waits for another process's lock, in ms (default 15 s). */
  busyTimeoutMs?: number;
}

/** The database of a workspace: `<workspace>/.fluke/fluke.db`. */
export function defaultStorePath(workspaceDir: string): string {
  return join(resolve(workspaceDir), '.fluke', 'fluke.db');
}

/**
 * Opens (creating if needed) a database file: WAL so readers never block the trainer,
 * a busy timeout so two training processes can write the same file, foreign keys on,
 * migrations applied, and runs left behind by dead processes marked crashed.
 */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  const absolute = resolve(path);
  mkdirSync(dirname(absolute), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(absolute, { timeout: options.busyTimeoutMs ?? 15_000 });
  } catch (error) {
    throw new Error(`${absolute}: cannot open the database: ${(error as Error).message}`);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    migrate(db, absolute);
  } catch (error) {
    db.close();
    const message = (error as Error).message;
    throw new Error(message.startsWith(absolute) ? message : `${absolute}: ${message}`);
  }
  const store: Store = { db, path: absolute };
  if (options.reconcile ?? true) reconcileRuns(store);
  return store;
}

export function closeStore(store: Store): void {
  store.db.close();
}

export function storeSchemaVersion(store: Store): number {
  return schemaVersionOf(store.db);
}
