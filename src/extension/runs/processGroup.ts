/**
 * Liveness and stopping of training processes by pid. Training processes are spawned
 * detached, so each leads its own process group: stopping the group also stops anything
 * the trainer started (worker threads are in-process, but a wasm thread pool or a shell
 * wrapper would not be).
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else; still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type StopOutcome = 'not-running' | 'terminated' | 'killed';

export interface StopOptions {
  /** Time the trainer gets after SIGTERM to write its checkpoint and status. */
  graceMs?: number;
  pollMs?: number;
}

export async function stopProcessGroup(pid: number, options: StopOptions = {}): Promise<StopOutcome> {
  const graceMs = options.graceMs ?? 10_000;
  const pollMs = options.pollMs ?? 100;
  if (!isProcessAlive(pid)) return 'not-running';
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await delay(pollMs);
    if (!isProcessAlive(pid)) return 'terminated';
  }
  signalGroup(pid, 'SIGKILL');
  while (isProcessAlive(pid)) await delay(pollMs);
  return 'killed';
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, signal);
  } catch {
    // Not a group leader (a run started some other way): signal the process alone.
    try {
      process.kill(pid, signal);
    } catch {
      // Gone in between: nothing left to stop.
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
