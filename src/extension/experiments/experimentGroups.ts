import type { RunRecord } from '../../protocol/records';
import type { ActiveRun } from '../runs/runManager';

export interface PendingRunRow {
  key: string;
  label: string;
  experimentPath: string | null;
  state: 'queued' | 'starting';
  /** Place in the queue (1 = next), for queued runs. */
  position: number | null;
}

export interface ExperimentGroup {
  experimentPath: string;
  /** False for runs whose experiment file is gone: they stay visible under its old path. */
  exists: boolean;
  gridRuns: number;
  /** Runs the extension queued or is starting that the store does not hold yet, first. */
  pending: PendingRunRow[];
  /** The store's runs of this file, in the store's order (newest first). */
  runs: RunRecord[];
}

/**
 * The Experiments view's content: every experiment file, every experiment path the store
 * has runs for, and the runs the extension is about to start, grouped by file.
 */
export function groupExperiments(files: ReadonlyMap<string, { gridRuns: number }>, runs: RunRecord[], active: ActiveRun[]): ExperimentGroup[] {
  const stored = new Set(runs.map((run) => run.id));
  const paths = new Set([...files.keys(), ...runs.map((run) => run.experimentPath)]);
  for (const run of active) if (run.experimentPath) paths.add(run.experimentPath);
  let position = 0;
  const pending: PendingRunRow[] = active
    .filter((run) => run.runId === null || !stored.has(run.runId))
    .map((run) => ({
      key: run.key,
      label: run.label,
      experimentPath: run.experimentPath,
      state: run.state === 'queued' ? 'queued' : 'starting',
      position: run.state === 'queued' ? ++position : null,
    }));
  return [...paths].sort().map((experimentPath) => ({
    experimentPath,
    exists: files.has(experimentPath),
    gridRuns: files.get(experimentPath)?.gridRuns ?? 0,
    pending: pending.filter((row) => row.experimentPath === experimentPath),
    runs: runs.filter((run) => run.experimentPath === experimentPath),
  }));
}
