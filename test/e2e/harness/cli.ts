/** The `fluke` CLI of this checkout (dist/cli.js), to prepare workspaces and read the store back. */
import { spawnSync } from 'node:child_process';
import { cliPath } from './paths';

export function runCli(args: string[], cwd: string, timeoutMs = 300_000): string {
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', timeout: timeoutMs });
  if (result.status !== 0) {
    throw new Error(`fluke ${args.join(' ')} failed (exit ${result.status ?? result.signal}) in ${cwd}:\n${result.stderr}\n${result.stdout}`.trim());
  }
  return result.stdout;
}

export function runCliJson<T>(args: string[], cwd: string): T {
  const stdout = runCli(args, cwd);
  try {
    return JSON.parse(stdout) as T;
  } catch {
    throw new Error(`fluke ${args.join(' ')} did not print JSON:\n${stdout.slice(0, 2000)}`);
  }
}
