import { delimiter, join } from 'node:path';
import type { InstallManifest } from './installManifest';

/**
 * The environment a process that loads the binding needs. The CUDA runtime libraries are
 * dlopen-ed by libtensorflow, which reads LD_LIBRARY_PATH as the process starts, so the code
 * that spawns a training process must set it; setting it inside the process is too late.
 */
export function nativeLibraryEnvironment(installDir: string, manifest: InstallManifest | null, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const folders = (manifest?.libraryPath ?? []).map((folder) => join(installDir, folder));
  if (folders.length === 0) return env;
  return { ...env, LD_LIBRARY_PATH: [...folders, ...(env.LD_LIBRARY_PATH ? [env.LD_LIBRARY_PATH] : [])].join(delimiter) };
}
