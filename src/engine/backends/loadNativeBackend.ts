import * as tf from '@tensorflow/tfjs';

export type NativePackage = '@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu';

export interface NativeLoadResult {
  loaded: boolean;
  detail: string;
}

/**
 * Loads a libtensorflow binding on demand. Both packages are optional dependencies whose
 * install script downloads libtensorflow, so on machines without internet they are absent;
 * requiring them at top level would make every command fail there.
 */
export function loadNativeBackend(packageName: NativePackage): NativeLoadResult {
  try {
    // Literal specifiers so the bundler sees them (they are external in scripts/build.mjs).
    if (packageName === '@tensorflow/tfjs-node-gpu') require('@tensorflow/tfjs-node-gpu');
    else require('@tensorflow/tfjs-node');
  } catch (error) {
    return { loaded: false, detail: `${packageName} does not load: ${firstLine(error)}` };
  }
  if (tf.findBackend('tensorflow') === null) {
    return { loaded: false, detail: `${packageName} loaded but registered no "tensorflow" backend` };
  }
  return { loaded: true, detail: `${packageName} (libtensorflow${packageName.endsWith('gpu') ? ', CUDA' : ''})` };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const line = message.split('\n')[0] ?? message;
  if (code === 'MODULE_NOT_FOUND') return `not installed (${line}); it is an optional dependency whose install downloads libtensorflow`;
  return line;
}
