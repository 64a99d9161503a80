import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../protocol/experiment';
import { initialiseWasmBackend } from './initialiseWasmBackend';
import { loadNativeBackend } from './loadNativeBackend';

export type ConcreteBackend = Exclude<BackendName, 'auto'>;

export interface SelectedBackend {
  name: ConcreteBackend;
  /** What was loaded, and for 'auto' why the faster ones were passed over. */
  detail: string;
  /** Set when training will be much slower than it could be (auto fell back to cpu). */
  warning: string | null;
}

/** Order 'auto' tries, fastest first. */
export const backendPreference: readonly ConcreteBackend[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

/** Loads one backend and makes it the active one. */
export async function activateBackend(name: ConcreteBackend, threads: number | null): Promise<{ loaded: boolean; detail: string }> {
  switch (name) {
    case 'tensorflow-gpu':
    case 'tensorflow': {
      const native = loadNativeBackend(name === 'tensorflow-gpu' ? 'gpu' : 'cpu');
      if (!native.loaded) return native;
      const ok = await tf.setBackend('tensorflow');
      return ok ? native : { loaded: false, detail: `${native.detail}: the "tensorflow" backend failed to initialise` };
    }
    case 'wasm':
      return initialiseWasmBackend(threads);
    case 'cpu': {
      const ok = await tf.setBackend('cpu');
      return { loaded: ok, detail: ok ? 'pure-JavaScript cpu backend' : 'cpu backend failed to initialise' };
    }
  }
}

/**
 * Selects the backend for `runtime.backend`. An explicit name that does not load is an error
 * (with the reason); 'auto' takes the first that loads and says why the others did not.
 */
export async function selectBackend(requested: BackendName, threads: number | null): Promise<SelectedBackend> {
  if (requested !== 'auto') {
    if (!backendPreference.includes(requested)) {
      throw new Error(`runtime.backend: unknown backend "${String(requested)}" (one of auto, ${backendPreference.join(', ')})`);
    }
    const result = await activateBackend(requested, threads);
    if (!result.loaded) throw new Error(`runtime.backend "${requested}" is not available: ${result.detail}`);
    return { name: requested, detail: result.detail, warning: null };
  }
  const skipped: string[] = [];
  for (const name of backendPreference) {
    const result = await activateBackend(name, threads);
    if (result.loaded) {
      const detail = skipped.length ? `${result.detail} (auto; skipped ${skipped.join('; ')})` : `${result.detail} (auto)`;
      const warning =
        name === 'cpu'
          ? 'no faster backend loads (tfjs-node, tfjs-node-gpu, wasm); training on the pure-JavaScript cpu backend is very slow'
          : null;
      return { name, detail, warning };
    }
    skipped.push(`${name}: ${result.detail}`);
  }
  throw new Error(`runtime.backend "auto": no backend loads (${skipped.join('; ')})`);
}
