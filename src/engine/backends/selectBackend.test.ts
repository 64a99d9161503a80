import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { probeBackends } from './probeBackends';
import { selectBackend } from './selectBackend';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTensorflowBackend } from './fixtures/requireTensorflowBackend';
import { loadNativeBackend } from './loadNativeBackend';
import { type InstallManifest, readInstallManifest } from './tensorflowInstall/installManifest';
import { nativeLibraryEnvironment } from './tensorflowInstall/nativeLibraryEnvironment';
import { tensorflowInstallDir } from './tensorflowInstall/tensorflowHome';

test('probeBackends lists every backend, finds the installed tensorflow, says how to install the GPU one, and restores the active backend', async () => {
  await requireTensorflowBackend();
  await tf.setBackend('cpu');
  const probes = await probeBackends();
  assert.deepEqual(
    probes.map((probe) => probe.name),
    ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'],
  );
  const byName = (name: string) => probes.find((p) => p.name === name)!;
  assert.equal(byName('tensorflow').available, true, byName('tensorflow').detail);
  assert.match(byName('tensorflow').detail, /^TensorFlow 2\.21\.0 via @tensorflow\/tfjs-node 4\.22\.0 in /);
  const gpuInstalled = readInstallManifest(tensorflowInstallDir('gpu')) !== null;
  if (!gpuInstalled) {
    assert.equal(byName('tensorflow-gpu').available, false);
    assert.match(byName('tensorflow-gpu').detail, /not installed .*run `fluke setup tensorflow --gpu`/);
  }
  assert.equal(byName('auto').detail, `would pick ${gpuInstalled ? 'tensorflow-gpu' : 'tensorflow'}`);
  const wasm = byName('wasm');
  assert.equal(wasm.available, true, wasm.detail);
  assert.match(wasm.detail, /tfjs-backend-wasm \((no )?SIMD, \d+ threads?\)/);
  assert.equal(tf.getBackend(), 'cpu');
});

test('loadNativeBackend names the folder and the command when nothing is installed there', () => {
  const home = mkdtempSync(join(tmpdir(), 'fluke-tf-home-'));
  try {
    const result = loadNativeBackend('cpu', { FLUKE_TENSORFLOW_HOME: home });
    assert.equal(result.loaded, false);
    assert.equal(result.detail, `not installed (no ${join(home, 'cpu', 'install.json')}): run \`fluke setup tensorflow\``);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('loadNativeBackend refuses a GPU install whose CUDA folders are not on LD_LIBRARY_PATH, naming them', () => {
  const home = mkdtempSync(join(tmpdir(), 'fluke-tf-home-'));
  try {
    const installDir = join(home, 'gpu');
    mkdirSync(installDir, { recursive: true });
    const manifest: InstallManifest = { variant: 'gpu', tensorflowVersion: '2.21.0', tfjsNodeVersion: '4.22.0', wheels: [], libraryPath: ['nvidia/cudnn/lib', 'nvidia/cublas/lib'], installedAt: '' };
    writeFileSync(join(installDir, 'install.json'), JSON.stringify(manifest));
    const result = loadNativeBackend('gpu', { FLUKE_TENSORFLOW_HOME: home, LD_LIBRARY_PATH: join(installDir, 'nvidia/cudnn/lib') });
    assert.equal(result.loaded, false);
    assert.match(result.detail, /LD_LIBRARY_PATH lacks its CUDA runtime folders/);
    assert.ok(result.detail.includes(join(installDir, 'nvidia/cublas/lib')) && !result.detail.includes('cudnn'), result.detail);
    // The environment the trainer's spawner builds from the same manifest has them all.
    const env = nativeLibraryEnvironment(installDir, manifest, { LD_LIBRARY_PATH: '/opt/other' });
    assert.equal(env.LD_LIBRARY_PATH, [join(installDir, 'nvidia/cudnn/lib'), join(installDir, 'nvidia/cublas/lib'), '/opt/other'].join(':'));
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('selectBackend: an explicit native backend that loads is selected; one that is missing is an error naming the reason', async () => {
  await requireTensorflowBackend();
  const selected = await selectBackend('tensorflow', null);
  assert.equal(selected.name, 'tensorflow');
  assert.equal(tf.getBackend(), 'tensorflow');
  if (readInstallManifest(tensorflowInstallDir('gpu')) === null) {
    await assert.rejects(selectBackend('tensorflow-gpu', null), /runtime\.backend "tensorflow-gpu" is not available: .*fluke setup tensorflow --gpu/);
  }
});

test('selectBackend auto takes the first that loads, and reports what it skipped', async () => {
  await requireTensorflowBackend();
  const gpuInstalled = readInstallManifest(tensorflowInstallDir('gpu')) !== null;
  const selected = await selectBackend('auto', null);
  assert.equal(selected.name, gpuInstalled ? 'tensorflow-gpu' : 'tensorflow');
  assert.equal(tf.getBackend(), 'tensorflow');
  assert.equal(selected.warning, null);
  if (!gpuInstalled) assert.match(selected.detail, /\(auto; skipped tensorflow-gpu: not installed/);
});

test('selectBackend cpu and wasm switch the active backend; an unknown name is refused', async () => {
  assert.equal((await selectBackend('cpu', null)).name, 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
  assert.equal((await selectBackend('wasm', null)).name, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  await assert.rejects(selectBackend('webgpu' as never, null), /unknown backend "webgpu"/);
  // wasm initialises once per process: a later, larger thread count is reported, not silently dropped.
  assert.match((await selectBackend('wasm', 64)).detail, /SIMD, \d+ threads?; runtime\.threads 64 not honoured/);
});
