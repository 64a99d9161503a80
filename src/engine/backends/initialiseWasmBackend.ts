import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { wasmBinaryFolder } from './wasmBinaryFolder';
import { registerWasmGradientKernels } from './wasmKernels/registerWasmGradientKernels';

export interface WasmInitResult {
  loaded: boolean;
  detail: string;
}

let pathsSet = false;

/**
 * Makes 'wasm' the active backend, with the gradient kernels the package lacks registered.
 * The threaded build is not used: in Node the package forces threads off (see the report in
 * docs), so the count is whatever XNNPACK runs on one thread.
 */
export async function initialiseWasmBackend(threads: number | null): Promise<WasmInitResult> {
  try {
    if (!pathsSet) {
      setWasmPaths(wasmBinaryFolder());
      pathsSet = true;
    }
    if (threads !== null) setThreadsCount(threads);
    const ok = await tf.setBackend('wasm');
    if (!ok) return { loaded: false, detail: 'wasm backend failed to initialise' };
  } catch (error) {
    return { loaded: false, detail: `wasm backend failed to initialise: ${error instanceof Error ? error.message : String(error)}` };
  }
  registerWasmGradientKernels();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return { loaded: true, detail: `@tensorflow/tfjs-backend-wasm (${simd ? 'SIMD' : 'no SIMD'}, ${getThreadsCount()} thread${getThreadsCount() === 1 ? '' : 's'})` };
}
