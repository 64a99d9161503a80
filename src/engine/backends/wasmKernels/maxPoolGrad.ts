import * as tf from '@tensorflow/tfjs';
import { disposeIntermediates, runWasmKernel, type KernelArgs } from './runWasmKernel';
import { tiledMaxPoolGrad } from './tiledMaxPoolGrad';

interface MaxPoolGradAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * Windows that tile the input go to `tiledMaxPoolGrad`. Otherwise the max-pool gradient is
 * "find each window's argmax, scatter dy there", both done by the
 * package's own kernels (MaxPoolWithArgmax, ScatterNd): its MaxPoolGrad rescans every
 * window per output and took a fifth of a training step here. ScatterNd adds up updates
 * that land on the same input (overlapping windows), which is the gradient.
 *
 * The package's MaxPoolWithArgmax starts each window's maximum at FLT_MIN (the smallest
 * positive float), so a window with no positive value (all zeros after a ReLU) gets index
 * 0. The argmax is therefore taken on x - min(x) + 1, where every value is >= 1; the shift
 * keeps the order, but values closer than float precision at that magnitude (~1e-7
 * relative) become ties, which go to the first in the window as in the cpu kernel.
 * Rounding modes the argmax kernel does not take go to `fallback`.
 */
export function makeMaxPoolGrad(fallback: tf.KernelFunc): tf.KernelFunc {
  const maxPoolGrad = (args: KernelArgs): tf.TensorInfo => {
    const { dy, input, output } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo; output: tf.TensorInfo };
    const attrs = args.attrs as unknown as MaxPoolGradAttrs;
    const backend = args.backend;
    if (attrs.dimRoundingMode !== undefined && attrs.dimRoundingMode !== null) return fallback(args as never) as tf.TensorInfo;
    const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad);
    const tiled = tiledMaxPoolGrad(backend, dy, input, output, info);
    if (tiled) return tiled;
    const minimum = runWasmKernel(backend, 'Min', { x: input }, { axis: input.shape.map((_, axis) => axis), keepDims: false });
    const lowest = (backend.readSync(minimum.dataId) as Float32Array)[0]!;
    const offset: tf.TensorInfo = { dataId: backend.write(new Float32Array([1 - lowest]), [], 'float32'), shape: [], dtype: 'float32' };
    const shifted = runWasmKernel(backend, 'Add', { a: input, b: offset });
    const [pooled, indexes] = tf.getKernel('MaxPoolWithArgmax', 'wasm')!.kernelFunc({
      inputs: { x: shifted },
      backend,
      attrs: { filterSize: attrs.filterSize, strides: attrs.strides, pad: attrs.pad, includeBatchInIndex: true },
    }) as tf.TensorInfo[];
    const count = dy.shape.reduce((product, size) => product * size, 1);
    const size = input.shape.reduce((product, dimension) => product * dimension, 1);
    const indices = runWasmKernel(backend, 'Reshape', { x: indexes! }, { shape: [count, 1] });
    const updates = runWasmKernel(backend, 'Reshape', { x: dy }, { shape: [count] });
    const flat = runWasmKernel(backend, 'ScatterNd', { indices, updates }, { shape: [size] });
    const dx = runWasmKernel(backend, 'Reshape', { x: flat }, { shape: input.shape });
    disposeIntermediates(backend, [minimum, offset, shifted, pooled!, indexes!, indices, updates, flat]);
    return dx;
  };
  return maxPoolGrad as unknown as tf.KernelFunc;
}
