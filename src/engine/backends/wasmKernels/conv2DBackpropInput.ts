import * as tf from '@tensorflow/tfjs';
import { disposeIntermediates, runWasmKernel, type KernelArgs } from './runWasmKernel';

interface BackpropInputAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

/**
 * The input gradient as a forward convolution, because the package's own kernel is a naive
 * loop (ten times slower in a probe here). With dy spread out by the stride (s-1 zeros
 * between values), dx is the stride-1 correlation of that with the filter reversed in space
 * and with its in/out channels swapped, padded by (filter - 1 - forward padding).
 * Anything this does not cover (NCHW, padding larger than the filter) goes to `fallback`.
 */
export function makeConv2DBackpropInput(fallback: tf.KernelFunc): tf.KernelFunc {
  const conv2DBackpropInput = (args: KernelArgs): tf.TensorInfo => {
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const attrs = args.attrs as unknown as BackpropInputAttrs;
    const backend = args.backend;
    if (attrs.dataFormat === 'NCHW') return fallback(args as never) as tf.TensorInfo;
    const info = tf.backend_util.computeConv2DInfo(
      attrs.inputShape,
      filter.shape as [number, number, number, number],
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      'channelsLast',
    );
    const { batchSize, filterHeight, filterWidth, strideHeight, strideWidth, inHeight, inWidth, outHeight, outWidth, outChannels } = info;
    const top = filterHeight - 1 - info.padInfo.top;
    const left = filterWidth - 1 - info.padInfo.left;
    const spreadHeight = outHeight * strideHeight;
    const spreadWidth = outWidth * strideWidth;
    // Output row i reads spread rows i - top .. i - top + filterHeight - 1.
    const bottom = inHeight + filterHeight - 1 - top - spreadHeight;
    const right = inWidth + filterWidth - 1 - left - spreadWidth;
    if (top < 0 || left < 0) return fallback(args as never) as tf.TensorInfo;

    const intermediates: tf.TensorInfo[] = [];
    let spread = dy;
    if (strideHeight > 1 || strideWidth > 1) {
      const expanded = runWasmKernel(backend, 'Reshape', { x: dy }, { shape: [batchSize, outHeight, 1, outWidth, 1, outChannels] });
      const padded = runWasmKernel(
        backend,
        'PadV2',
        { x: expanded },
        { paddings: [[0, 0], [0, 0], [0, strideHeight - 1], [0, 0], [0, strideWidth - 1], [0, 0]], constantValue: 0 },
      );
      spread = runWasmKernel(backend, 'Reshape', { x: padded }, { shape: [batchSize, spreadHeight, spreadWidth, outChannels] });
      intermediates.push(expanded, padded, spread);
    }
    // Trailing zeros of the spread beyond what the last row needs are cut, not padded.
    if (bottom < 0 || right < 0) {
      const cut = runWasmKernel(
        backend,
        'Slice',
        { x: spread },
        { begin: [0, 0, 0, 0], size: [batchSize, spreadHeight + Math.min(0, bottom), spreadWidth + Math.min(0, right), outChannels] },
      );
      intermediates.push(cut);
      spread = cut;
    }
    const reversed = runWasmKernel(backend, 'Reverse', { x: filter }, { dims: [0, 1] });
    const swapped = runWasmKernel(backend, 'Transpose', { x: reversed }, { perm: [0, 1, 3, 2] });
    intermediates.push(reversed, swapped);
    const result = runWasmKernel(
      backend,
      'Conv2D',
      { x: spread, filter: swapped },
      {
        strides: [1, 1],
        pad: [[0, 0], [top, Math.max(0, bottom)], [left, Math.max(0, right)], [0, 0]],
        dataFormat: 'NHWC',
        dilations: [1, 1],
      },
    );
    disposeIntermediates(backend, intermediates);
    return result;
  };
  return conv2DBackpropInput as unknown as tf.KernelFunc;
}
