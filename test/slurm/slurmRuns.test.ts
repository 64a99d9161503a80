/**
 * Runs on a real one-node Slurm (test/slurm/slurmCluster.ts): `fluke submit` makes a job
 * array, the jobs run `fluke train --job-dir` on the node writing only their own folders,
 * and `fluke serve` takes their logs into the workspace's database.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { RunRecord } from '../../src/protocol/records';
import { readRunLog } from '../../src/scheduler/eventLog/readRunLog';
import { getSlurmJob } from '../../src/scheduler/slurm/slurmJobs';
import { openStore, closeStore } from '../../src/store/openStore';
import { listCheckpoints, listEpochs } from '../../src/store/runResults';
import { listRuns } from '../../src/store/runs';
import { ensureCliBuilt, runFluke, startFluke } from '../cli/bundledFluke';
import { tinyWorkspace } from '../cli/tinyExperiment';
import { startSlurmCluster, type SlurmCluster } from './slurmCluster';

let cluster: SlurmCluster;
const workspaces: string[] = [];

before(async () => {
  ensureCliBuilt();
  cluster = await startSlurmCluster();
});

after(async () => {
  await cluster?.stop();
  for (const dir of workspaces) rmSync(dir, { recursive: true, force: true });
});

/** A tiny workspace whose experiment targets the test cluster. */
async function slurmWorkspace(prefix: string, options: { epochs: number; grid?: Record<string, unknown[]>; target?: Record<string, unknown> }) {
  const workspace = await tinyWorkspace(prefix, { epochs: options.epochs, ...(options.grid ? { grid: options.grid } : {}) });
  workspaces.push(workspace.dir);
  const file = JSON.parse(readFileSync(workspace.experiment, 'utf8')) as Record<string, unknown>;
  writeFileSync(workspace.experiment, JSON.stringify({ ...file, target: { kind: 'slurm', cpus: 1, ...options.target } }, null, 2));
  return workspace;
}

function startServe(db: string): ChildProcess {
  const serve = startFluke(['serve', '--db', db], { env: { ...cluster.env, FLUKE_SLURM_POLL_MS: '300' } });
  serve.stdout!.resume();
  serve.stderr!.resume();
  return serve;
}

function stopServe(serve: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    serve.once('close', () => resolve());
    serve.kill('SIGKILL');
  });
}

async function submit(experiment: string, db: string): Promise<{ arrayJobId: string; runs: Array<{ runId: number; taskIndex: number; outputPath: string }> }> {
  const result = await runFluke(['submit', experiment, '--db', db, '--json'], { env: cluster.env });
  assert.equal(result.code, 0, `fluke submit failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { arrayJobId: string; runs: Array<{ runId: number; taskIndex: number; outputPath: string }> };
}

/** Polls the database (as another reader would) until `done` accepts its runs. */
async function waitForRuns(db: string, what: string, done: (runs: RunRecord[]) => boolean, timeoutMs = 120_000): Promise<RunRecord[]> {
  const deadline = Date.now() + timeoutMs;
  let runs: RunRecord[] = [];
  for (;;) {
    const store = openStore(db, { reconcile: false });
    try {
      runs = listRuns(store);
    } finally {
      closeStore(store);
    }
    if (done(runs)) return runs;
    if (Date.now() > deadline) {
      throw new Error(`waited ${timeoutMs / 1000} s for ${what}; runs: ${runs.map((run) => `${run.id} ${run.status} epoch ${run.lastEpoch} ${run.error ?? ''}`).join('; ')}\n${cluster.command('squeue', ['-h', '-t', 'all', '-o', '%i %T %r'])}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function withStore<T>(db: string, read: (store: ReturnType<typeof openStore>) => T): T {
  const store = openStore(db, { reconcile: false });
  try {
    return read(store);
  } finally {
    closeStore(store);
  }
}

test('a 3-run grid is one job array; serve, restarted in the middle, takes in every epoch exactly once', async () => {
  const workspace = await slurmWorkspace('fluke-slurm-grid-', { epochs: 3, grid: { 'loss.margin': [0.1, 0.2, 0.3] } });
  let serve = startServe(workspace.db);
  const submission = await submit(workspace.experiment, workspace.db);
  assert.equal(submission.runs.length, 3);
  assert.deepEqual(submission.runs.map((run) => run.taskIndex), [0, 1, 2]);
  const queued = withStore(workspace.db, (store) => listRuns(store));
  assert.ok(queued.every((run) => run.status === 'queued' || run.status === 'running'), 'the runs exist at submission');
  assert.deepEqual(
    withStore(workspace.db, (store) => submission.runs.map((run) => getSlurmJob(store, run.runId)?.arrayJobId)),
    [submission.arrayJobId, submission.arrayJobId, submission.arrayJobId],
  );

  await waitForRuns(workspace.db, 'a first epoch in the store', (runs) => runs.some((run) => run.lastEpoch >= 1));
  await stopServe(serve);
  serve = startServe(workspace.db);
  const done = await waitForRuns(workspace.db, 'all three runs completed', (runs) => runs.length === 3 && runs.every((run) => run.status === 'completed'));
  await stopServe(serve);

  withStore(workspace.db, (store) => {
    for (const run of done) {
      assert.deepEqual(listEpochs(store, [run.id]).map((epoch) => epoch.epoch), [1, 2, 3], `run ${run.id} has each epoch once`);
      // last-and-best (the default): the newest and the best, the rows naming exactly the files left in the task folder.
      const checkpoints = listCheckpoints(store, run.id);
      assert.ok(checkpoints.length >= 1 && checkpoints.length <= 2 && checkpoints.at(-1)!.epoch === 3, JSON.stringify(checkpoints));
      const taskFolder = dirname(submission.runs.find((r) => r.runId === run.id)!.outputPath);
      assert.deepEqual(readdirSync(join(taskFolder, 'checkpoints')).sort(), checkpoints.map((checkpoint) => basename(checkpoint.path)).sort());
      const images = (store.db.prepare('SELECT COUNT(*) AS n FROM images WHERE run_id = ?').get(run.id) as { n: number }).n;
      assert.equal(images, 24, `run ${run.id}: 6 identities x 4 photos registered once`);
      const logged = readRunLog(join(dirname(submission.runs.find((r) => r.runId === run.id)!.outputPath), 'events.jsonl'));
      const position = store.db.prepare('SELECT ingested_seq AS seq FROM run_logs WHERE run_id = ?').get(run.id) as { seq: number };
      assert.equal(position.seq, logged.records.length, 'every record of the log was taken');
    }
    const margins = done.map((run) => run.config.loss.margin).sort();
    assert.deepEqual(margins, [0.1, 0.2, 0.3]);
  });
  // The job's output file is there for Show Run Log, with the trainer's events.
  assert.match(readFileSync(submission.runs[0]!.outputPath, 'utf8'), /"type":"run-ended"/);
});

test('scancel of a running job gives a stopped run that keeps its epochs, and Resume (submit --resume) finishes it', async () => {
  const workspace = await slurmWorkspace('fluke-slurm-cancel-', { epochs: 12 });
  const serve = startServe(workspace.db);
  try {
    const submission = await submit(workspace.experiment, workspace.db);
    const runId = submission.runs[0]!.runId;
    await waitForRuns(workspace.db, 'two epochs of the run', (runs) => runs[0]!.lastEpoch >= 2);
    cluster.command('scancel', [`${submission.arrayJobId}_0`]);
    const [stopped] = await waitForRuns(workspace.db, 'the run stopped', (runs) => runs[0]!.status === 'stopped' && getJobState(workspace.db, runId) === 'CANCELLED');
    assert.match(stopped!.error ?? '', /CANCELLED/);
    assert.ok(stopped!.lastEpoch >= 2 && stopped!.lastEpoch < 12);

    const resumed = await runFluke(['submit', '--resume', String(runId), '--db', workspace.db, '--json'], { env: cluster.env });
    assert.equal(resumed.code, 0, resumed.stderr);
    const [done] = await waitForRuns(workspace.db, 'the resumed run completed', (runs) => runs[0]!.status === 'completed');
    assert.equal(done!.lastEpoch, 12);
    withStore(workspace.db, (store) => assert.deepEqual(listEpochs(store, [runId]).map((epoch) => epoch.epoch), Array.from({ length: 12 }, (_, i) => i + 1)));
  } finally {
    await stopServe(serve);
  }
});

function getJobState(db: string, runId: number): string | undefined {
  return withStore(db, (store) => getSlurmJob(store, runId)?.state);
}

test('scontrol requeue of a running job resumes from its checkpoint and ends with the losses of an uninterrupted run', async () => {
  const workspace = await slurmWorkspace('fluke-slurm-requeue-', { epochs: 8 });
  const reference = await runFluke(['train', workspace.experiment, '--db', join(workspace.dir, 'reference.db')]);
  assert.equal(reference.code, 0, reference.stderr);
  const serve = startServe(workspace.db);
  try {
    const submission = await submit(workspace.experiment, workspace.db);
    const runId = submission.runs[0]!.runId;
    await waitForRuns(workspace.db, 'two epochs of the run', (runs) => runs[0]!.lastEpoch >= 2);
    cluster.command('scontrol', ['requeue', `${submission.arrayJobId}_0`]);
    await waitForRuns(workspace.db, 'the run queued again', (runs) => runs[0]!.status === 'queued');
    await waitForRuns(workspace.db, 'the requeued run completed', (runs) => runs[0]!.status === 'completed');
    const losses = withStore(workspace.db, (store) => listEpochs(store, [runId]).map((epoch) => epoch.loss));
    const expected = withStore(join(workspace.dir, 'reference.db'), (store) => listEpochs(store, [listRuns(store)[0]!.id]).map((epoch) => epoch.loss));
    assert.equal(losses.length, 8);
    assert.deepEqual(losses, expected);
    // Across the requeue the job kept the checkpoints the local run kept, and only their files.
    const kept = (db: string, id: number) => withStore(db, (store) => listCheckpoints(store, id).map((checkpoint) => `${checkpoint.epoch} ${checkpoint.kind} ${basename(checkpoint.path)}`));
    const keptByJob = kept(workspace.db, runId);
    assert.deepEqual(keptByJob, kept(join(workspace.dir, 'reference.db'), withStore(join(workspace.dir, 'reference.db'), (store) => listRuns(store)[0]!.id)));
    assert.deepEqual(readdirSync(join(dirname(submission.runs[0]!.outputPath), 'checkpoints')).sort(), keptByJob.map((row) => row.split(' ')[2]).sort());
    const log = readRunLog(join(dirname(submission.runs[0]!.outputPath), 'events.jsonl')).records;
    const starts = log.filter((record) => record.type === 'started');
    assert.equal(starts.length, 2, 'two attempts of the job');
    assert.ok(starts[1]!.type === 'started' && starts[1]!.startEpoch > 1, 'the second attempt started after the first epoch');
  } finally {
    await stopServe(serve);
  }
});

test('a job past its time limit ends as timeout with its completed epochs and a checkpoint kept', async () => {
  const workspace = await slurmWorkspace('fluke-slurm-timeout-', { epochs: 5000, target: { time: '1', stopBeforeTimeLimitSeconds: 10 } });
  const serve = startServe(workspace.db);
  try {
    const submission = await submit(workspace.experiment, workspace.db);
    const runId = submission.runs[0]!.runId;
    const [ended] = await waitForRuns(workspace.db, 'the run timed out', (runs) => runs[0]!.status !== 'queued' && runs[0]!.status !== 'running', 180_000);
    assert.equal(ended!.status, 'timeout', ended!.error ?? '');
    assert.ok(ended!.lastEpoch >= 1, 'completed epochs are kept');
    const checkpoints = withStore(workspace.db, (store) => listCheckpoints(store, runId));
    assert.ok(checkpoints.length > 0 && checkpoints.at(-1)!.epoch >= ended!.lastEpoch, 'a checkpoint to resume from');
  } finally {
    await stopServe(serve);
  }
});

test("sbatch refusing the job gives Slurm's own message, exit 1, and leaves no run behind", async () => {
  const workspace = await slurmWorkspace('fluke-slurm-refused-', { epochs: 1, target: { partition: 'nosuchpartition' } });
  const result = await runFluke(['submit', workspace.experiment, '--db', workspace.db], { env: cluster.env });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /sbatch failed: .*invalid partition/i);
  assert.deepEqual(withStore(workspace.db, (store) => listRuns(store)), []);
  // A cluster that cannot be reached (no configuration on this host): Slurm's words again.
  const { SLURM_CONF: _, ...unconfigured } = cluster.env;
  const unreachable = await runFluke(['submit', workspace.experiment, '--db', workspace.db], { env: unconfigured });
  assert.equal(unreachable.code, 1);
  assert.match(unreachable.stderr, /sbatch failed: sbatch: (error|fatal): .*configuration/s);
  assert.deepEqual(withStore(workspace.db, (store) => listRuns(store)), []);
});

test('with requeueAtTimeLimit the job requeues itself at the time limit and its next attempt resumes from the checkpoint', async () => {
  const workspace = await slurmWorkspace('fluke-slurm-longer-', { epochs: 5000, target: { time: '1', stopBeforeTimeLimitSeconds: 10, requeueAtTimeLimit: true } });
  const serve = startServe(workspace.db);
  try {
    const submission = await submit(workspace.experiment, workspace.db);
    const logPath = join(dirname(submission.runs[0]!.outputPath), 'events.jsonl');
    const attempts = () => readRunLog(logPath).records.filter((record) => record.type === 'started');
    const deadline = Date.now() + 180_000;
    while (attempts().length < 2) {
      if (Date.now() > deadline) throw new Error(`no second attempt within 180 s; log: ${readFileSync(logPath, 'utf8').slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const records = readRunLog(logPath).records;
    const firstEnd = records.find((record) => record.type === 'ended');
    assert.ok(firstEnd?.type === 'ended' && firstEnd.status === 'stopped' && /requeued at the time limit/.test(firstEnd.error ?? ''), JSON.stringify(firstEnd));
    const second = records.filter((record) => record.type === 'started')[1]!;
    assert.ok(second.type === 'started' && second.attempt >= 1, 'the second start is a restart of the same job');
    // Epochs the first attempt wrote (the second may have written some since).
    const kept = records.slice(0, records.indexOf(second)).filter((record) => record.type === 'epoch').length;
    assert.ok(second.type === 'started' && second.startEpoch === kept + 1, `resumes after the ${kept} epochs kept (starts at ${second.type === 'started' ? second.startEpoch : '?'})`);
    await waitForRuns(workspace.db, 'the run running again', (runs) => runs[0]!.status === 'running' && runs[0]!.lastEpoch >= kept);
    cluster.command('scancel', [`${submission.arrayJobId}_0`]);
    await waitForRuns(workspace.db, 'the run stopped', (runs) => runs[0]!.status === 'stopped');
  } finally {
    await stopServe(serve);
  }
});
