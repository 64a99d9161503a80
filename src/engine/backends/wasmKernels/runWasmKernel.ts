import * as tf from '@tensorflow/tfjs';

/** What a kernel function receives from the registry. */
export type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap };

/**
 * Runs another wasm kernel from inside a kernel. Kernels receive and return TensorInfos, so
 * composing them goes through the registry; the caller disposes the intermediates it makes
 * with `backend.disposeData`.
 */
export function runWasmKernel(
  backend: tf.KernelBackend,
  kernelName: string,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap = {},
): tf.TensorInfo {
  const kernel = tf.getKernel(kernelName, 'wasm');
  if (!kernel) throw new Error(`wasm backend has no ${kernelName} kernel`);
  const result = kernel.kernelFunc({ inputs, attrs, backend });
  if (Array.isArray(result)) throw new Error(`wasm ${kernelName} returned several outputs`);
  return result;
}

/** Disposes intermediate results of composed kernels. */
export function disposeIntermediates(backend: tf.KernelBackend, infos: tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}
