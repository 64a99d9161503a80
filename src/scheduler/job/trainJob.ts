import { execFileSync } from 'node:child_process';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import type { RunStatus } from '../../protocol/records';
import type { TrainerEvent } from '../../protocol/trainerEvents';
import { EventLogRunSink } from '../eventLog/eventLogRunSink';
import { runLogFileName } from '../eventLog/runLogRecord';
import { RunLogWriter } from '../eventLog/runLogWriter';
import { newestUsableCheckpoint, passedOverMessage, type CheckpointEntry, type CheckpointOwner } from '../../engine/trainer/resumableCheckpoint';
import { readJobSpec } from './jobSpec';

/** What stops a job: the scheduler's SIGTERM (scancel, requeue, preemption) or the time-limit warning. */
export type JobStop = { signal: 'SIGTERM' | 'SIGINT'; status: 'stopped' } | { signal: 'SIGUSR1'; status: 'timeout' };

export const timeLimitSignal = 'SIGUSR1';

/**
 * Trains the run of a job folder on whatever host the scheduler chose, writing only the
 * folder's own files: the run log and checkpoints. A requeued or resubmitted job finds its
 * log and continues from the newest checkpoint in it. SIGTERM stops at the next batch with
 * a checkpoint (the run is `stopped`, or queued again if the scheduler requeues it);
 * SIGUSR1, sent by Slurm before the time limit, does the same and ends the run as `timeout`.
 */
/**
 * The checkpoint a requeued job continues from: the newest intact one of its own, passing over
 * damaged ones with a warning, as `fluke train --resume` does. When none is intact, the newest,
 * so that the run fails naming the damage.
 */
export function jobResumeCheckpoint(sink: EventLogRunSink, owner: CheckpointOwner, warn: (message: string) => void): CheckpointEntry | null {
  const candidates = sink.checkpointsNewestFirst();
  if (candidates.length === 0) return null;
  const { usable, passedOver } = newestUsableCheckpoint(candidates, owner);
  for (const skipped of passedOver) warn(passedOverMessage(skipped, usable));
  return usable ?? candidates[0]!;
}

export async function trainJob(jobDir: string, emit: (event: TrainerEvent) => void): Promise<RunStatus> {
  const spec = readJobSpec(jobDir);
  const log = new RunLogWriter(join(jobDir, runLogFileName));
  try {
    const lastEnd = [...log.records].reverse().find((record) => record.type === 'ended');
    if (lastEnd?.type === 'ended' && lastEnd.status === 'completed') return 'completed';
    const sink = new EventLogRunSink(log, spec.runId);
    const resume = jobResumeCheckpoint(sink, { storeId: spec.storeId, runId: spec.runId }, (message) =>
      emit({ type: 'log', runId: spec.runId, level: 'warning', message }),
    );
    let stop: JobStop | null = null;
    const onSignal = (signal: NodeJS.Signals) => {
      // Slurm may signal the job step and the batch shell both: one stop is enough.
      if (stop !== null) return;
      stop = signal === timeLimitSignal ? { signal, status: 'timeout' } : { signal: signal === 'SIGINT' ? 'SIGINT' : 'SIGTERM', status: 'stopped' };
      process.stderr.write(`fluke train: ${signal} received, stopping at the next batch with a checkpoint\n`);
    };
    for (const signal of ['SIGTERM', 'SIGINT', timeLimitSignal] as const) process.on(signal, onSignal);
    const config = spec.config;
    const attempt = Number(process.env.SLURM_RESTART_COUNT ?? 0);
    log.append({
      type: 'started',
      at: new Date().toISOString(),
      host: hostname(),
      pid: process.pid,
      jobId: process.env.SLURM_JOB_ID ?? null,
      attempt,
      backend: config.runtime.backend,
      startEpoch: resume ? resume.epoch + 1 : 1,
    });
    emit({ type: 'run-started', runId: spec.runId, name: spec.name, pid: process.pid, backend: config.runtime.backend, epochs: config.epochs, startEpoch: resume ? resume.epoch + 1 : 1 });
    const { trainRun } = await import('../../engine/trainer/trainRun');
    const result = await trainRun({
      config,
      experimentDir: dirname(spec.experimentPath),
      sink,
      checkpointDir: join(jobDir, 'checkpoints'),
      checkpointOwner: { storeId: spec.storeId, runId: spec.runId },
      cacheDir: spec.cacheDir,
      resume,
      shouldStop: () => stop !== null,
      emit: (event) => {
        if (event.type === 'checkpoint') log.append({ type: 'checkpoint', epoch: event.epoch, kind: event.kind, path: event.path, sha256: event.sha256 });
        emit(event);
      },
    });
    const stopped = stop as JobStop | null;
    const jobId = process.env.SLURM_JOB_ID;
    let status: RunStatus = result.status === 'stopped' && stopped !== null ? stopped.status : result.status;
    let error = status === 'timeout' ? 'stopped before the time limit with a checkpoint; Resume continues it' : result.error;
    // The requeue signals this process (ignored now: it is stopping) and kills it only after KillWait.
    if (status === 'timeout' && spec.requeueAtTimeLimit && jobId !== undefined && requeueSelf(jobId)) {
      status = 'stopped';
      error = `requeued at the time limit (job ${jobId}); it resumes from its checkpoint`;
    }
    log.append({ type: 'ended', at: new Date().toISOString(), status, error, backend: result.backend });
    emit({ type: 'run-ended', runId: spec.runId, status, error });
    return status;
  } finally {
    log.close();
  }
}

/** Puts this job back in the queue (Slurm's `--requeue` allows it); a failure is said, and the run ends as timeout. */
function requeueSelf(jobId: string): boolean {
  try {
    execFileSync('scontrol', ['requeue', jobId], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
    return true;
  } catch (error) {
    process.stderr.write(`fluke train: scontrol requeue ${jobId} failed (${(error as Error).message}); the run ends as timeout, Resume continues it\n`);
    return false;
  }
}
