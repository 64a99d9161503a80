import { dirname, isAbsolute, join, resolve } from 'node:path';

/** The `fluke.database` setting resolved against the workspace folder. */
export function resolveDatabasePath(setting: string, workspaceFolder: string): string {
  const value = setting.trim() === '' ? '.fluke/fluke.db' : setting.trim();
  return isAbsolute(value) ? value : resolve(workspaceFolder, value);
}

/** Training logs live beside the store, so every window using the store finds them. */
export function logsFolderOf(databasePath: string): string {
  return join(dirname(databasePath), 'logs');
}

/**
 * A run's log, in a folder named by the database's own id (`store/info`): two databases in
 * one folder never share `run-N.log`, as they never share checkpoints.
 */
export function runLogPath(databasePath: string, storeId: string, runId: number): string {
  return join(logsFolderOf(databasePath), storeId, `run-${runId}.log`);
}
