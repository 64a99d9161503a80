import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PlannedRun } from '../../protocol/experiment';
import type { RunRecord } from '../../protocol/records';
import type { RunTarget } from '../../protocol/target';
import { ensureExperiment } from '../../store/experiments';
import type { Store } from '../../store/openStore';
import { createRun, deleteRun, getRun } from '../../store/runs';
import { runLogFileName } from '../eventLog/runLogRecord';
import { registerRunLog } from '../ingest/ingestRunLog';
import { writeJobSpec } from '../job/jobSpec';
import { storeId } from '../../store/storeIdentity';
import { jobScript, sbatchArguments } from './sbatchArguments';
import { runSlurmCommand } from './slurmCommand';
import { claimSubmissionFolder, taskFolder } from './submissionFolder';
import { getSlurmJob, recordSlurmJob } from './slurmJobs';

/** How to start fluke on a node: the same Node and CLI as this process (a shared filesystem). */
export interface FlukeOnNode {
  nodePath: string;
  cliPath: string;
}

export interface Submission {
  arrayJobId: string;
  submissionDir: string;
  runs: Array<{ runId: number; name: string; taskIndex: number; outputPath: string }>;
}

/** What a later resubmission of one task needs, kept beside the tasks. */
interface SubmissionFile {
  target: RunTarget;
  jobName: string;
  scriptPath: string;
}

const submissionFileName = 'submission.json';

function outputPattern(submissionDir: string): string {
  return join(submissionDir, 'task-%a', 'job.out');
}

/** sbatch --parsable prints `<id>` or `<id>;<cluster>`. */
function parsedJobId(stdout: string): string {
  const id = stdout.trim().split(';')[0]!;
  if (!/^[0-9]+$/.test(id)) throw new Error(`sbatch printed no job id (it said "${stdout.trim()}")`);
  return id;
}

/**
 * Submits the runs of an experiment (all of its grid, or one) as one Slurm job array: the
 * runs are created in the store as queued, each task gets its own folder (its run, its log,
 * its checkpoints, its output), and the store learns where each log is so serve ingests it.
 * If sbatch refuses, the runs and folders are removed and its message is the error.
 */
export async function submitRuns(store: Store, experimentPath: string, runs: PlannedRun[], target: RunTarget, fluke: FlukeOnNode): Promise<Submission> {
  if (target.kind !== 'slurm') throw new Error(`${experimentPath}: target.kind is "${target.kind}"; set "target": {"kind": "slurm", ...} to submit to Slurm`);
  await runSlurmCommand('sbatch', ['--version']);
  const experiment = ensureExperiment(store, experimentPath, runs[0]!.config.name);
  const created: RunRecord[] = store.db
    .transaction(() => runs.map((planned) => createRun(store, { experimentId: experiment.id, name: planned.name, config: planned.config, gridValues: planned.gridValues, pid: null, host: null, processIdentity: null })))
    .immediate();
  const cacheDir = join(dirname(store.path), 'cache');
  let submissionDir: string | null = null;
  try {
    const folder = claimSubmissionFolder(store, created[0]!.id);
    submissionDir = folder;
    created.forEach((run, taskIndex) => {
      writeJobSpec(taskFolder(folder, taskIndex), { runId: run.id, storeId: storeId(store), name: run.name, experimentPath, config: run.config, cacheDir, requeueAtTimeLimit: target.requeueAtTimeLimit });
      registerRunLog(store, run.id, join(taskFolder(folder, taskIndex), runLogFileName));
    });
    const scriptPath = join(folder, 'job.sbatch');
    writeFileSync(scriptPath, jobScript({ ...fluke, submissionDir: folder, setup: target.setup }), { mode: 0o755 });
    const submission: SubmissionFile = { target, jobName: `fluke-${runs[0]!.config.name}`, scriptPath };
    writeFileSync(join(folder, submissionFileName), `${JSON.stringify(submission, null, 2)}\n`);
    const taskIndexes = created.map((_, index) => index);
    const { stdout } = await runSlurmCommand('sbatch', [...sbatchArguments(target, { jobName: submission.jobName, taskIndexes, outputPattern: outputPattern(folder), workDir: dirname(experimentPath) }), scriptPath]);
    const arrayJobId = parsedJobId(stdout);
    const submitted = created.map((run, taskIndex) => ({ runId: run.id, name: run.name, taskIndex, outputPath: join(taskFolder(folder, taskIndex), 'job.out') }));
    store.db.transaction(() => submitted.forEach((run) => recordSlurmJob(store, { runId: run.runId, arrayJobId, arrayTaskId: run.taskIndex, outputPath: run.outputPath }))).immediate();
    return { arrayJobId, submissionDir: folder, runs: submitted };
  } catch (error) {
    store.db.transaction(() => created.forEach((run) => deleteRun(store, run.id))).immediate();
    if (submissionDir !== null) rmSync(submissionDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Resume on Slurm: submits the run's task again (same folder, same log); the job continues
 * from the newest checkpoint in the log. Only a stopped, crashed or timed-out run.
 */
export async function resubmitRun(store: Store, runId: number): Promise<{ arrayJobId: string; jobId: string }> {
  const run = getRun(store, runId);
  const job = getSlurmJob(store, runId);
  if (!run || !job) throw new Error(`run ${runId} was not submitted to Slurm`);
  if (!['stopped', 'crashed', 'timeout'].includes(run.status)) throw new Error(`run ${runId} is ${run.status}; only a stopped, crashed or timed-out run can be resumed`);
  const submissionDir = dirname(dirname(job.outputPath));
  const submission = JSON.parse(readFileSync(join(submissionDir, submissionFileName), 'utf8')) as SubmissionFile;
  const { stdout } = await runSlurmCommand('sbatch', [
    ...sbatchArguments(submission.target, { jobName: submission.jobName, taskIndexes: [job.arrayTaskId], outputPattern: outputPattern(submissionDir), workDir: dirname(run.experimentPath) }),
    submission.scriptPath,
  ]);
  const arrayJobId = parsedJobId(stdout);
  store.db
    .transaction(() => {
      recordSlurmJob(store, { runId, arrayJobId, arrayTaskId: job.arrayTaskId, outputPath: job.outputPath });
      store.db.prepare("UPDATE runs SET status = 'queued', error = NULL, ended_at = NULL WHERE id = ?").run(runId);
    })
    .immediate();
  return { arrayJobId, jobId: `${arrayJobId}_${job.arrayTaskId}` };
}

/** Stop on Slurm: scancel; the job's trainer checkpoints and the scheduler says CANCELLED. */
export async function cancelRunJob(store: Store, runId: number): Promise<string> {
  const job = getSlurmJob(store, runId);
  if (!job) throw new Error(`run ${runId} was not submitted to Slurm`);
  await runSlurmCommand('scancel', [job.jobId]);
  return job.jobId;
}
