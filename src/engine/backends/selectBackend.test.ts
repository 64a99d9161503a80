import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { probeBackends } from './probeBackends';
import { selectBackend } from './selectBackend';

function installed(packageName: string): boolean {
  try {
    require.resolve(packageName);
    return true;
  } catch {
    return false;
  }
}

const natives = [
  { name: 'tensorflow-gpu', packageName: '@tensorflow/tfjs-node-gpu' },
  { name: 'tensorflow', packageName: '@tensorflow/tfjs-node' },
] as const;

test('probeBackends lists every backend, says why a native one is missing, and restores the active backend', async () => {
  await tf.setBackend('cpu');
  const probes = await probeBackends();
  assert.deepEqual(
    probes.map((probe) => probe.name),
    ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'],
  );
  for (const { name, packageName } of natives) {
    const probe = probes.find((p) => p.name === name)!;
    if (!installed(packageName)) {
      assert.equal(probe.available, false);
      assert.match(probe.detail, new RegExp(`${packageName.replace('/', '\\/')} does not load: not installed`));
    } else {
      assert.ok(probe.detail.includes(packageName), probe.detail);
    }
  }
  const wasm = probes.find((p) => p.name === 'wasm')!;
  assert.equal(wasm.available, true, wasm.detail);
  assert.match(wasm.detail, /tfjs-backend-wasm \((no )?SIMD, \d+ threads?\)/);
  assert.equal(tf.getBackend(), 'cpu');
});

test('selectBackend: an explicit native backend that is missing is an error naming the reason', async (t) => {
  if (installed('@tensorflow/tfjs-node')) {
    t.diagnostic('tfjs-node is installed here; checking that it is selected instead');
    const selected = await selectBackend('tensorflow', null);
    assert.equal(selected.name, 'tensorflow');
    return;
  }
  await assert.rejects(selectBackend('tensorflow', null), /runtime\.backend "tensorflow" is not available: @tensorflow\/tfjs-node does not load/);
});

test('selectBackend auto takes the first that loads, and reports what it skipped', async () => {
  // The order auto tries, against what the probe (which loads each on its own) found available here.
  const probes = await probeBackends();
  const expected = (['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const).find((name) => probes.find((probe) => probe.name === name)!.available);
  const selected = await selectBackend('auto', null);
  assert.equal(selected.name, expected);
  assert.equal(tf.getBackend(), selected.name === 'wasm' ? 'wasm' : 'tensorflow');
  assert.equal(selected.warning, null);
  if (expected === 'wasm') assert.match(selected.detail, /skipped tensorflow-gpu: .*; tensorflow: /);
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
