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
 * The threaded build is not used: in Node the package forces threads off, hands pthread
 * workers Blob URLs that Node's worker_threads cannot load, and caps threads at half the
 * cores; getting round that means patching globals (Blob, URL, worker_threads.Worker) and
 * shipping the worker scripts beside the bundle, too fragile for a training process. So
 * XNNPACK runs on one thread and `threads` above 1 is reported as not honoured.
 */
export async function initialiseWasmBackend(threads: number | null): Promise<WasmInitResult> {
  try {
    if (!pathsSet) {
      setWasmPaths(wasmBinaryFolder());
      pathsSet = true;
    }
    if (threads !== null && threads >= 1) setThreadsCount(threads);
    const ok = await tf.setBackend('wasm');
    if (!ok) return { loaded: false, detail: 'wasm backend failed to initialise' };
  } catch (error) {
    return { loaded: false, detail: `wasm backend failed to initialise: ${error instanceof Error ? error.message : String(error)}` };
  }
  registerWasmGradientKernels();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const actual = getThreadsCount();
  const unmet = threads !== null && threads > actual ? `; runtime.threads ${threads} not honoured: the threaded wasm build does not run in Node` : '';
  return { loaded: true, detail: `@tensorflow/tfjs-backend-wasm (${simd ? 'SIMD' : 'no SIMD'}, ${actual} thread${actual === 1 ? '' : 's'}${unmet})` };
}
