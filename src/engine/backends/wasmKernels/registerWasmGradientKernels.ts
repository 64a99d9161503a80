import * as tf from '@tensorflow/tfjs';
import { conv2DBackpropFilterConfig } from './conv2DBackpropFilter';
import { makeConv2DBackpropInput } from './conv2DBackpropInput';

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
  const stockBackpropInput = tf.getKernel('Conv2DBackpropInput', 'wasm');
  if (!stockBackpropInput) throw new Error('wasm backend has no Conv2DBackpropInput kernel to fall back on');
  tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
  tf.registerKernel({ kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc: makeConv2DBackpropInput(stockBackpropInput.kernelFunc) });
}
