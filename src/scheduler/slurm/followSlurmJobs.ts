import type { Store } from '../../store/openStore';
import { getRun } from '../../store/runs';
import { ingestRunLogs } from '../ingest/ingestRunLog';
import { runStateFromScheduler, parseSchedulerLines, type SchedulerJob } from './schedulerState';
import { runSlurmCommand, SlurmCommandError } from './slurmCommand';
import { listFollowedSlurmJobs, listRunsToIngest, updateSlurmJobState } from './slurmJobs';

/**
 * The scheduler's view of jobs: squeue (it has the pending reason, and ended jobs for
 * MinJobAge), then sacct for those squeue no longer knows, where accounting is set up.
 */
export async function querySchedulerJobs(jobIds: string[]): Promise<Map<string, SchedulerJob>> {
  const found = new Map<string, SchedulerJob>();
  if (jobIds.length === 0) return found;
  const queue = await runSlurmCommand('squeue', ['--me', '-h', '-r', '-t', 'all', '-o', '%i|%T|%r']);
  for (const job of parseSchedulerLines(queue.stdout)) found.set(job.jobId, job);
  const missing = jobIds.filter((id) => !found.has(id));
  if (missing.length > 0) {
    try {
      const accounting = await runSlurmCommand('sacct', ['-n', '-P', '-X', '-S', 'now-30days', '-j', missing.join(','), '-o', 'JobID,State,Reason,ExitCode']);
      for (const job of parseSchedulerLines(accounting.stdout)) if (!found.has(job.jobId)) found.set(job.jobId, job);
    } catch (error) {
      // No accounting on this cluster ("accounting storage is disabled"): squeue is all there is.
      if (!(error instanceof SlurmCommandError) || error.notFound) throw error;
    }
  }
  return found;
}

export interface FollowResult {
  /** Runs whose state, job state or results changed. */
  changed: number[];
  errors: string[];
}

/**
 * One round of following the workspace's Slurm jobs: ask the scheduler first, then take
 * in what the jobs' logs hold, then let the scheduler's state decide what the logs cannot
 * (requeued, cancelled before starting, timed out, out of memory, node failure). Asking
 * first matters: a job the scheduler reports ended wrote its log before it ended, so the
 * ingest that follows has its last record.
 */
export async function followSlurmJobs(store: Store, query: (jobIds: string[]) => Promise<Map<string, SchedulerJob>> = querySchedulerJobs): Promise<FollowResult> {
  const errors: string[] = [];
  const followed = listFollowedSlurmJobs(store);
  const toIngest = listRunsToIngest(store);
  if (followed.length === 0 && toIngest.length === 0) return { changed: [], errors };
  let scheduler: Map<string, SchedulerJob> | null = null;
  try {
    scheduler = followed.length === 0 ? new Map() : await query(followed.map((job) => job.jobId));
  } catch (error) {
    errors.push((error as Error).message);
  }
  const changed = new Set(ingestRunLogs(store, toIngest, (runId, error) => errors.push(`run ${runId}: ${error.message}`)));
  if (scheduler === null) return { changed: [...changed], errors };
  for (const job of followed) {
    const seen = scheduler.get(job.jobId);
    const current = getRun(store, job.runId);
    if (!current) continue;
    if (!seen) {
      // Forgotten by the scheduler (past MinJobAge, no accounting): the log, ingested above, is all there is.
      if (current.status === 'queued' || current.status === 'running') {
        store.db.prepare("UPDATE runs SET status = 'crashed', ended_at = ?, error = ? WHERE id = ?").run(new Date().toISOString(), `the scheduler no longer knows Slurm job ${job.jobId} and its log did not end the run; see ${job.outputPath}`, job.runId);
      }
      if (updateSlurmJobState(store, job.runId, 'UNKNOWN', null)) changed.add(job.runId);
      continue;
    }
    if (updateSlurmJobState(store, job.runId, seen.state, seen.reason)) changed.add(job.runId);
    const next = runStateFromScheduler(seen, current.status, job.outputPath);
    if (next && (next.status !== current.status || next.error !== current.error)) {
      const ended = next.status === 'queued' || next.status === 'running' ? null : new Date().toISOString();
      store.db.prepare('UPDATE runs SET status = ?, error = ?, ended_at = ? WHERE id = ?').run(next.status, next.error, ended, job.runId);
      changed.add(job.runId);
    }
  }
  return { changed: [...changed].sort((a, b) => a - b), errors };
}
