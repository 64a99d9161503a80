import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listRuns, storeInfo } from '../../protocol/rpc';
import type { ExperimentConfig } from '../../protocol/experiment';
import { ensureExperiment } from '../../store/experiments';
import { closeStore, openStore } from '../../store/openStore';
import { createRun } from '../../store/runs';
import { ServeClient, type ServeLog } from './serveClient';

const cliPath = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const quietLog: ServeLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

function until<T>(event: (listener: (value: T) => void) => unknown, accept: (value: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => event((value) => accept(value) && resolve(value)));
}

test('ServeClient against a real `fluke serve`: requests, store-change notifications, restart after a crash', { timeout: 30_000 }, async () => {
  assert.ok(existsSync(cliPath), `${cliPath} is missing: run \`npm run build\` first (this test spawns the real fluke serve)`);
  const folder = mkdtempSync(join(tmpdir(), 'fluke-serve-'));
  const databasePath = join(folder, '.fluke', 'fluke.db');
  const client = ServeClient.start({ nodePath: process.execPath, cliPath, databasePath, cwd: folder, log: quietLog, restartDelaysMs: [50] });
  try {
    const started = until(client.onDidStart);
    const info = await client.request(storeInfo, {});
    assert.equal(info.path, databasePath);
    assert.equal(info.nodeVersion, process.version);
    assert.equal((await started).path, databasePath);
    assert.deepEqual(await client.request(listRuns, {}), []);

    // Another process (here: this test, through the store module) writes a run; serve notices and says so.
    const store = openStore(databasePath);
    const experiment = ensureExperiment(store, join(folder, 'a.experiment.json'), 'a');
    const config = { epochs: 3, runtime: { seed: 1 } } as unknown as ExperimentConfig;
    const changed = until(client.onRunsChanged);
    const run = createRun(store, { experimentId: experiment.id, name: 'a', config, gridValues: {}, pid: null, host: null, processIdentity: null });
    closeStore(store);
    assert.deepEqual((await changed).runIds, [run.id]);

    // serve dies: the client starts another and requests work again.
    const firstPid = client.processId!;
    const restarted = until(client.onDidStart);
    process.kill(firstPid, 'SIGKILL');
    await restarted;
    assert.notEqual(client.processId, firstPid);
    assert.deepEqual((await client.request(listRuns, {})).map((record) => [record.id, record.name, record.status]), [[run.id, 'a', 'queued']]);
  } finally {
    client.dispose();
    rmSync(folder, { recursive: true, force: true });
  }
});

test('ServeClient passes --images-under and --read-only in Restricted Mode and drops them on a restart with imagesUnder null', { timeout: 30_000 }, async () => {
  assert.ok(existsSync(cliPath), `${cliPath} is missing: run \`npm run build\` first (this test spawns the real fluke serve)`);
  const folder = mkdtempSync(join(tmpdir(), 'fluke-serve-restricted-'));
  const lines: string[] = [];
  const log: ServeLog = { info: (line) => lines.push(line), warn: () => undefined, error: () => undefined };
  const client = ServeClient.start({ nodePath: process.execPath, cliPath, databasePath: join(folder, 'fluke.db'), cwd: folder, imagesUnder: folder, log });
  try {
    await client.request(storeInfo, {});
    assert.ok(lines.some((line) => line.startsWith('starting fluke serve') && line.endsWith(`--images-under ${folder} --read-only`)), lines.join('\n'));
    const restarted = until(client.onDidStart);
    client.restart({ imagesUnder: null });
    await restarted;
    assert.ok(!/--images-under|--read-only/.test(lines.filter((line) => line.startsWith('starting fluke serve'))[1]!), lines.join('\n'));
  } finally {
    client.dispose();
    rmSync(folder, { recursive: true, force: true });
  }
});
