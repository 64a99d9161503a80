import * as tf from '@tensorflow/tfjs';
import type { KernelArgs } from '../wasmKernels/runWasmKernel';

function runTensorflowKernel(backend: tf.KernelBackend, kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): tf.TensorInfo {
  const kernel = tf.getKernel(kernelName, 'tensorflow');
  if (!kernel) throw new Error(`tensorflow backend has no ${kernelName} kernel`);
  return kernel.kernelFunc({ inputs, attrs, backend }) as tf.TensorInfo;
}

/** Adds one zero channel at the end of the last axis. */
function withZeroChannel(backend: tf.KernelBackend, x: tf.TensorInfo): tf.TensorInfo {
  const paddings = x.shape.map((_, axis) => [0, axis === x.shape.length - 1 ? 1 : 0]);
  return runTensorflowKernel(backend, 'PadV2', { x }, { paddings, constantValue: 0 } as unknown as tf.NamedAttrMap);
}

/**
 * TensorFlow 2.21's oneDNN Conv2DBackpropInput was seen returning wrong values about half the
 * time with exactly one input and one output channel (on an AVX-512 CPU, also from Python);
 * other channel counts matched the cpu backend. For that case the filter and dy get a second,
 * all-zero output channel, which leaves dx unchanged and moves the op off the failing path.
 * Turning oneDNN off instead (TF_ENABLE_ONEDNN_OPTS=0) costs 3-5x on every convolution.
 */
export function routeSingleChannelBackpropInput(): void {
  const original = tf.getKernel('Conv2DBackpropInput', 'tensorflow');
  if (!original || (original.kernelFunc as { routed?: boolean }).routed) return;
  const routed = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const attrs = args.attrs as { dataFormat?: string } | undefined;
    if (filter.shape[2] !== 1 || filter.shape[3] !== 1 || attrs?.dataFormat === 'NCHW') return original.kernelFunc(args as never);
    const paddedDy = withZeroChannel(args.backend, dy);
    const paddedFilter = withZeroChannel(args.backend, filter);
    try {
      return original.kernelFunc({ ...args, inputs: { dy: paddedDy, filter: paddedFilter } } as never);
    } finally {
      args.backend.disposeData(paddedDy.dataId);
      args.backend.disposeData(paddedFilter.dataId);
    }
  };
  routed.routed = true;
  tf.unregisterKernel('Conv2DBackpropInput', 'tensorflow');
  tf.registerKernel({ ...original, kernelFunc: routed as unknown as tf.KernelFunc });
}
