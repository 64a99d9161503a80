import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const binaryName = 'tfjs-backend-wasm.wasm';

/**
 * The folder holding the wasm binaries, with a trailing slash (setWasmPaths wants a prefix).
 * Bundled (dist/cli.js) they are copied next to the running script; under tsx (tests) they
 * are in the package's own dist folder.
 */
export function wasmBinaryFolder(): string {
  const candidates = [__dirname];
  try {
    candidates.push(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')));
  } catch {
    // Not resolvable from a bundle shipped without node_modules: the copy beside it is used.
  }
  const found = candidates.find((folder) => existsSync(join(folder, binaryName)));
  if (!found) throw new Error(`${binaryName} not found in ${candidates.join(' or ')}`);
  return found.endsWith('/') ? found : `${found}/`;
}
