import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExperimentConfig } from '../../protocol/experiment';
import { ensureExperiment } from '../../store/experiments';
import { closeStore, openStore, type Store } from '../../store/openStore';
import { createRun, getRun } from '../../store/runs';
import { RunLogWriter } from '../eventLog/runLogWriter';
import { registerRunLog } from '../ingest/ingestRunLog';
import { followSlurmJobs } from './followSlurmJobs';
import type { SchedulerJob } from './schedulerState';
import { getSlurmJob, recordSlurmJob } from './slurmJobs';

/** A run submitted as task 0 of job 5, with its log; the scheduler's answers are given per round. */
function submittedRun(store: Store, dir: string): { runId: number; log: RunLogWriter } {
  const experiment = ensureExperiment(store, '/w/a.experiment.json', 'a');
  const config = { name: 'a', epochs: 2, runtime: { seed: 1, backend: 'cpu', threads: null } } as unknown as ExperimentConfig;
  const runId = createRun(store, { experimentId: experiment.id, name: 'a', config, gridValues: {}, pid: null, host: null, processIdentity: null }).id;
  const path = join(dir, 'events.jsonl');
  registerRunLog(store, runId, path);
  recordSlurmJob(store, { runId, arrayJobId: '5', arrayTaskId: 0, outputPath: join(dir, 'job.out') });
  return { runId, log: new RunLogWriter(path) };
}

/** A fresh store in a temporary folder for one test, removed afterwards. */
async function withStore(body: (store: Store, dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-follow-'));
  const store = openStore(join(dir, 'fluke.db'));
  try {
    await body(store, dir);
  } finally {
    closeStore(store);
    rmSync(dir, { recursive: true, force: true });
  }
}

const answers = (jobs: Array<Omit<SchedulerJob, 'jobId' | 'exitCode'>>) => async () => new Map(jobs.map((job) => ['5_0', { jobId: '5_0', exitCode: null, ...job }]));
const started = { type: 'started', at: '2026-11-30T20:00:00.000Z', host: 'node1', pid: 9, jobId: '5_0', attempt: 0, backend: 'cpu', startEpoch: 1 } as const;

test("a job that ended after the scheduler was asked still gets its log's ending, not a crash", async () => {
  await withStore(async (store, dir) => {
    const { runId, log } = submittedRun(store, dir);
    await followSlurmJobs(store, answers([{ state: 'PENDING', reason: 'Priority' }]));
    assert.equal(getRun(store, runId)?.status, 'queued');
    assert.equal(getSlurmJob(store, runId)?.reason, 'Priority');
    log.append(started);
    // The scheduler says COMPLETED; the job had written its ending first.
    log.append({ type: 'ended', at: '2026-11-30T20:01:00.000Z', status: 'completed', error: null, backend: 'cpu' });
    const result = await followSlurmJobs(store, answers([{ state: 'COMPLETED', reason: null }]));
    assert.deepEqual(result.changed, [runId]);
    assert.equal(getRun(store, runId)?.status, 'completed');
    log.close();
  });
});

test('a job the scheduler forgot while its log had not ended the run: crashed, and no longer asked about', async () => {
  await withStore(async (store, dir) => {
    const { runId, log } = submittedRun(store, dir);
    log.append(started);
    await followSlurmJobs(store, answers([{ state: 'RUNNING', reason: null }]));
    assert.equal(getRun(store, runId)?.status, 'running');
    await followSlurmJobs(store, answers([]));
    assert.equal(getRun(store, runId)?.status, 'crashed');
    assert.match(getRun(store, runId)?.error ?? '', /no longer knows Slurm job 5_0/);
    assert.equal(getSlurmJob(store, runId)?.state, 'UNKNOWN');
    let asked = 0;
    await followSlurmJobs(store, async () => {
      asked++;
      return new Map();
    });
    assert.equal(asked, 0, 'nothing left to ask the scheduler about');
    log.close();
  });
});

test('a scheduler that cannot be reached: the logs are still taken in, the error is reported, no state is guessed', async () => {
  await withStore(async (store, dir) => {
    const { runId, log } = submittedRun(store, dir);
    log.append(started);
    const result = await followSlurmJobs(store, async () => {
      throw new Error('squeue failed: slurm_load_jobs error: Unable to contact slurm controller');
    });
    assert.deepEqual(result.errors, ['squeue failed: slurm_load_jobs error: Unable to contact slurm controller']);
    assert.equal(getRun(store, runId)?.status, 'running');
    log.close();
  });
});
