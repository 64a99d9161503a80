import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '../../../random/seededRandom';
import { initialiseWasmBackend } from '../initialiseWasmBackend';

// The package's own kernels, captured before any test initialises wasm and replaces them.
const stockKernels = {
  Conv2DBackpropInput: tf.getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc,
  MaxPoolGrad: tf.getKernel('MaxPoolGrad', 'wasm')?.kernelFunc,
};

interface ConvCase {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  stride: number;
  pad: 'same' | 'valid';
}

const cases: ConvCase[] = [
  { x: [2, 8, 8, 3], filter: [3, 3, 3, 4], stride: 1, pad: 'same' },
  { x: [2, 8, 8, 3], filter: [3, 3, 3, 4], stride: 2, pad: 'same' },
  { x: [2, 9, 7, 3], filter: [3, 3, 3, 5], stride: 2, pad: 'same' },
  { x: [3, 9, 7, 2], filter: [3, 3, 2, 5], stride: 2, pad: 'valid' },
  { x: [1, 10, 10, 2], filter: [1, 1, 2, 3], stride: 2, pad: 'same' },
  { x: [3, 11, 6, 4], filter: [5, 3, 4, 2], stride: 1, pad: 'valid' },
  { x: [4, 16, 16, 8], filter: [3, 3, 8, 16], stride: 1, pad: 'same' },
];

/** dL/dx and dL/dW of L = sum(conv(x, W) * upstream) on the given backend. */
async function convGradients(backend: 'cpu' | 'wasm', c: ConvCase, seed: number): Promise<[Float32Array, Float32Array]> {
  await tf.setBackend(backend);
  const random = new SeededRandom(seed);
  const make = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random.normal()), shape);
  return tf.tidy(() => {
    const x = make(c.x) as tf.Tensor4D;
    const filter = make(c.filter) as tf.Tensor4D;
    const outShape = tf.conv2d(x, filter, c.stride, c.pad).shape;
    const upstream = make(outShape);
    const gradients = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad), upstream)));
    const [dx, dw] = gradients([x, filter]);
    return [dx!.dataSync() as Float32Array, dw!.dataSync() as Float32Array] as [Float32Array, Float32Array];
  });
}

function maxRelativeError(actual: Float32Array, expected: Float32Array): number {
  assert.equal(actual.length, expected.length);
  let error = 0;
  let scale = 0;
  for (let i = 0; i < actual.length; i++) {
    error = Math.max(error, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return error / scale;
}

test('wasm Conv2DBackpropFilter and Conv2DBackpropInput match the cpu backend (strides 1 and 2, same and valid)', async () => {
  const wasm = await initialiseWasmBackend(null);
  assert.ok(wasm.loaded, wasm.detail);
  for (const [index, c] of cases.entries()) {
    const [cpuDx, cpuDw] = await convGradients('cpu', c, index);
    const [wasmDx, wasmDw] = await convGradients('wasm', c, index);
    const label = `x ${c.x} filter ${c.filter} stride ${c.stride} ${c.pad}`;
    assert.ok(maxRelativeError(wasmDx, cpuDx) < 1e-5, `dx ${label}: ${maxRelativeError(wasmDx, cpuDx)}`);
    assert.ok(maxRelativeError(wasmDw, cpuDw) < 1e-5, `dW ${label}: ${maxRelativeError(wasmDw, cpuDw)}`);
  }
});

interface PoolCase {
  x: [number, number, number, number];
  size: number;
  stride: number;
  pad: 'same' | 'valid';
}

const poolCases: PoolCase[] = [
  { x: [2, 8, 8, 3], size: 2, stride: 2, pad: 'valid' },
  { x: [2, 8, 6, 4], size: 2, stride: 2, pad: 'same' },
  { x: [2, 9, 7, 4], size: 2, stride: 2, pad: 'same' }, // padded windows
  { x: [1, 9, 9, 2], size: 3, stride: 2, pad: 'same' }, // overlapping windows
  { x: [3, 6, 10, 5], size: 3, stride: 1, pad: 'valid' },
];

/** dL/dx of L = sum(maxPool(relu(x)) * upstream): the ReLU makes all-zero windows (ties). */
async function poolGradient(backend: 'cpu' | 'wasm', c: PoolCase, seed: number): Promise<Float32Array> {
  await tf.setBackend(backend);
  const random = new SeededRandom(seed);
  const make = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random.normal() - 0.8), shape);
  return tf.tidy(() => {
    const x = make(c.x) as tf.Tensor4D;
    const upstream = make(tf.maxPool(x, c.size, c.stride, c.pad).shape);
    const gradient = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(tf.relu(a) as tf.Tensor4D, c.size, c.stride, c.pad), upstream)));
    return gradient(x).dataSync() as Float32Array;
  });
}

test('wasm MaxPoolGrad matches the cpu backend, overlapping windows and ties included', async () => {
  await initialiseWasmBackend(null);
  for (const [index, c] of poolCases.entries()) {
    const cpu = await poolGradient('cpu', c, 10 + index);
    const wasm = await poolGradient('wasm', c, 10 + index);
    assert.ok(maxRelativeError(wasm, cpu) < 1e-6, `x ${c.x} pool ${c.size} stride ${c.stride} ${c.pad}: ${maxRelativeError(wasm, cpu)}`);
  }
});

test('wasm MaxPoolGrad on tiling windows gives a tie between positive values to the first cell, as the cpu kernel does', async () => {
  await initialiseWasmBackend(null);
  const gradient = async (backend: 'cpu' | 'wasm', pad: 'same' | 'valid') => {
    await tf.setBackend(backend);
    const random = new SeededRandom(20);
    // Values from {-1, 0, 1, 2}: most 2x2 windows hold their maximum more than once.
    const x = tf.tensor4d(Float32Array.from({ length: 2 * 6 * 8 * 3 }, () => Math.floor(random.next() * 4) - 1), [2, 6, 8, 3]);
    const upstream = tf.tensor4d(Float32Array.from({ length: 2 * 3 * 4 * 3 }, () => random.normal()), [2, 3, 4, 3]);
    return tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, 2, 2, pad), upstream)))(x).dataSync() as Float32Array;
  };
  for (const pad of ['valid', 'same'] as const) {
    const cpu = await gradient('cpu', pad);
    const wasm = await gradient('wasm', pad);
    // + 0 turns -0 (a masked-out cell times a negative upstream) into 0.
    assert.deepEqual(Array.from(wasm, (v) => v + 0), Array.from(cpu, (v) => v + 0), pad);
  }
});

test('depthwise convolution gradients (cpu fallback kernels) match the cpu backend', async () => {
  await initialiseWasmBackend(null);
  const depthwiseCases = [
    { x: [2, 7, 6, 3], filter: [3, 3, 3, 1], stride: 1, pad: 'same' },
    { x: [2, 8, 8, 2], filter: [3, 3, 2, 2], stride: 2, pad: 'same' },
    { x: [1, 9, 7, 4], filter: [3, 3, 4, 1], stride: 2, pad: 'valid' },
  ] as const;
  for (const [index, c] of depthwiseCases.entries()) {
    const gradients = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      const random = new SeededRandom(30 + index);
      const make = (shape: readonly number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random.normal()), [...shape]);
      const x = make(c.x) as tf.Tensor4D;
      const filter = make(c.filter) as tf.Tensor4D;
      const upstream = make(tf.depthwiseConv2d(x, filter, c.stride, c.pad).shape);
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad), upstream)),
      )([x, filter]);
      return [dx!.dataSync() as Float32Array, dw!.dataSync() as Float32Array] as const;
    };
    const [cpuDx, cpuDw] = await gradients('cpu');
    const [wasmDx, wasmDw] = await gradients('wasm');
    assert.ok(maxRelativeError(wasmDx, cpuDx) < 1e-6, `depthwise dx case ${index}`);
    assert.ok(maxRelativeError(wasmDw, cpuDw) < 1e-6, `depthwise dW case ${index}`);
  }
});

test('gather gradients (UnsortedSegmentSum) match the cpu backend, repeated and out-of-range ids included', async () => {
  await initialiseWasmBackend(null);
  const run = async (backend: 'cpu' | 'wasm') => {
    await tf.setBackend(backend);
    const random = new SeededRandom(40);
    const params = tf.tensor3d(Float32Array.from({ length: 5 * 4 * 3 }, () => random.normal()), [5, 4, 3]);
    const upstream0 = tf.tensor(Float32Array.from({ length: 6 * 4 * 3 }, () => random.normal()), [6, 4, 3]);
    const upstream1 = tf.tensor(Float32Array.from({ length: 5 * 3 * 3 }, () => random.normal()), [5, 3, 3]);
    const axis0 = tf.grad((p: tf.Tensor) => tf.sum(tf.mul(tf.gather(p, [4, 0, 4, 2, 4, 1]), upstream0)))(params);
    const axis1 = tf.grad((p: tf.Tensor) => tf.sum(tf.mul(tf.gather(p, [3, 3, 0], 1), upstream1)))(params);
    // TensorFlow drops ids outside [0, numSegments).
    const direct = tf.unsortedSegmentSum(tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]), tf.tensor1d([2, -1, 0, 2], 'int32'), 3);
    return [axis0, axis1, direct].map((t) => Array.from(t.dataSync()));
  };
  const cpu = await run('cpu');
  const wasm = await run('wasm');
  cpu.forEach((expected, i) => assert.ok(maxRelativeError(Float32Array.from(wasm[i]!), Float32Array.from(expected)) < 1e-6, `result ${i}`));
  assert.deepEqual(wasm[2], [5, 6, 0, 0, 8, 10]);
});

test('the wasm gradient kernels free their intermediate buffers', async () => {
  await initialiseWasmBackend(null);
  await convGradients('wasm', cases[2]!, 0); // warm-up (kernel setup)
  await poolGradient('wasm', poolCases[0]!, 0);
  const before = tf.engine().backend.numDataIds();
  await convGradients('wasm', cases[2]!, 0);
  await convGradients('wasm', cases[3]!, 1);
  await poolGradient('wasm', poolCases[2]!, 0);
  await poolGradient('wasm', poolCases[0]!, 1);
  assert.equal(tf.engine().backend.numDataIds(), before);
});

test('the stock wasm kernels are replaced, and the missing filter gradient is supplied', async () => {
  await initialiseWasmBackend(null);
  assert.ok(tf.getKernel('Conv2DBackpropFilter', 'wasm'), 'no Conv2DBackpropFilter kernel for wasm');
  for (const [name, stock] of Object.entries(stockKernels)) {
    assert.ok(stock, `the wasm package has no ${name} kernel`);
    assert.notEqual(tf.getKernel(name, 'wasm')!.kernelFunc, stock, `${name} is still the stock kernel`);
  }
});
