import * as tf from '@tensorflow/tfjs';
import { disposeIntermediates, runWasmKernel, type KernelArgs } from './runWasmKernel';

interface BackpropFilterAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/**
 * The filter gradient the wasm package lacks, computed by its own (XNNPACK) Conv2D:
 * dW[kh,kw,ci,co] = sum over b,oh,ow of x[b, oh*s+kh-pad, ow*s+kw-pad, ci] * dy[b,oh,ow,co]
 * is a convolution of x seen as [ci, H, W, batch] with dy seen as a filter
 * [oh, ow, batch, co], stride 1 and dilation s. Its output [ci, >=kh, >=kw, co] is cropped
 * to the filter size and transposed back.
 */
function conv2DBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as BackpropFilterAttrs;
  const backend = args.backend;
  if (attrs.dataFormat === 'NCHW') throw new Error('wasm Conv2DBackpropFilter: only NHWC (channelsLast) is supported');
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const { filterHeight, filterWidth, strideHeight, strideWidth, inHeight, inWidth, outHeight, outWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  // Pad only as far as the last output row/column reaches; never negative.
  const bottom = Math.max(0, (outHeight - 1) * strideHeight + filterHeight - inHeight - top);
  const right = Math.max(0, (outWidth - 1) * strideWidth + filterWidth - inWidth - left);

  const xT = runWasmKernel(backend, 'Transpose', { x }, { perm: [3, 1, 2, 0] });
  const dyT = runWasmKernel(backend, 'Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  const full = runWasmKernel(
    backend,
    'Conv2D',
    { x: xT, filter: dyT },
    {
      strides: [1, 1],
      pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
      dataFormat: 'NHWC',
      dilations: [strideHeight, strideWidth],
    },
  );
  const intermediates = [xT, dyT, full];
  let cropped = full;
  if (full.shape[1] !== filterHeight || full.shape[2] !== filterWidth) {
    cropped = runWasmKernel(backend, 'Slice', { x: full }, { begin: [0, 0, 0, 0], size: [full.shape[0]!, filterHeight, filterWidth, full.shape[3]!] });
    intermediates.push(cropped);
  }
  const result = runWasmKernel(backend, 'Transpose', { x: cropped }, { perm: [1, 2, 0, 3] });
  disposeIntermediates(backend, intermediates);
  return result;
}

export const conv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as tf.KernelFunc,
};
