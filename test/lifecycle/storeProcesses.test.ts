import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, closeStore } from '../../src/store/openStore';
import { getRun, listRuns } from '../../src/store/runs';
import { listEpochs } from '../../src/store/runResults';
import { listClusterings } from '../../src/store/clusterings';

const root = join(__dirname, '..', '..');
const writer = join(__dirname, 'fixtures', 'storeWriter.ts');
const opener = join(__dirname, 'fixtures', 'storeOpener.ts');

function startWriter(dbPath: string, label: string, epochs: number, mode: 'finish' | 'hang'): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', writer, dbPath, label, String(epochs), mode], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
}

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (chunk) => (err += chunk));
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => pattern.test(l));
      if (line) resolve(line);
    });
    child.on('exit', (code) => reject(new Error(`writer exited ${code} before printing ${pattern}: ${err}`)));
  });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

test('two processes writing the same database at once both succeed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-writers-'));
  try {
    const dbPath = join(dir, 'fluke.db');
    const a = startWriter(dbPath, 'a', 30, 'finish');
    const b = startWriter(dbPath, 'b', 30, 'finish');
    const [codeA, codeB] = await Promise.all([exitCode(a), exitCode(b)]);
    assert.equal(codeA, 0);
    assert.equal(codeB, 0);
    const store = openStore(dbPath);
    const runs = listRuns(store);
    assert.equal(runs.length, 2);
    for (const run of runs) {
      assert.equal(run.status, 'completed');
      assert.equal(run.lastEpoch, 30);
      assert.equal(listEpochs(store, [run.id]).length, 30);
      assert.equal(listClusterings(store, run.id).length, 30);
    }
    closeStore(store);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('four processes creating the same fresh database files at once all open them (no SQLITE_BUSY on the switch to WAL)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-openers-'));
  try {
    // Each new file is raced by all four: about 1 open in 200 failed when the WAL switch did not wait.
    const start = Date.now() + 3000;
    const openers = [0, 1, 2, 3].map(() => spawn(process.execPath, ['--import', 'tsx', opener, dir, '600', String(start)], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] }));
    const stderr = openers.map((child) => {
      let text = '';
      child.stderr!.on('data', (chunk) => (text += chunk));
      return () => text;
    });
    const codes = await Promise.all(openers.map(exitCode));
    assert.deepEqual(codes, [0, 0, 0, 0], stderr.map((text) => text()).join(''));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a process killed with SIGKILL leaves a run that the next open marks crashed, keeping its epochs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-crash-'));
  try {
    const dbPath = join(dir, 'fluke.db');
    const child = startWriter(dbPath, 'victim', 3, 'hang');
    const runLine = await waitForLine(child, /^waiting/);
    assert.ok(runLine);
    const live = openStore(dbPath);
    const runId = listRuns(live)[0]!.id;
    assert.equal(getRun(live, runId)!.status, 'running', 'a live process keeps its run running');
    closeStore(live);
    child.kill('SIGKILL');
    await exitCode(child);
    const store = openStore(dbPath);
    const run = getRun(store, runId)!;
    assert.equal(run.status, 'crashed');
    assert.match(run.error ?? '', /pid \d+/);
    assert.ok(run.endedAt);
    assert.equal(run.lastEpoch, 3);
    closeStore(store);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a run whose pid now belongs to another process (pid reuse) is marked crashed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-reuse-'));
  try {
    const dbPath = join(dir, 'fluke.db');
    const store = openStore(dbPath);
    store.db.prepare("INSERT INTO experiments (id, path, name, created_at) VALUES (1, '/e.experiment.json', 'e', 'now')").run();
    // Our own pid is alive, but with a start time that is not ours: another process's run.
    store.db
      .prepare(
        `INSERT INTO runs (id, experiment_id, name, config, status, pid, host, process_identity, seed, epochs, created_at)
         VALUES (1, 1, 'e', '{}', 'running', ?, ?, 'some-boot:12345', 0, 3, 'now')`,
      )
      .run(process.pid, hostname());
    closeStore(store);
    const reopened = openStore(dbPath);
    assert.equal(getRun(reopened, 1)!.status, 'crashed');
    closeStore(reopened);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
