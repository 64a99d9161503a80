import * as tf from '@tensorflow/tfjs';
import { conv2DBackpropFilterConfig } from './conv2DBackpropFilter';
import { cpuFallbackKernel } from './cpuFallbackKernel';
import { makeConv2DBackpropInput } from './conv2DBackpropInput';
import { makeMaxPoolGrad } from './maxPoolGrad';
import { unsortedSegmentSumConfig } from './unsortedSegmentSum';

let registered = false;

/**
 * Supplies the training kernels the wasm package lacks or runs slowly. Called after the wasm
 * backend has initialised: the replaced stock kernels keep their setup (their wasm function
 * bindings) and stay reachable as fallbacks.
 */
export function registerWasmGradientKernels(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel(conv2DBackpropFilterConfig);
  replaceKernel('Conv2DBackpropInput', makeConv2DBackpropInput);
  replaceKernel('MaxPoolGrad', makeMaxPoolGrad);
  if (!tf.getKernel('UnsortedSegmentSum', 'wasm')) tf.registerKernel(unsortedSegmentSumConfig);
  for (const kernelName of ['DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput']) {
    if (!tf.getKernel(kernelName, 'wasm')) tf.registerKernel(cpuFallbackKernel(kernelName));
  }
}

/** Swaps a stock kernel for a faster one that falls back on it for the cases it leaves out. */
function replaceKernel(kernelName: string, make: (fallback: tf.KernelFunc) => tf.KernelFunc): void {
  const stock = tf.getKernel(kernelName, 'wasm');
  if (!stock) throw new Error(`wasm backend has no ${kernelName} kernel to fall back on`);
  tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: make(stock.kernelFunc) });
}
