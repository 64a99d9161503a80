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

export function runLogPath(databasePath: string, runId: number): string {
  return join(logsFolderOf(databasePath), `run-${runId}.log`);
}
