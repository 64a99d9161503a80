import * as tf from '@tensorflow/tfjs';
import { cpuFallbackKernel } from './cpuFallbackKernel';
import { disposeIntermediates, runWasmKernel, type KernelArgs } from './runWasmKernel';

const cpuUnsortedSegmentSum = cpuFallbackKernel('UnsortedSegmentSum').kernelFunc;

/**
 * The gradient of tf.gather (used by the losses to pick pairs) needs UnsortedSegmentSum,
 * which the wasm package lacks. It is a ScatterNd with the segment ids as indices, which
 * adds up rows sent to the same segment. ScatterNd does not check bounds, so ids outside
 * [0, numSegments) (which TensorFlow drops) go to the cpu kernel instead.
 */
function unsortedSegmentSum(args: KernelArgs): tf.TensorInfo {
  const { x, segmentIds } = args.inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const numSegments = (args.attrs as { numSegments: number }).numSegments;
  const backend = args.backend;
  const ids = backend.readSync(segmentIds.dataId) as Int32Array;
  const rows = x.shape[0] ?? 0;
  if (segmentIds.shape.length !== 1 || ids.length !== rows || ids.some((id) => id < 0 || id >= numSegments)) {
    return cpuUnsortedSegmentSum(args as never) as tf.TensorInfo;
  }
  const indices = runWasmKernel(backend, 'Reshape', { x: segmentIds }, { shape: [rows, 1] });
  const result = runWasmKernel(backend, 'ScatterNd', { indices, updates: x }, { shape: [numSegments, ...x.shape.slice(1)] });
  disposeIntermediates(backend, [indices]);
  return result;
}

export const unsortedSegmentSumConfig: tf.KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum as unknown as tf.KernelFunc,
};
