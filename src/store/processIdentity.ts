import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who a process is, beyond its pid: the boot id and the process start time (field 22 of
 * /proc/<pid>/stat, in clock ticks since boot). A pid reused by another process after a
 * crash, or after a reboot, gives a different identity. Null where /proc is missing.
 */
export function processIdentity(pid: number): string | null {
  try {
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: split after it.
    const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const startTime = afterName[19];
    return startTime ? `${bootId}:${startTime}` : null;
  } catch {
    return null;
  }
}

export function currentHost(): string {
  return hostname();
}

/**
 * Whether the process that claimed a run still runs on this host. Without a stored
 * identity (or without /proc) it falls back to asking whether the pid exists.
 */
export function isProcessAlive(pid: number, storedIdentity: string | null): boolean {
  if (storedIdentity !== null) {
    const now = processIdentity(pid);
    if (now !== null || process.platform === 'linux') return now === storedIdentity;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
