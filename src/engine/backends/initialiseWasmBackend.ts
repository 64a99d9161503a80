import { cpus } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { initialiseThreadedWasm } from './initialiseThreadedWasm';
import { wasmBinaryFolder } from './wasmBinaryFolder';
import { registerWasmGradientKernels } from './wasmKernels/registerWasmGradientKernels';

export interface WasmInitResult {
  loaded: boolean;
  detail: string;
}

let pathsSet = false;

/**
 * Makes 'wasm' the active backend, with the gradient kernels the package lacks registered.
 * `threads` (null: all cores) above 1 starts the threaded build (see initialiseThreadedWasm;
 * 1.7x the training throughput on 2 cores here); 1, or a threaded build that does not
 * start, gives the single-threaded SIMD build. The first call in a process decides: the package
 * initialises once.
 */
export async function initialiseWasmBackend(threads: number | null): Promise<WasmInitResult> {
  try {
    if (!pathsSet) {
      setWasmPaths(wasmBinaryFolder());
      pathsSet = true;
    }
    const wanted = threads ?? cpus().length;
    const threaded = wanted > 1 && !('wasm' in tf.engine().registry) && (await initialiseThreadedWasm(wanted));
    const ok = threaded || (await tf.setBackend('wasm'));
    if (!ok) return { loaded: false, detail: 'wasm backend failed to initialise' };
  } catch (error) {
    return { loaded: false, detail: `wasm backend failed to initialise: ${error instanceof Error ? error.message : String(error)}` };
  }
  registerWasmGradientKernels();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const actual = getThreadsCount();
  const unmet = threads !== null && threads > actual ? `; runtime.threads ${threads} not honoured: the threaded wasm build did not start, or wasm was started before with fewer threads` : '';
  return { loaded: true, detail: `@tensorflow/tfjs-backend-wasm (${simd ? 'SIMD' : 'no SIMD'}, ${actual} thread${actual === 1 ? '' : 's'}${unmet})` };
}
