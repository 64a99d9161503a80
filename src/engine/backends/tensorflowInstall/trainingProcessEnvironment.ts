import { readInstallManifest } from './installManifest';
import { nativeLibraryEnvironment } from './nativeLibraryEnvironment';
import { tensorflowInstallDir } from './tensorflowHome';

/** The environment for a `fluke train` process: with the GPU build installed, its CUDA runtime folders on LD_LIBRARY_PATH. */
export function trainingProcessEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const gpu = tensorflowInstallDir('gpu', env);
  return nativeLibraryEnvironment(gpu, readInstallManifest(gpu), env);
}
