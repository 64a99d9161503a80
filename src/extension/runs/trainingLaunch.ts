import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BackendName } from '../../protocol/experiment';
import { trainingProcessEnvironment } from '../../engine/backends/tensorflowInstall/trainingProcessEnvironment';

export interface TrainArguments {
  experimentPath: string;
  databasePath: string;
  gridIndex: number | null;
  resumeRunId: number | null;
  /** `fluke.backend` when it overrides the experiment's `runtime.backend`; null = the file decides. */
  backend: BackendName | null;
}

/**
 * The `fluke train` command line (after `node dist/cli.js`). A resume names only the run:
 * its stored config is what it continues with, whatever the file says now.
 */
export function trainCommandArguments(args: TrainArguments): string[] {
  if (args.resumeRunId !== null) return ['train', '--resume', String(args.resumeRunId), '--db', args.databasePath];
  const result = ['train', args.experimentPath, '--db', args.databasePath];
  if (args.gridIndex !== null) result.push('--grid-index', String(args.gridIndex));
  if (args.backend !== null) result.push('--backend', args.backend);
  return result;
}

export interface TrainingLaunch {
  nodePath: string;
  cliPath: string;
  args: string[];
  cwd: string;
  /** stdout and stderr go here (appended), so the log outlives the window that started it. */
  logPath: string;
}

/**
 * Starts a training process detached in its own process group, its output in a log file
 * rather than a pipe: a window reload then neither kills it nor loses its output.
 * Resolves once the process exists; rejects when it cannot start (e.g. no such Node).
 */
export function launchTraining(launch: TrainingLaunch): Promise<ChildProcess> {
  mkdirSync(dirname(launch.logPath), { recursive: true });
  const output = openSync(launch.logPath, 'a');
  try {
    const child = spawn(launch.nodePath, [launch.cliPath, ...launch.args], {
      cwd: launch.cwd,
      env: trainingProcessEnvironment(),
      detached: true,
      stdio: ['ignore', output, output],
      windowsHide: true,
    });
    return new Promise((resolve, reject) => {
      child.once('spawn', () => resolve(child));
      child.once('error', (error) => reject(describeSpawnError(error, launch.nodePath)));
    });
  } finally {
    closeSync(output);
  }
}

function describeSpawnError(error: Error, nodePath: string): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return new Error(`Node.js not found: "${nodePath}" (setting fluke.nodePath). Install Node 20 or set fluke.nodePath to its full path.`);
  }
  return new Error(`could not start "${nodePath}": ${error.message}`);
}
