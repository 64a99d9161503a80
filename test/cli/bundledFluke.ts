/**
 * Runs the real bundled `fluke` (dist/cli.js) as a child process for the CLI and lifecycle
 * tests, building it first when any source is newer than the bundle.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrainerEvent, type TrainerEvent } from '../../src/protocol/trainerEvents';

export const repositoryRoot = join(__dirname, '..', '..');
export const cliPath = join(repositoryRoot, 'dist', 'cli.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stats = statSync(path);
    newest = Math.max(newest, stats.isDirectory() ? newestSource(path) : name.endsWith('.ts') || name.endsWith('.json') ? stats.mtimeMs : 0);
  }
  return newest;
}

/** Builds dist/cli.js unless it is newer than every file under src/ and schemas/. */
export function ensureCliBuilt(): void {
  const sources = Math.max(newestSource(join(repositoryRoot, 'src')), newestSource(join(repositoryRoot, 'schemas')));
  if (existsSync(cliPath) && statSync(cliPath).mtimeMs >= sources) return;
  const result = spawnSync(process.execPath, [join(repositoryRoot, 'scripts', 'build.mjs')], { cwd: repositoryRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building dist/cli.js failed (node scripts/build.mjs): ${result.stderr}`);
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function startFluke(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ChildProcess {
  return spawn(process.execPath, [cliPath, ...args], { cwd: options.cwd ?? repositoryRoot, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
}

export function finished(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

export function runFluke(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  const child = startFluke(args, options);
  child.stdin!.end();
  return finished(child);
}

/** Every line of stdout must be a trainer event: nothing else may go there. */
export function trainerEvents(stdout: string): TrainerEvent[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const event = parseTrainerEvent(line);
      if (!event) throw new Error(`fluke train printed a line on stdout that is not a trainer event: ${line}`);
      return event;
    });
}

/** Resolves with the first trainer event the predicate accepts (stdout read line by line). */
export function waitForEvent(child: ChildProcess, accept: (event: TrainerEvent) => boolean): Promise<TrainerEvent> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffer.indexOf('\n')) !== -1) {
        const event = parseTrainerEvent(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        if (event && accept(event)) {
          child.stdout!.off('data', onData);
          resolve(event);
          return;
        }
      }
    };
    child.stdout!.on('data', onData);
    child.on('close', (code) => reject(new Error(`fluke exited (${code}) before the awaited event`)));
  });
}
