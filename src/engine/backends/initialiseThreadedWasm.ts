import * as tf from '@tensorflow/tfjs';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import threadedModuleFactory from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
import { wasmWorkerContents } from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Emscripten {
  PThread?: { unusedWorkers: Array<{ unref(): void }>; runningWorkers: Array<{ unref(): void }> };
}

/**
 * Starts the wasm backend on its threaded (pthreads + SIMD) build, which the package only
 * uses in browsers. Three things stand in the way in Node, each worked round for the
 * duration of `tf.setBackend` only:
 * - the WASM_HAS_MULTITHREAD_SUPPORT flag is false in Node: it is set;
 * - the package hands each pthread worker a Blob URL for its script, and the worker a Blob
 *   of the module's source, neither of which Node's worker_threads can load: both are
 *   written to files (the worker script first replaces URL.createObjectURL, in its own
 *   realm, by that module file's path), and URL.createObjectURL returns the worker file;
 * - XNNPACK takes at most half the cores the module reports (one on a 2-core machine):
 *   os.cpus() reports each core twice while the thread pool starts.
 * The module's 8 pooled workers are then unref'd, so they do not keep the process alive.
 * Returns false, with everything restored, if the threaded build does not start.
 */
export async function initialiseThreadedWasm(threads: number): Promise<boolean> {
  const folder = join(tmpdir(), 'fluke-tfjs-wasm-threads');
  const modulePath = join(folder, 'threaded-simd.js');
  const workerPath = join(folder, 'threaded-simd.worker.js');
  // Newlines inside the script's string literals are escaped, as the package does for its Blob.
  const workerScript = wasmWorkerContents.replace(/\n/g, '\\n');
  try {
    mkdirSync(folder, { recursive: true });
    writeAtomically(modulePath, `var WasmBackendModuleThreadedSimd = ${String(threadedModuleFactory)};\n`);
    writeAtomically(workerPath, `URL.createObjectURL = () => ${JSON.stringify(modulePath)};\nURL.revokeObjectURL = () => {};\n${workerScript}`);
  } catch {
    return false; // no writable temporary folder: the single-threaded build needs no files
  }

  const os = createRequire(__filename)('node:os') as { cpus: () => unknown[] };
  const cpus = os.cpus;
  const createObjectURL = URL.createObjectURL;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);
  os.cpus = () => [...cpus(), ...cpus()];
  URL.createObjectURL = () => workerPath;
  let ok = false;
  try {
    ok = await tf.setBackend('wasm');
  } catch {
    ok = false;
  } finally {
    os.cpus = cpus;
    URL.createObjectURL = createObjectURL;
  }
  if (!ok) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    return false;
  }
  const threadPool = (tf.backend() as unknown as { wasm: Emscripten }).wasm.PThread;
  for (const worker of [...(threadPool?.unusedWorkers ?? []), ...(threadPool?.runningWorkers ?? [])]) worker.unref();
  return true;
}

/** Concurrent processes write the same content: a rename never leaves a half-written file. */
function writeAtomically(path: string, content: string): void {
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, content);
  renameSync(partial, path);
}
