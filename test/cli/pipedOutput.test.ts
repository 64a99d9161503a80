import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readExperimentText } from '../../src/experiment/readExperimentText';
import { ensureExperiment } from '../../src/store/experiments';
import { closeStore, openStore } from '../../src/store/openStore';
import { createRun } from '../../src/store/runs';
import { StoreRunSink } from '../../src/store/storeRunSink';
import { cliPath, ensureCliBuilt } from './bundledFluke';

const dir = mkdtempSync(join(tmpdir(), 'fluke-piped-'));
const db = join(dir, 'fluke.db');
test.before(() => {
  ensureCliBuilt();
  const store = openStore(db);
  const experimentPath = join(dir, 'big.experiment.json');
  const config = readExperimentText(JSON.stringify({ name: 'big', data: { path: '/' }, epochs: 2000 }), experimentPath).runs[0]!.config;
  const experiment = ensureExperiment(store, experimentPath, 'big');
  // 2500 runs and one run with 2000 epochs: every output below is far above 64 KiB.
  store.db.transaction(() => {
    for (let index = 0; index < 2500; index++) createRun(store, { experimentId: experiment.id, name: `big-${index}`, config, gridValues: {}, pid: null, host: null, processIdentity: null });
  })();
  const sink = new StoreRunSink(store, 1);
  for (let epoch = 1; epoch <= 2000; epoch++) {
    sink.writeEpoch({
      epoch: { epoch, loss: 1 / epoch, learnerLosses: [1 / epoch, 2 / epoch], learningRate: 0.001, seconds: 1.5, imagesPerSecond: 300, endedAt: new Date(0).toISOString() },
      metrics: { epoch, recallAtK: { '1': 0.5, '2': 0.75, '4': 0.875, '8': 1 }, nmi: 0.5, mapAtR: 0.25, rPrecision: 0.3, map5: 0.4 },
      clusterings: [],
      retrievals: null,
      checkpointPath: null,
    });
  }
  closeStore(store);
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs fluke with its stdout piped into `cat` (another process), as `fluke runs --json | wc -c` does; returns what came out. */
function throughPipe(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const quoted = [process.execPath, cliPath, ...args].map((arg) => `'${arg.replace(/'/g, "'\\\\''")}'`).join(' ');
  // `sleep` first so that the pipe fills up before anyone reads it.
  const child = spawn('bash', ['-c', `set -o pipefail; ${quoted} | (sleep 0.3; cat)`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

for (const args of [['runs', '--json'], ['runs'], ['show', '1', '--json'], ['show', '1'], ['export', '1', '--format', 'json'], ['export', '1', '--format', 'csv']]) {
  test(`fluke ${args.join(' ')} writes all of a large output into a pipe before it exits`, async () => {
    const result = await throughPipe([...args, '--db', db]);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(Buffer.byteLength(result.stdout) > 128 * 1024, `only ${Buffer.byteLength(result.stdout)} bytes: the test data must be larger than a pipe's buffer`);
    if (args.includes('json')) assert.doesNotThrow(() => JSON.parse(result.stdout), `the JSON is cut at ${Buffer.byteLength(result.stdout)} bytes`);
    if (args[0] === 'runs' && args.length === 1) assert.match(result.stdout, /big-0\b/);
    if (args[0] === 'show' && args.length === 2) assert.match(result.stdout, /\n2000\t/);
    if (args.includes('csv')) assert.match(result.stdout, /\n2000,[^\n]*\n$/);
  });
}
