import * as tf from '@tensorflow/tfjs';

/**
 * A wasm kernel that runs the cpu backend's implementation on copies of its inputs. For
 * the gradients the wasm package lacks and that only layers a user brings would use
 * (depthwise convolutions of a MobileNet-style LayersModel): slower than a native kernel,
 * but exactly the cpu result, so such a model trains instead of failing.
 */
export function cpuFallbackKernel(kernelName: string): tf.KernelConfig {
  const kernelFunc = (args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): tf.TensorInfo => {
    const cpu = tf.findBackend('cpu');
    const cpuKernel = tf.getKernel(kernelName, 'cpu');
    if (!cpu || !cpuKernel) throw new Error(`${kernelName}: no cpu kernel to fall back on from wasm`);
    const { backend } = args;
    const copies: tf.TensorInfo[] = [];
    const inputs: tf.NamedTensorInfoMap = {};
    for (const [name, info] of Object.entries(args.inputs)) {
      if (!info) continue;
      const copy = { dataId: cpu.write(backend.readSync(info.dataId), info.shape, info.dtype), shape: info.shape, dtype: info.dtype };
      copies.push(copy);
      inputs[name] = copy;
    }
    const output = cpuKernel.kernelFunc({ inputs, attrs: args.attrs ?? {}, backend: cpu });
    if (Array.isArray(output)) throw new Error(`${kernelName}: cpu fallback for a kernel with several outputs is not supported`);
    const values = cpu.readSync(output.dataId);
    for (const info of [...copies, output]) cpu.disposeData(info.dataId);
    return { dataId: backend.write(values, output.shape, output.dtype), shape: output.shape, dtype: output.dtype };
  };
  return { kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
