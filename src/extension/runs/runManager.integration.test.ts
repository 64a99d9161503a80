import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRun, listRuns, storeInfo } from '../../protocol/rpc';
import { ServeClient } from '../serve/serveClient';
import { planExperimentLaunch } from './launchPlan';
import { RunManager, type RunEnd } from './runManager';
import { runLogPath } from './storePaths';

const cliPath = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A tiny experiment on the synthetic set in `data/`, on the cpu backend. */
const experiment = (epochs: number, grid?: object) => ({
  data: { path: 'data', imageHeight: 16, imageWidth: 32, channels: 1, testIdentityFraction: 0.5 },
  model: { width: 4, blocksPerStage: [1], embeddingSize: 8 },
  method: { clusters: 1, reclusterEvery: 1 },
  sampling: { classesPerBatch: 2, imagesPerClass: 2, batchesPerEpoch: 2 },
  epochs,
  evaluation: { every: 1, recallAt: [1] },
  runtime: { backend: 'cpu', seed: 1 },
  ...(grid ? { grid } : {}),
});

/** The real fluke serve on `databasePath` and a run manager that starts the real fluke train in `folder`. */
function startFlukeIn(folder: string, databasePath: string): { serve: ServeClient; manager: RunManager } {
  const serve = ServeClient.start({ nodePath: process.execPath, cliPath, databasePath, cwd: folder, log: quiet });
  const manager = new RunManager({
    settings: () => ({ nodePath: process.execPath, cliPath, databasePath, cwd: folder, maxConcurrentRuns: 1, backend: null }),
    request: (type, params) => serve.request(type, params),
    log: quiet,
    hostname: hostname(),
    tailPollMs: 50,
  });
  return { serve, manager };
}

/**
 * The run manager with the real `fluke train` and `fluke serve` (dist/cli.js) on a tiny
 * synthetic fluke set and the cpu backend: the protocol, log files and store states fit.
 */
test('a sweep, a stop and a resume through the real fluke train, seen through the real fluke serve', { timeout: 120_000 }, async () => {
  assert.ok(existsSync(cliPath), `${cliPath} is missing: run \`npm run build\` first (this test spawns the real fluke train and serve)`);
  const folder = mkdtempSync(join(tmpdir(), 'fluke-train-'));
  const databasePath = join(folder, '.fluke', 'fluke.db');
  execFileSync(process.execPath, [cliPath, 'data', 'generate', '--out', join(folder, 'data'), '--identities', '8', '--photos', '4'], { stdio: 'ignore' });
  const { serve, manager } = startFlukeIn(folder, databasePath);
  const ends: RunEnd[] = [];
  manager.onRunEnded((end) => ends.push(end));
  const endCount = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => (ends.length >= count ? resolve() : setTimeout(check, 50));
      check();
    });
  try {
    const sweepPath = join(folder, 'sweep.experiment.json');
    const sweepText = JSON.stringify(experiment(2, { 'method.clusters': [1, 2] }));
    writeFileSync(sweepPath, sweepText);
    const plan = planExperimentLaunch(sweepText, sweepPath);
    assert.deepEqual(plan.errors, []);
    manager.enqueue(plan.requests);
    await endCount(2);
    assert.deepEqual(ends.map((end) => [end.status, end.label]), [['completed', 'sweep clusters=1'], ['completed', 'sweep clusters=2']]);
    const stored = await serve.request(listRuns, { experimentPath: sweepPath });
    assert.deepEqual(stored.map((run) => [run.name, run.status, run.lastEpoch]).sort(), [['sweep clusters=1', 'completed', 2], ['sweep clusters=2', 'completed', 2]]);
    assert.ok(stored.every((run) => run.bestRecallAt1 !== null));
    const { storeId } = await serve.request(storeInfo, {});
    for (const run of stored) assert.match(readFileSync(runLogPath(databasePath, storeId, run.id), 'utf8'), /"type":"run-ended"/);

    const longPath = join(folder, 'long.experiment.json');
    writeFileSync(longPath, JSON.stringify(experiment(60)));
    const [key] = manager.enqueue([{ experimentPath: longPath, label: 'long', gridIndex: null, resumeRunId: null }]);
    await new Promise<void>((resolve) => {
      const check = () => ((manager.active()[0]?.epoch ?? 0) >= 1 ? resolve() : setTimeout(check, 50));
      check();
    });
    const runId = manager.active()[0]!.runId!;
    assert.equal(await manager.stop(key!), 'terminated');
    await endCount(3);
    assert.deepEqual([ends[2]!.runId, ends[2]!.status], [runId, 'stopped']);
    const stopped = await serve.request(getRun, { runId });
    assert.equal(stopped?.status, 'stopped');
    assert.ok(stopped!.lastEpoch < 60);

    manager.enqueue([{ experimentPath: longPath, label: 'long', gridIndex: null, resumeRunId: runId }]);
    await new Promise<void>((resolve) => {
      const check = () => (manager.findByRunId(runId)?.state === 'running' ? resolve() : setTimeout(check, 50));
      check();
    });
    assert.equal(await manager.stop(manager.findByRunId(runId)!.key), 'terminated');
    await endCount(4);
    assert.deepEqual([ends[3]!.runId, ends[3]!.status], [runId, 'stopped']);
    const log = readFileSync(runLogPath(databasePath, storeId, runId), 'utf8');
    assert.equal(log.match(/"type":"run-started"/g)?.length, 2, 'the resumed run appends to the same log');
  } finally {
    manager.dispose();
    serve.dispose();
    rmSync(folder, { recursive: true, force: true });
  }
});

test('two databases in one folder keep their own run logs: run 1 of each is followed, named and shown from its own file', { timeout: 120_000 }, async () => {
  assert.ok(existsSync(cliPath), `${cliPath} is missing: run \`npm run build\` first (this test spawns the real fluke train and serve)`);
  const folder = mkdtempSync(join(tmpdir(), 'fluke-logs-'));
  execFileSync(process.execPath, [cliPath, 'data', 'generate', '--out', join(folder, 'data'), '--identities', '8', '--photos', '4'], { stdio: 'ignore' });
  const opened: Array<{ serve: ServeClient; manager: RunManager }> = [];
  try {
    const logs: string[] = [];
    for (const name of ['alpha', 'beta']) {
      const databasePath = join(folder, '.fluke', `${name}.db`);
      const { serve, manager } = startFlukeIn(folder, databasePath);
      opened.push({ serve, manager });
      const ended = new Promise<RunEnd>((resolve) => manager.onRunEnded(resolve));
      const path = join(folder, `${name}.experiment.json`);
      writeFileSync(path, JSON.stringify(experiment(1)));
      manager.enqueue([{ experimentPath: path, label: name, gridIndex: null, resumeRunId: null }]);
      const end = await ended;
      assert.deepEqual([end.runId, end.status], [1, 'completed'], `${name}: ${end.error ?? ''}`);
      const logPath = await manager.runLogPathOf(1);
      assert.equal(logPath, runLogPath(databasePath, (await serve.request(storeInfo, {})).storeId, 1));
      const log = readFileSync(logPath, 'utf8');
      assert.match(log, new RegExp(`"type":"run-started"[^\\n]*"name":"${name}"`), `${logPath} is ${name}'s log`);
      assert.equal(log.match(/"type":"run-started"/g)?.length, 1, `${logPath} holds one run only`);
      logs.push(logPath);
    }
    assert.notEqual(logs[0], logs[1]);
  } finally {
    for (const { serve, manager } of opened) {
      manager.dispose();
      serve.dispose();
    }
    rmSync(folder, { recursive: true, force: true });
  }
});
