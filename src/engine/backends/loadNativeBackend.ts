import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { routeSingleChannelBackpropInput } from './nativeKernels/routeSingleChannelBackpropInput';
import { readInstallManifest } from './tensorflowInstall/installManifest';
import { tensorflowInstallDir } from './tensorflowInstall/tensorflowHome';
import { nativePackage, type TensorflowVariant } from './tensorflowInstall/tensorflowRelease';

export interface NativeLoadResult {
  loaded: boolean;
  detail: string;
}

/** A process holds one libtensorflow binding: both register the backend "tensorflow". */
let loadedVariant: TensorflowVariant | null = null;

/**
 * tfjs-node brings its own copy of @tensorflow/tfjs (the same 4.22), whose kernels register
 * into the same global registry as ours and warn once per kernel; those hundreds of lines
 * say nothing, so they are dropped while the binding loads.
 */
function withoutDuplicateRegistrationWarnings<T>(load: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (/already registered|has already been set/.test(String(args[0]))) return;
    warn(...args);
  };
  try {
    return load();
  } finally {
    console.warn = warn;
  }
}

/**
 * Loads the binding `fluke setup tensorflow [--gpu]` built into the user's install folder
 * (never from the extension's bundle or node_modules): TensorFlow's own libraries, no
 * download at install time.
 */
export function loadNativeBackend(variant: TensorflowVariant, env: NodeJS.ProcessEnv = process.env): NativeLoadResult {
  const installDir = tensorflowInstallDir(variant, env);
  const setupCommand = `fluke setup tensorflow${variant === 'gpu' ? ' --gpu' : ''}`;
  const manifest = readInstallManifest(installDir);
  if (!manifest) return { loaded: false, detail: `not installed (no ${join(installDir, 'install.json')}): run \`${setupCommand}\`` };
  const missingPath = manifest.libraryPath.map((folder) => join(installDir, folder)).filter((folder) => !(env.LD_LIBRARY_PATH ?? '').split(':').includes(folder));
  if (missingPath.length) {
    return { loaded: false, detail: `installed in ${installDir}, but LD_LIBRARY_PATH lacks its CUDA runtime folders (${missingPath.join(':')}); training processes started by Fluke get them` };
  }
  if (loadedVariant !== null && loadedVariant !== variant) {
    return { loaded: false, detail: `the ${loadedVariant} build of TensorFlow is already loaded in this process` };
  }
  // TensorFlow's INFO and WARNING lines would interleave with the trainer's output.
  env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  try {
    withoutDuplicateRegistrationWarnings(() => createRequire(join(installDir, 'package.json'))(nativePackage[variant]));
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { loaded: false, detail: `${nativePackage[variant]} in ${installDir} does not load: ${message}; run \`${setupCommand}\` again` };
  }
  if (tf.findBackend('tensorflow') === null) {
    return { loaded: false, detail: `${nativePackage[variant]} in ${installDir} loaded but registered no "tensorflow" backend` };
  }
  loadedVariant = variant;
  routeSingleChannelBackpropInput();
  return { loaded: true, detail: `TensorFlow ${manifest.tensorflowVersion}${variant === 'gpu' ? ' (CUDA)' : ''} via ${nativePackage[variant]} ${manifest.tfjsNodeVersion} in ${installDir}` };
}
