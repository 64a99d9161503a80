import * as vscode from 'vscode';
import { isBackendName, type BackendName } from '../protocol/experiment';
import { resolveDatabasePath } from './runs/storePaths';

export interface FlukeSettings {
  nodePath: string;
  /** Absolute path of the run store. */
  databasePath: string;
  maxConcurrentRuns: number;
  /** `fluke.backend`: null ("experiment") leaves `runtime.backend` of the file as it is. */
  backend: BackendName | null;
  /** The first workspace folder (where runs start and the store lives); null with no folder open. */
  workspaceFolder: string | null;
}

/**
 * The `fluke.*` settings. `fluke.nodePath` and `fluke.database` are restricted
 * configurations: in Restricted Mode VS Code ignores their workspace values, so an untrusted
 * folder cannot choose the program the extension runs nor the file it opens.
 */
export function readFlukeSettings(context: vscode.ExtensionContext): FlukeSettings {
  const config = vscode.workspace.getConfiguration('fluke');
  const folder = vscode.workspace.workspaceFolders?.find((candidate) => candidate.uri.scheme === 'file')?.uri.fsPath ?? null;
  // With no folder open there is nothing to train, but panels restored from a previous session still need a store.
  const base = folder ?? context.globalStorageUri.fsPath;
  return {
    nodePath: config.get<string>('nodePath', 'node').trim() || 'node',
    databasePath: resolveDatabasePath(config.get<string>('database', '.fluke/fluke.db'), base),
    maxConcurrentRuns: config.get<number>('maxConcurrentRuns', 1),
    backend: backendOverride(config.get<string>('backend', 'experiment')),
    workspaceFolder: folder,
  };
}

function backendOverride(value: string): BackendName | null {
  return isBackendName(value) ? value : null;
}
