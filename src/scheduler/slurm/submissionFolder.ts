import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { Store } from '../../store/openStore';
import { storeId } from '../../store/storeIdentity';

/** Where a database's job arrays keep their folders: beside it, under its own id (two databases in one folder never share one). */
function submissionsRoot(store: Store): string {
  return join(dirname(store.path), 'slurm', storeId(store));
}

/**
 * A new, empty folder for a job array, named by its first run. A folder of that name already
 * there (its run deleted and the id given again by SQLite) is never reused: its log would be
 * taken in as the new run's.
 */
export function claimSubmissionFolder(store: Store, firstRunId: number): string {
  const root = submissionsRoot(store);
  mkdirSync(root, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    const folder = join(root, attempt === 1 ? `runs-${firstRunId}` : `runs-${firstRunId}-${attempt}`);
    try {
      mkdirSync(folder);
      return folder;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** A job array task's folder: its run, its log, its checkpoints, its output. */
export function taskFolder(submissionFolder: string, taskIndex: number): string {
  return join(submissionFolder, `task-${taskIndex}`);
}

/**
 * Removes the folder of the task that trained `runLogPath`'s run (checkpoints included), and its
 * job array's folder once no task is left. Only inside this database's own submissions: a
 * database copied from another, or one whose rows name other places, removes nothing there.
 */
export function removeTaskFolder(store: Store, runLogPath: string): void {
  const root = submissionsRoot(store);
  const task = dirname(runLogPath);
  const submission = dirname(task);
  const inside = relative(root, submission);
  if (inside === '' || inside.startsWith('..') || inside.includes(sep) || !/^task-\d+$/.test(relative(submission, task))) return;
  rmSync(task, { recursive: true, force: true });
  const left = readdirSync(submission, { withFileTypes: true }).filter((entry) => entry.isDirectory() && /^task-\d+$/.test(entry.name));
  if (left.length === 0) rmSync(submission, { recursive: true, force: true });
}
