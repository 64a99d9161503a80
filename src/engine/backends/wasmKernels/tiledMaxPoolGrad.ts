import * as tf from '@tensorflow/tfjs';
import { disposeIntermediates, runWasmKernel } from './runWasmKernel';

/**
 * The max-pool gradient when the windows tile the input exactly (stride = window, no
 * padding: the 2x2/2 pools of a CNN), in a few passes of the package's fast element-wise
 * kernels instead of its MaxPoolWithArgmax loop (about 3x less CPU here). Its broadcasting
 * Equal is very slow on wasm, so "is the window maximum" is tested with Step (y - x > 0).
 * The input is viewed as [windows rows, window height, windows across, window width, C].
 *
 * Ties go to the first maximum in the window (row-major), as in the cpu kernel: each maximum
 * scores `above * priority` (priority counts down from the window's first cell) and every
 * other cell `priority` < `above`; a max pool of the scores then picks one cell per window.
 * Scores are small integers, exact in float32, so "score > best - 0.5" singles it out.
 * Returns null when the windows do not tile the input.
 */
export function tiledMaxPoolGrad(
  backend: tf.KernelBackend,
  dy: tf.TensorInfo,
  input: tf.TensorInfo,
  output: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo | null {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
  const tiles =
    strideHeight === filterHeight &&
    strideWidth === filterWidth &&
    outHeight * filterHeight === inHeight &&
    outWidth * filterWidth === inWidth &&
    padInfo.top === 0 &&
    padInfo.left === 0 &&
    padInfo.bottom === 0 &&
    padInfo.right === 0;
  if (!tiles || input.dtype !== 'float32') return null;
  const cells = filterHeight * filterWidth;
  const above = cells + 1;
  const windowShape = [batchSize * outHeight, filterHeight, outWidth, filterWidth, inChannels];
  const pooledShape = [batchSize * outHeight, 1, outWidth, 1, inChannels];
  const priorities = Float32Array.from({ length: cells }, (_, cell) => cells - cell);
  const priority: tf.TensorInfo = { dataId: backend.write(priorities, [1, filterHeight, 1, filterWidth, 1], 'float32'), shape: [1, filterHeight, 1, filterWidth, 1], dtype: 'float32' };
  const half: tf.TensorInfo = { dataId: backend.write(new Float32Array([0.5]), [], 'float32'), shape: [], dtype: 'float32' };
  const x = runWasmKernel(backend, 'Reshape', { x: input }, { shape: windowShape });
  const y = runWasmKernel(backend, 'Reshape', { x: output }, { shape: pooledShape });
  const gap = runWasmKernel(backend, 'Sub', { a: y, b: x });
  // 1 below the window maximum, `above` at a maximum.
  const weight = runWasmKernel(backend, 'Step', { x: gap }, { alpha: above });
  const score = runWasmKernel(backend, 'Multiply', { a: weight, b: priority });
  const scoreImage = runWasmKernel(backend, 'Reshape', { x: score }, { shape: input.shape });
  const best = runWasmKernel(backend, 'MaxPool', { x: scoreImage }, { filterSize: [filterHeight, filterWidth], strides: [strideHeight, strideWidth], pad: 'valid' });
  const bestWindows = runWasmKernel(backend, 'Reshape', { x: best }, { shape: pooledShape });
  const threshold = runWasmKernel(backend, 'Sub', { a: bestWindows, b: half });
  const margin = runWasmKernel(backend, 'Sub', { a: score, b: threshold });
  const chosen = runWasmKernel(backend, 'Step', { x: margin }, { alpha: 0 });
  const upstream = runWasmKernel(backend, 'Reshape', { x: dy }, { shape: pooledShape });
  const spread = runWasmKernel(backend, 'Multiply', { a: chosen, b: upstream });
  const dx = runWasmKernel(backend, 'Reshape', { x: spread }, { shape: input.shape });
  disposeIntermediates(backend, [priority, half, x, y, gap, weight, score, scoreImage, best, bestWindows, threshold, margin, chosen, upstream, spread]);
  return dx;
}
