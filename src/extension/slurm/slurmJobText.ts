import type { RunRecord } from '../../protocol/records';

/** Ends the scheduler decided, worth naming beside the run's own state. */
const schedulerDecidedStates = new Set(['TIMEOUT', 'OUT_OF_MEMORY', 'NODE_FAIL', 'PREEMPTED', 'CANCELLED', 'FAILED', 'BOOT_FAIL', 'DEADLINE']);

/**
 * What the tree says about a run's Slurm job: its id, and while it waits the scheduler's
 * reason (Priority, Resources, ...); after it ended, the state when it is not the run's
 * own word (TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, PREEMPTED, CANCELLED). Null for a local run.
 */
export function slurmJobSummary(run: RunRecord): string | null {
  const job = run.slurmJob;
  if (!job) return null;
  if (run.status === 'queued') return `job ${job.jobId} ${job.state.toLowerCase()}${job.reason ? ` (${job.reason})` : ''}`;
  if (run.status === 'running' || !schedulerDecidedStates.has(job.state)) return `job ${job.jobId}`;
  return `job ${job.jobId} ${job.state}`;
}

/** The status bar's count of the workspace's Slurm jobs that wait or run; null when none. */
export function slurmStatusText(runs: RunRecord[]): { text: string; tooltip: string } | null {
  const jobs = runs.filter((run) => run.slurmJob && (run.status === 'queued' || run.status === 'running'));
  if (jobs.length === 0) return null;
  const queued = jobs.filter((run) => run.status === 'queued').length;
  const running = jobs.length - queued;
  return {
    text: `$(server-process) Slurm: ${queued} queued, ${running} running`,
    tooltip: jobs.map((run) => `${run.name}: ${slurmJobSummary(run)}`).join('\n'),
  };
}
