import type { RunTarget } from '../../protocol/target';

export interface ArrayJob {
  jobName: string;
  /** Array task indexes to submit (all of a grid, or one on resume). */
  taskIndexes: number[];
  /** Output file of each task; `%a` is the task index. */
  outputPattern: string;
  /** The folder the job starts in. */
  workDir: string;
}

/**
 * The sbatch arguments of a grid's job array. Every task may be requeued (preemption, node
 * failure, `scontrol requeue`) and appends to its output file rather than replacing it;
 * before the time limit the batch shell gets SIGUSR1, on which training checkpoints and
 * ends the run as timeout (B: the shell, which `exec`s fluke; without it Slurm signals
 * only job steps, and a batch job has none).
 */
export function sbatchArguments(target: RunTarget, job: ArrayJob): string[] {
  const args = [
    '--parsable',
    `--job-name=${job.jobName}`,
    `--array=${job.taskIndexes.join(',')}`,
    `--output=${job.outputPattern}`,
    '--open-mode=append',
    '--requeue',
    `--signal=B:USR1@${target.stopBeforeTimeLimitSeconds}`,
    `--chdir=${job.workDir}`,
    '--ntasks=1',
    `--cpus-per-task=${target.cpus}`,
  ];
  if (target.partition !== null) args.push(`--partition=${target.partition}`);
  if (target.gpus > 0) args.push(`--gres=gpu:${target.gpus}`);
  if (target.memory !== null) args.push(`--mem=${target.memory}`);
  if (target.time !== null) args.push(`--time=${target.time}`);
  if (target.account !== null) args.push(`--account=${target.account}`);
  if (target.qos !== null) args.push(`--qos=${target.qos}`);
  return [...args, ...target.sbatchArgs];
}

/** A shell word that stays one word whatever it holds. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The batch script: the setup line, then `fluke train --job-dir` on the task's folder,
 * exec'd so that Slurm's signals reach the trainer itself.
 */
export function jobScript(options: { nodePath: string; cliPath: string; submissionDir: string; setup: string | null }): string {
  return [
    '#!/bin/bash',
    '# Written by fluke submit: one task per run of the grid, in task-<index>/.',
    'set -e',
    ...(options.setup ? [options.setup] : []),
    `exec ${shellQuote(options.nodePath)} ${shellQuote(options.cliPath)} train --job-dir ${shellQuote(options.submissionDir)}/task-"$SLURM_ARRAY_TASK_ID"`,
    '',
  ].join('\n');
}
