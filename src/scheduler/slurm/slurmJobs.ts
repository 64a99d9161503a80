import type { RunStatus } from '../../protocol/records';
import type { Store } from '../../store/openStore';

/** The Slurm job (array task) of a run, as stored by fluke submit and kept current by serve. */
export interface SlurmJobRow {
  runId: number;
  arrayJobId: string;
  arrayTaskId: number;
  /** `<array job id>_<task>`, the id squeue and scancel use. */
  jobId: string;
  outputPath: string;
  state: string;
  reason: string | null;
  runStatus: RunStatus;
}

interface Row {
  run_id: number;
  array_job_id: string;
  array_task_id: number;
  output_path: string;
  state: string;
  reason: string | null;
  status: RunStatus;
}

const select = `SELECT j.run_id, j.array_job_id, j.array_task_id, j.output_path, j.state, j.reason, r.status
  FROM slurm_jobs j JOIN runs r ON r.id = j.run_id`;

function toJob(row: Row): SlurmJobRow {
  return {
    runId: row.run_id,
    arrayJobId: row.array_job_id,
    arrayTaskId: row.array_task_id,
    jobId: `${row.array_job_id}_${row.array_task_id}`,
    outputPath: row.output_path,
    state: row.state,
    reason: row.reason,
    runStatus: row.status,
  };
}

/** Records (or, on resubmission, replaces) the job of a run. */
export function recordSlurmJob(store: Store, job: { runId: number; arrayJobId: string; arrayTaskId: number; outputPath: string }): void {
  const now = new Date().toISOString();
  store.db
    .prepare(
      `INSERT OR REPLACE INTO slurm_jobs (run_id, array_job_id, array_task_id, output_path, state, reason, submitted_at, updated_at)
       VALUES (?, ?, ?, ?, 'PENDING', NULL, ?, ?)`,
    )
    .run(job.runId, job.arrayJobId, job.arrayTaskId, job.outputPath, now, now);
}

export function getSlurmJob(store: Store, runId: number): SlurmJobRow | null {
  const row = store.db.prepare(`${select} WHERE j.run_id = ?`).get(runId) as Row | undefined;
  return row ? toJob(row) : null;
}

/** Jobs whose run or whose scheduler state may still change. */
export function listFollowedSlurmJobs(store: Store): SlurmJobRow[] {
  const rows = store.db
    .prepare(`${select} WHERE r.status IN ('queued', 'running') OR j.state IN ('PENDING', 'RUNNING', 'REQUEUED', 'COMPLETING', 'CONFIGURING', 'SUSPENDED') ORDER BY j.run_id`)
    .all() as Row[];
  return rows.map(toJob);
}

/**
 * Runs whose job logs may hold records not yet ingested: those still queued or running, and
 * those whose job changed state lately (a job's last records can follow the scheduler's
 * CANCELLED or TIMEOUT). Old finished runs are left alone: no file is opened for them.
 */
export function listRunsToIngest(store: Store, now: Date = new Date(), recentMs = 10 * 60 * 1000): number[] {
  const since = new Date(now.getTime() - recentMs).toISOString();
  const rows = store.db
    .prepare(`SELECT j.run_id FROM slurm_jobs j JOIN runs r ON r.id = j.run_id WHERE r.status IN ('queued', 'running') OR j.updated_at >= ? ORDER BY j.run_id`)
    .all(since) as Array<{ run_id: number }>;
  return rows.map((row) => row.run_id);
}

export function updateSlurmJobState(store: Store, runId: number, state: string, reason: string | null): boolean {
  return (
    store.db
      .prepare('UPDATE slurm_jobs SET state = ?, reason = ?, updated_at = ? WHERE run_id = ? AND (state IS NOT ? OR reason IS NOT ?)')
      .run(state, reason, new Date().toISOString(), runId, state, reason).changes > 0
  );
}
