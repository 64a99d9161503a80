import type { ExperimentConfig } from '../protocol/experiment';
import type { RunRecord, RunStatus } from '../protocol/records';
import type { Store } from './openStore';

interface RunRow {
  id: number;
  experiment_id: number;
  experiment_path: string;
  name: string;
  config: string;
  grid_values: string;
  status: RunStatus;
  pid: number | null;
  host: string | null;
  backend: string | null;
  seed: number;
  epochs: number;
  last_epoch: number | null;
  best_recall_at_1: number | null;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  error: string | null;
  job_id: string | null;
  job_state: string | null;
  job_reason: string | null;
  job_output: string | null;
}

const selectRuns = `
  SELECT r.id, r.experiment_id, e.path AS experiment_path, r.name, r.config, r.grid_values, r.status,
         r.pid, r.host, r.backend, r.seed, r.epochs, r.created_at, r.started_at, r.ended_at, r.error,
         (SELECT MAX(epoch) FROM epochs WHERE run_id = r.id) AS last_epoch,
         (SELECT MAX(json_extract(recall_at_k, '$."1"')) FROM metrics WHERE run_id = r.id) AS best_recall_at_1,
         j.array_job_id || '_' || j.array_task_id AS job_id, j.state AS job_state, j.reason AS job_reason, j.output_path AS job_output
  FROM runs r JOIN experiments e ON e.id = r.experiment_id LEFT JOIN slurm_jobs j ON j.run_id = r.id`;

function toRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    experimentId: row.experiment_id,
    experimentPath: row.experiment_path,
    name: row.name,
    config: JSON.parse(row.config) as ExperimentConfig,
    gridValues: JSON.parse(row.grid_values) as RunRecord['gridValues'],
    status: row.status,
    pid: row.pid,
    host: row.host,
    backend: row.backend,
    seed: row.seed,
    epochs: row.epochs,
    lastEpoch: row.last_epoch ?? 0,
    bestRecallAt1: row.best_recall_at_1,
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    error: row.error,
    slurmJob: row.job_id === null ? null : { jobId: row.job_id, state: row.job_state!, reason: row.job_reason, outputPath: row.job_output! },
  };
}

export interface NewRun {
  experimentId: number;
  name: string;
  config: ExperimentConfig;
  gridValues: RunRecord['gridValues'];
  /** The process that will train it, so a queued run of a dead process is found too. */
  pid: number | null;
  host: string | null;
  processIdentity: string | null;
}

export function createRun(store: Store, run: NewRun): RunRecord {
  const now = new Date().toISOString();
  const { lastInsertRowid } = store.db
    .prepare(
      `INSERT INTO runs (experiment_id, name, config, grid_values, status, pid, host, process_identity, seed, epochs, created_at, heartbeat_at)
       VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      run.experimentId,
      run.name,
      JSON.stringify(run.config),
      JSON.stringify(run.gridValues),
      run.pid,
      run.host,
      run.processIdentity,
      run.config.runtime.seed,
      run.config.epochs,
      now,
      run.pid === null ? null : now,
    );
  return getRun(store, Number(lastInsertRowid))!;
}

export function getRun(store: Store, runId: number): RunRecord | null {
  const row = store.db.prepare(`${selectRuns} WHERE r.id = ?`).get(runId) as RunRow | undefined;
  return row ? toRecord(row) : null;
}

/** Runs newest first; only those of one experiment file when its absolute path is given. */
export function listRuns(store: Store, experimentPath?: string): RunRecord[] {
  const rows = (
    experimentPath === undefined
      ? store.db.prepare(`${selectRuns} ORDER BY r.id DESC`).all()
      : store.db.prepare(`${selectRuns} WHERE e.path = ? ORDER BY r.id DESC`).all(experimentPath)
  ) as RunRow[];
  return rows.map(toRecord);
}

export interface RunProcess {
  pid: number;
  host: string;
  processIdentity: string | null;
  backend: string;
}

/**
 * A process starts (or resumes) training a run. The claim is atomic: it succeeds only while
 * the run is in one of `from` (queued for a new run; stopped or crashed for a resume), so
 * two processes resuming the same run cannot both train it. Returns whether it claimed it.
 */
export function markRunRunning(store: Store, runId: number, process: RunProcess, from: readonly RunStatus[] = ['queued']): boolean {
  const now = new Date().toISOString();
  const { changes } = store.db
    .prepare(
      `UPDATE runs SET status = 'running', pid = ?, host = ?, process_identity = ?, backend = ?,
         started_at = COALESCE(started_at, ?), heartbeat_at = ?, ended_at = NULL, error = NULL
       WHERE id = ? AND status IN (SELECT value FROM json_each(?))`,
    )
    .run(process.pid, process.host, process.processIdentity, process.backend, now, now, runId, JSON.stringify(from));
  return changes > 0;
}

/**
 * The training process is alive: stamps its queued and running runs, so that another host
 * can tell them from runs whose host died (see reconcileRuns).
 */
export function touchRunHeartbeats(store: Store, pid: number, host: string): void {
  store.db
    .prepare("UPDATE runs SET heartbeat_at = ? WHERE pid = ? AND host = ? AND status IN ('queued', 'running')")
    .run(new Date().toISOString(), pid, host);
}

/** The run ended; `backend` is what the trainer actually used (when known). */
export function markRunEnded(store: Store, runId: number, status: RunStatus, error: string | null, backend?: string): void {
  store.db
    .prepare(`UPDATE runs SET status = ?, error = ?, ended_at = ?, backend = COALESCE(?, backend) WHERE id = ?`)
    .run(status, error, new Date().toISOString(), backend ?? null, runId);
}

/** Deletes a run and everything it wrote (foreign keys cascade). */
export function deleteRun(store: Store, runId: number): boolean {
  return store.db.prepare('DELETE FROM runs WHERE id = ?').run(runId).changes > 0;
}

/** A snapshot of what changes when a run progresses, to tell which runs changed. */
export function runChangeStamps(store: Store): Map<number, string> {
  const rows = store.db
    .prepare(
      `SELECT r.id, r.status || '|' || COALESCE(r.pid, '') || '|' || COALESCE(r.ended_at, '') || '|' ||
              COALESCE((SELECT MAX(epoch) FROM epochs WHERE run_id = r.id), 0) || '|' ||
              COALESCE((SELECT MAX(epoch) FROM metrics WHERE run_id = r.id), 0) || '|' ||
              (SELECT COUNT(*) FROM clusterings WHERE run_id = r.id) AS stamp
       FROM runs r`,
    )
    .all() as Array<{ id: number; stamp: string }>;
  return new Map(rows.map((row) => [row.id, row.stamp]));
}
