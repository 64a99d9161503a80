import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestType } from 'vscode-jsonrpc';
import type { RunRecord } from '../../protocol/records';
import { RunManager, type RunEnd, type RunSettings } from './runManager';
import { runLogPath } from './storePaths';

/**
 * A stand-in for `fluke train` (a real process, so spawning, logs, signals and exits are
 * real): it reads what to do from the experiment file and prints trainer events.
 */
const fakeTrainer = `
const fs = require('fs');
const args = process.argv.slice(2);
const plan = JSON.parse(fs.readFileSync(args[1], 'utf8'));
const gridIndex = args.includes('--grid-index') ? Number(args[args.indexOf('--grid-index') + 1]) : 0;
const resume = args.includes('--resume') ? Number(args[args.indexOf('--resume') + 1]) : null;
const runId = resume ?? plan.firstRunId + gridIndex;
const emit = (event) => process.stdout.write(JSON.stringify({ runId, ...event }) + '\\n');
if (plan.mode === 'bad-file') { process.stderr.write('fluke train: ' + args[1] + ': error at /method/clusters: must be >= 1\\n'); process.exit(1); }
emit({ type: 'run-started', name: plan.name + ' #' + gridIndex, pid: process.pid, backend: 'cpu', epochs: 3, startEpoch: 0 });
process.on('SIGTERM', () => { emit({ type: 'run-ended', status: 'stopped', error: null }); process.exit(143); });
let epoch = 0;
const timer = setInterval(() => {
  epoch++;
  emit({ type: 'epoch', epoch, epochs: 3, loss: 1 / epoch, learnerLosses: [1 / epoch], learningRate: 0.001, seconds: 0.01, imagesPerSecond: 100 });
  if (plan.mode === 'crash' && epoch === 2) { process.stderr.write('Segmentation fault in a kernel\\n'); process.exit(139); }
  if (plan.mode !== 'slow' && epoch === 3) { emit({ type: 'run-ended', status: 'completed', error: null }); clearInterval(timer); }
}, plan.mode === 'slow' ? 200 : 20);
`;

function fixture() {
  const folder = mkdtempSync(join(tmpdir(), 'fluke-runs-'));
  const cliPath = join(folder, 'cli.js');
  writeFileSync(cliPath, fakeTrainer);
  const settings: RunSettings = { nodePath: process.execPath, cliPath, databasePath: join(folder, '.fluke', 'fluke.db'), cwd: folder, maxConcurrentRuns: 1, backend: null };
  const requests: string[] = [];
  let storedRuns: RunRecord[] = [];
  const storeId = '9a1c7e55d0b14f2a8c3e6b7d0f1a2b3c';
  const request = async <P, R>(type: RequestType<P, R, void>, _params: P): Promise<R> => {
    // The database's id is asked before each start and reattach; the tests count the other requests.
    if (type.method === 'store/info') return { path: settings.databasePath, schemaVersion: 12, nodeVersion: process.version, storeId } as R;
    requests.push(type.method);
    if (type.method === 'runs/list') return storedRuns as R;
    if (type.method === 'runs/reconcile') return { crashed: [] } as R;
    throw new Error(`unexpected request ${type.method}`);
  };
  const logLines: string[] = [];
  const log = { info: (m: string) => logLines.push(m), warn: (m: string) => logLines.push(m), error: (m: string) => logLines.push(m) };
  const manager = new RunManager({ settings: () => settings, request, log, hostname: 'this-host', tailPollMs: 20, livenessPollMs: 50, stopGraceMs: 3000 });
  const ends: RunEnd[] = [];
  manager.onRunEnded((end) => ends.push(end));
  const experiment = (name: string, plan: object) => {
    const path = join(folder, `${name}.experiment.json`);
    writeFileSync(path, JSON.stringify({ name, ...plan }));
    return path;
  };
  const endsCount = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => (ends.length >= count ? resolve() : setTimeout(check, 20));
      check();
    });
  return {
    folder, settings, manager, ends, requests, logLines, experiment, endsCount, storeId,
    setStoredRuns: (runs: RunRecord[]) => (storedRuns = runs),
    cleanup: () => { manager.dispose(); rmSync(folder, { recursive: true, force: true }); },
  };
}

test('a sweep runs one process per grid run, one at a time, and follows each to its end', async () => {
  const f = fixture();
  try {
    const path = f.experiment('sweep', { firstRunId: 10, mode: 'complete' });
    const progress: string[] = [];
    f.manager.onRunOutput((output) => output.event?.type === 'epoch' && progress.push(`${output.runId}:${output.event.epoch}`));
    f.manager.enqueue([0, 1, 2].map((gridIndex) => ({ experimentPath: path, label: `sweep k${gridIndex}`, gridIndex, resumeRunId: null })));
    assert.deepEqual(f.manager.active().map((run) => run.state), ['starting', 'queued', 'queued']);
    await f.endsCount(3);
    assert.deepEqual(f.ends.map((end) => [end.runId, end.status, end.label]), [[10, 'completed', 'sweep #0'], [11, 'completed', 'sweep #1'], [12, 'completed', 'sweep #2']]);
    // One at a time: every epoch of run 10 comes before any of run 11.
    assert.deepEqual(progress, ['10:1', '10:2', '10:3', '11:1', '11:2', '11:3', '12:1', '12:2', '12:3']);
    for (const runId of [10, 11, 12]) assert.match(readFileSync(runLogPath(f.settings.databasePath, f.storeId, runId), 'utf8'), /"type":"run-ended"/);
    assert.deepEqual(readdirSync(join(f.folder, '.fluke', 'logs', f.storeId)).sort(), ['run-10.log', 'run-11.log', 'run-12.log']);
    assert.deepEqual(f.manager.active(), []);
    assert.deepEqual(f.requests, []);
  } finally {
    f.cleanup();
  }
});

test('a process that dies without ending its run is reported crashed with its last words, and serve reconciles', async () => {
  const f = fixture();
  try {
    f.manager.enqueue([{ experimentPath: f.experiment('crashy', { firstRunId: 5, mode: 'crash' }), label: 'crashy', gridIndex: null, resumeRunId: null }]);
    await f.endsCount(1);
    assert.equal(f.ends[0]!.runId, 5);
    assert.equal(f.ends[0]!.status, 'crashed');
    assert.match(f.ends[0]!.error!, /exited with code 139 before ending the run: Segmentation fault in a kernel/);
    assert.deepEqual(f.requests, ['runs/reconcile']);
  } finally {
    f.cleanup();
  }
});

test('a trainer that refuses the file fails before any run, with its message; a missing Node too', async () => {
  const f = fixture();
  try {
    f.manager.enqueue([{ experimentPath: f.experiment('bad', { firstRunId: 1, mode: 'bad-file' }), label: 'bad', gridIndex: null, resumeRunId: null }]);
    await f.endsCount(1);
    assert.deepEqual([f.ends[0]!.runId, f.ends[0]!.status], [null, 'failed']);
    assert.match(f.ends[0]!.error!, /exited with code 1 before starting a run: fluke train: .*bad\.experiment\.json: error at \/method\/clusters/);
    assert.deepEqual(readdirSync(join(f.folder, '.fluke', 'logs')), [], 'no orphan pending log is left');
    f.settings.nodePath = join(f.folder, 'no-such-node');
    f.manager.enqueue([{ experimentPath: 'x', label: 'x', gridIndex: null, resumeRunId: null }]);
    await f.endsCount(2);
    assert.match(f.ends[1]!.error!, /Node\.js not found/);
    assert.deepEqual(f.manager.active(), []);
  } finally {
    f.cleanup();
  }
});

test('stop cancels a queued run and sends SIGTERM to a running one, which ends as stopped', async () => {
  const f = fixture();
  try {
    const path = f.experiment('long', { firstRunId: 20, mode: 'slow' });
    const [first, second] = f.manager.enqueue([0, 1].map((gridIndex) => ({ experimentPath: path, label: `long ${gridIndex}`, gridIndex, resumeRunId: null })));
    assert.equal(await f.manager.stop(second!), 'cancelled');
    await new Promise<void>((resolve) => {
      const check = () => (f.manager.findByRunId(20)?.epoch ? resolve() : setTimeout(check, 20));
      check();
    });
    assert.equal(f.manager.active()[0]!.state, 'running');
    assert.equal(await f.manager.stop(first!), 'terminated');
    await f.endsCount(1);
    assert.deepEqual(f.ends.map((end) => [end.runId, end.status]), [[20, 'stopped']]);
  } finally {
    f.cleanup();
  }
});

test('after a reload it follows a live run through its log and leaves a dead one to reconcile', async () => {
  const f = fixture();
  try {
    // A training process started by the previous window: detached, writing to run-31.log.
    const logPath = runLogPath(f.settings.databasePath, f.storeId, 31);
    mkdirSync(join(f.folder, '.fluke', 'logs', f.storeId), { recursive: true });
    const output = openSync(logPath, 'a');
    const path = f.experiment('old', { firstRunId: 31, mode: 'slow' });
    const orphan = spawn(process.execPath, [f.settings.cliPath, 'train', path], { detached: true, stdio: ['ignore', output, output] });
    const record = (id: number, pid: number | null): RunRecord => ({
      id, experimentId: 1, experimentPath: path, name: `old ${id}`, config: {} as RunRecord['config'], gridValues: {}, status: 'running',
      pid, host: 'this-host', backend: 'cpu', seed: 1, epochs: 3, lastEpoch: 0, bestRecallAt1: null, createdAt: '', startedAt: null, endedAt: null, error: null,
    });
    f.setStoredRuns([record(31, orphan.pid!), record(32, 999_999_999)]);
    const plan = await f.manager.reattach();
    assert.deepEqual(plan.follow.map((entry) => [entry.run.id, entry.logPath]), [[31, logPath]]);
    assert.deepEqual(plan.crashed.map((run) => run.id), [32]);
    assert.deepEqual(f.requests, ['runs/list', 'runs/reconcile']);
    assert.deepEqual(f.manager.active().map((run) => [run.runId, run.state]), [[31, 'running']]);
    const epochs: number[] = [];
    f.manager.onRunOutput((out) => out.event?.type === 'epoch' && epochs.push(out.event.epoch));
    await new Promise<void>((resolve) => {
      const check = () => (epochs.length >= 1 ? resolve() : setTimeout(check, 20));
      check();
    });
    orphan.kill('SIGTERM');
    await f.endsCount(1);
    assert.deepEqual(f.ends.map((end) => [end.runId, end.status]), [[31, 'stopped']]);
    assert.ok(existsSync(logPath));
  } finally {
    f.cleanup();
  }
});
