/**
 * Finding and ending the processes a scenario started. Every process a scenario starts carries
 * its sandbox marker in its environment (children inherit it), and most name the sandbox folder
 * on their command line (the installed extension's cli.js lives there), so either finds them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { sandboxMarkerVariable } from './paths';

export interface ProcessInfo {
  pid: number;
  commandLine: string;
}

function readProcFile(pid: number, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'latin1');
  } catch {
    return null; // gone meanwhile, or not ours to read
  }
}

/** Live processes (zombies excluded) whose environment holds the marker or whose command line names the folder. */
export function processesOfSandbox(marker: string, folder: string): ProcessInfo[] {
  const needle = `${sandboxMarkerVariable}=${marker}`;
  const found: ProcessInfo[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const stat = readProcFile(pid, 'stat');
    if (stat === null || / Z /.test(stat.slice(stat.lastIndexOf(')')))) continue;
    const commandLine = (readProcFile(pid, 'cmdline') ?? '').split('\0').join(' ').trim();
    const environment = (readProcFile(pid, 'environ') ?? '').split('\0');
    if (environment.includes(needle) || commandLine.includes(folder)) found.push({ pid, commandLine });
  }
  return found;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the whole group, SIGKILL to what is left after `graceMs`. */
export async function killProcessGroup(pgid: number, graceMs = 5000): Promise<void> {
  if (!groupAlive(pgid)) return;
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!groupAlive(pgid)) return;
    await sleep(100);
  }
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Waits up to `timeoutMs` for the sandbox's processes to end; returns those still alive. */
export async function waitForSandboxToEmpty(marker: string, folder: string, timeoutMs: number): Promise<ProcessInfo[]> {
  const deadline = Date.now() + timeoutMs;
  let left = processesOfSandbox(marker, folder);
  while (left.length && Date.now() < deadline) {
    await sleep(200);
    left = processesOfSandbox(marker, folder);
  }
  return left;
}

export function killAll(processes: ProcessInfo[]): void {
  for (const { pid } of processes) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

const exitCleanups = new Set<() => void>();
let exitHandlersInstalled = false;

/**
 * Runs `cleanup` (synchronous: only kills) if this test process exits, or is interrupted,
 * before the scenario's own teardown ran. Returns the function that unregisters it.
 */
export function onProcessExit(cleanup: () => void): () => void {
  if (!exitHandlersInstalled) {
    exitHandlersInstalled = true;
    process.on('exit', () => {
      for (const each of exitCleanups) each();
    });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        for (const each of exitCleanups) each();
        process.exit(130);
      });
    }
  }
  exitCleanups.add(cleanup);
  return () => exitCleanups.delete(cleanup);
}
