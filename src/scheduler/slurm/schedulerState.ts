import type { RunStatus } from '../../protocol/records';

/** A job (array task) as the scheduler reports it. */
export interface SchedulerJob {
  /** `<array job id>_<task index>`. */
  jobId: string;
  /** Slurm's state name: PENDING, RUNNING, COMPLETED, TIMEOUT, OUT_OF_MEMORY, ... */
  state: string;
  /** Why it is pending (Priority, Resources, ...), or null. */
  reason: string | null;
  /** `exit:signal` as Slurm gives it, or null when not known. */
  exitCode: string | null;
}

/**
 * Parses `squeue -h -r -t all -o '%i|%T|%r'` or `sacct -n -P -X -o JobID,State,Reason,ExitCode`
 * lines. sacct writes `CANCELLED by 0` for a cancelled job: the state is the first word.
 */
export function parseSchedulerLines(text: string): SchedulerJob[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [jobId = '', state = '', reason = '', exitCode = ''] = line.split('|');
      return { jobId, state: state.split(' ')[0]!, reason: reason === '' || reason === 'None' ? null : reason, exitCode: exitCode === '' ? null : exitCode };
    });
}

/** Scheduler states in which the job has not ended (it may still run, or run again). */
const waitingStates = new Set(['PENDING', 'REQUEUED', 'REQUEUE_HOLD', 'REQUEUE_FED', 'SUSPENDED', 'RESV_DEL_HOLD']);
const activeStates = new Set(['RUNNING', 'CONFIGURING', 'COMPLETING', 'STAGE_OUT', 'SIGNALING', 'RESIZING']);

export interface RunStateChange {
  status: RunStatus;
  error: string | null;
}

/** Run states the trainer itself decided, which no later scheduler state overrides. */
const trainerEndings: readonly RunStatus[] = ['completed', 'failed', 'diverged', 'timeout'];

/**
 * The run state a scheduler state implies, given the run's state in the store (which the
 * job's log has already brought up to date). Null when the store is right as it is.
 * - waiting again after a stop: the job was requeued (or preempted and requeued), so the run is queued;
 * - ended while the store still says queued or running: the job died without its log saying so;
 * - a stop the scheduler made (TIMEOUT, PREEMPTED, ...) names itself over the log's plain `stopped`.
 */
export function runStateFromScheduler(job: SchedulerJob, current: RunStatus, outputPath: string): RunStateChange | null {
  if (waitingStates.has(job.state)) return current === 'stopped' || current === 'crashed' ? { status: 'queued', error: null } : null;
  if (activeStates.has(job.state)) return null;
  if (trainerEndings.includes(current)) return null;
  const exit = job.exitCode ? ` (exit ${job.exitCode})` : '';
  switch (job.state) {
    case 'COMPLETED':
      return current === 'stopped' ? null : { status: 'crashed', error: `Slurm job ${job.jobId} ended (COMPLETED) before its run did; see ${outputPath}` };
    case 'FAILED':
      return current === 'stopped' ? null : { status: 'failed', error: `FAILED: Slurm job ${job.jobId} ended${exit}; see ${outputPath}` };
    case 'CANCELLED':
      return { status: 'stopped', error: `CANCELLED: Slurm job ${job.jobId} was cancelled (scancel)` };
    case 'TIMEOUT':
      return { status: 'timeout', error: `TIMEOUT: Slurm job ${job.jobId} reached its time limit; Resume continues from the last checkpoint` };
    case 'PREEMPTED':
      return { status: 'stopped', error: `PREEMPTED: Slurm job ${job.jobId} was preempted; Resume continues from the last checkpoint` };
    case 'NODE_FAIL':
      return { status: 'crashed', error: `NODE_FAIL: the node of Slurm job ${job.jobId} failed; Resume continues from the last checkpoint` };
    case 'OUT_OF_MEMORY':
      return { status: 'failed', error: `OUT_OF_MEMORY: Slurm job ${job.jobId} ran out of memory (raise target.memory); see ${outputPath}` };
    default:
      return { status: 'failed', error: `${job.state}: Slurm job ${job.jobId} ended${exit}; see ${outputPath}` };
  }
}
