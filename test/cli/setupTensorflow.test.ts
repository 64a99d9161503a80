/**
 * `fluke setup tensorflow` as a real child process: a second run on the installed backend
 * only checks it; --gpu on a machine whose pip index lacks the CUDA 12 wheels fails naming
 * each of them; a cancel in the middle leaves nothing half-installed; wrong usage exits 2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTensorflowBackend } from '../../src/engine/backends/fixtures/requireTensorflowBackend';
import { cudaRuntimeWheels } from '../../src/engine/backends/tensorflowInstall/tensorflowRelease';
import { wheelCacheDir } from '../../src/engine/backends/tensorflowInstall/tensorflowHome';
import type { SetupEvent } from '../../src/protocol/setupEvents';
import { ensureCliBuilt, finished, runFluke, startFluke } from './bundledFluke';

function setupEvents(stdout: string): SetupEvent[] {
  return stdout.split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as SetupEvent);
}

test('fluke setup tensorflow on an installed backend checks that it trains and installs nothing again', async () => {
  await requireTensorflowBackend();
  ensureCliBuilt();
  const result = await runFluke(['setup', 'tensorflow', '--json']);
  assert.equal(result.code, 0, result.stderr);
  const last = setupEvents(result.stdout).at(-1);
  assert.ok(last?.type === 'installed' && last.alreadyInstalled && last.tensorflowVersion === '2.21.0', JSON.stringify(last));
});

test('fluke setup tensorflow --gpu names every wheel pip cannot get and leaves no install behind', async () => {
  ensureCliBuilt();
  const home = mkdtempSync(join(tmpdir(), 'fluke-tf-gpu-'));
  try {
    const result = await runFluke(['setup', 'tensorflow', '--gpu'], { env: { ...process.env, FLUKE_TENSORFLOW_HOME: home } });
    // On a machine whose index has the CUDA 12 wheels this test would install the GPU build: it is written for these machines.
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /pip \(python3\) cannot download tensorflow==2\.21\.0/);
    for (const wheel of cudaRuntimeWheels) assert.ok(result.stderr.includes(wheel), `${wheel} not named: ${result.stderr}`);
    assert.deepEqual(readdirSync(home), ['wheels']);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('fluke setup tensorflow cancelled while it lays out the libraries removes its partial folder', async () => {
  ensureCliBuilt();
  const home = mkdtempSync(join(tmpdir(), 'fluke-tf-cancel-'));
  try {
    // The wheel cache of the real install, so pip finds the 274 MB wheel already there.
    mkdirSync(wheelCacheDir(), { recursive: true });
    symlinkSync(wheelCacheDir(), join(home, 'wheels'));
    const child = startFluke(['setup', 'tensorflow', '--json'], { env: { ...process.env, FLUKE_TENSORFLOW_HOME: home } });
    child.stdin!.end();
    child.stdout!.on('data', (chunk: Buffer) => {
      if (/"step":4/.test(chunk.toString())) child.kill('SIGTERM');
    });
    const result = await finished(child);
    assert.equal(result.code, 1, result.stderr);
    const events = setupEvents(result.stdout);
    assert.ok(events.some((event) => event.type === 'progress' && event.step === 4), result.stdout);
    assert.deepEqual(events.at(-1), { type: 'failed', message: 'fluke setup tensorflow: cancelled; nothing was left half-installed' });
    assert.deepEqual(readdirSync(home), ['wheels']);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('fluke setup: an unknown component or flag is a usage error (exit 2)', async () => {
  ensureCliBuilt();
  const unknownComponent = await runFluke(['setup', 'pytorch']);
  assert.equal(unknownComponent.code, 2);
  assert.match(unknownComponent.stderr, /unknown component "pytorch" \(only "tensorflow"\)/);
  const unknownFlag = await runFluke(['setup', 'tensorflow', '--cuda']);
  assert.equal(unknownFlag.code, 2);
  assert.match(unknownFlag.stderr, /unknown flag --cuda/);
});
