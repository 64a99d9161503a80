import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { checkTensorflowInstall, type InstallCheck } from './checkTensorflowInstall';
import { extractWheelMembers } from './extractWheelMembers';
import { findMissingPrerequisites } from './findMissingPrerequisites';
import { type InstallManifest, manifestFile, readInstallManifest } from './installManifest';
import { nativeLibraryEnvironment } from './nativeLibraryEnvironment';
import { runInstallCommand } from './runInstallCommand';
import { tensorflowHome, tensorflowInstallDir, wheelCacheDir } from './tensorflowHome';
import { cudaRuntimeWheels, nativePackage, type TensorflowVariant, tensorflowVersion, tensorflowWheel, tfjsNodeVersion, wheelPlatform } from './tensorflowRelease';

export interface InstallProgress {
  step: number;
  total: number;
  message: string;
}

export interface InstallOptions {
  variant: TensorflowVariant;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onProgress?: (progress: InstallProgress) => void;
}

export interface InstallResult {
  installDir: string;
  alreadyInstalled: boolean;
  check: InstallCheck;
}

const totalSteps = 6;

/** Downloads one wheel into the cache (a cached one is reused); returns its path. */
async function downloadWheel(python: string, requirement: string, cache: string, signal?: AbortSignal): Promise<string> {
  const output = await runInstallCommand({
    command: python,
    args: ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--retries', '0', '--python-version', wheelPlatform.pythonVersion, '--platform', wheelPlatform.platform, '-d', cache, requirement],
    cwd: cache,
    signal,
  });
  const saved = /(?:Saved|File was already downloaded) (\S+\.whl)/.exec(output);
  if (!saved) throw new Error(`pip download ${requirement}: could not find the wheel's path in pip's output`);
  return resolve(cache, saved[1]!);
}

/** All the wheels of a variant; for --gpu every one pip cannot find is named, not just the first. */
async function downloadWheels(python: string, variant: TensorflowVariant, cache: string, signal?: AbortSignal): Promise<{ tensorflow: string; cuda: string[] }> {
  const requirements = [tensorflowWheel[variant], ...(variant === 'gpu' ? cudaRuntimeWheels : [])];
  const paths: string[] = [];
  const missing: string[] = [];
  for (const requirement of requirements) {
    try {
      paths.push(await downloadWheel(python, requirement, cache, signal));
    } catch (error) {
      if (signal?.aborted) throw error;
      missing.push(requirement);
    }
  }
  if (missing.length) {
    throw new Error(`pip (${python}) cannot download ${missing.join(', ')} for ${wheelPlatform.platform} from this machine's package index${variant === 'gpu' ? ' (the GPU build needs the CUDA 12 `tensorflow` wheel and NVIDIA\'s CUDA 12 runtime wheels)' : ''}`);
  }
  return { tensorflow: paths[0]!, cuda: paths.slice(1) };
}

/** The wheel's libraries, C API headers and licence files under the package's deps/, named as the binding's build expects. */
async function layOutTensorflow(python: string, wheel: string, packageDir: string, signal?: AbortSignal): Promise<void> {
  const deps = join(packageDir, 'deps');
  await mkdir(deps, { recursive: true });
  await extractWheelMembers(python, wheel, deps, [
    { from: 'tensorflow/libtensorflow_cc.so.2', to: 'lib/libtensorflow_cc.so.2' },
    { from: 'tensorflow/libtensorflow_framework.so.2', to: 'lib/libtensorflow_framework.so.2' },
    { from: 'tensorflow/include/tensorflow/c/', to: 'include/tensorflow/c/' },
    { from: 'tensorflow/include/tensorflow/core/platform/ctstring', to: 'include/tensorflow/core/platform/ctstring' },
    { from: 'tensorflow/include/tsl/platform/ctstring', to: 'include/tsl/platform/ctstring' },
    { from: 'tensorflow/include/xla/tsl/c/', to: 'include/xla/tsl/c/' },
    { from: 'tensorflow/include/LICENSE', to: 'LICENSE' },
    { from: 'tensorflow/THIRD_PARTY_NOTICES.txt', to: 'THIRD_PARTY_NOTICES.txt' },
  ], signal);
  // binding.gyp links -ltensorflow -ltensorflow_framework; libtensorflow.so.2.9.1 is the file
  // tfjs-node's scripts look for.
  const lib = join(deps, 'lib');
  for (const name of ['libtensorflow.so', 'libtensorflow.so.2', 'libtensorflow.so.2.9.1']) await symlink('libtensorflow_cc.so.2', join(lib, name));
  await symlink('libtensorflow_framework.so.2', join(lib, 'libtensorflow_framework.so'));
}

/** NVIDIA's runtime libraries (nvidia/<name>/lib) with their licences; returns the library folders. */
async function layOutCudaRuntime(python: string, wheels: string[], installDir: string, signal?: AbortSignal): Promise<string[]> {
  for (const wheel of wheels) {
    const name = /nvidia_([a-z0-9_]+?)_cu12-/.exec(wheel)?.[1];
    if (!name) throw new Error(`${wheel}: not an NVIDIA CUDA 12 runtime wheel name`);
    await extractWheelMembers(python, wheel, installDir, [
      { from: 'nvidia/', to: 'nvidia/' },
      { from: `nvidia_${name}_cu12-`, to: `nvidia-licenses/${name}/` },
    ], signal);
  }
  const nvidia = join(installDir, 'nvidia');
  return (await readdir(nvidia)).map((name) => `nvidia/${name}/lib`).filter((folder) => existsSync(join(installDir, folder)));
}

async function alreadyInstalled(installDir: string, variant: TensorflowVariant, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<InstallCheck | null> {
  const manifest = readInstallManifest(installDir);
  if (!manifest || manifest.tensorflowVersion !== tensorflowVersion || manifest.tfjsNodeVersion !== tfjsNodeVersion) return null;
  try {
    return await checkTensorflowInstall(installDir, variant, nativeLibraryEnvironment(installDir, manifest, env), signal);
  } catch {
    return null;
  }
}

/**
 * `fluke setup tensorflow [--gpu]`: builds the tfjs-node binding against the TensorFlow
 * wheel's own libraries (no download from Google storage), in a temporary folder beside the
 * install that is renamed into place only after the binding loaded and trained; any failure
 * or cancel removes it, so there is never a half-installed backend.
 */
export async function installTensorflow(options: InstallOptions): Promise<InstallResult> {
  const env = options.env ?? process.env;
  const { variant, signal } = options;
  const progress = (step: number, message: string) => options.onProgress?.({ step, total: totalSteps, message });
  const home = tensorflowHome(env);
  const installDir = tensorflowInstallDir(variant, env);

  progress(1, 'checking python3, pip, npm, g++, make and disk space');
  const existing = await alreadyInstalled(installDir, variant, env, signal);
  if (existing) return { installDir, alreadyInstalled: true, check: existing };
  const prerequisites = findMissingPrerequisites(home, env);
  if (prerequisites.missing.length) throw new Error(`cannot install the TensorFlow backend; missing:\n  - ${prerequisites.missing.join('\n  - ')}`);
  const { python } = prerequisites;

  const cache = wheelCacheDir(env);
  await mkdir(cache, { recursive: true });
  progress(2, `downloading ${tensorflowWheel[variant]}${variant === 'gpu' ? ' and the CUDA 12 runtime wheels' : ''} with pip into ${cache}`);
  const wheels = await downloadWheels(python, variant, cache, signal);

  const building = join(home, `.${variant}-partial-${process.pid}`);
  await rm(building, { recursive: true, force: true });
  await mkdir(building, { recursive: true });
  try {
    progress(3, `installing ${nativePackage[variant]}@${tfjsNodeVersion} (install scripts off)`);
    await writeFile(join(building, 'package.json'), `${JSON.stringify({ name: `fluke-tensorflow-${variant}`, private: true, description: `TensorFlow ${tensorflowVersion} for Fluke, built by fluke setup tensorflow` }, null, 2)}\n`);
    await runInstallCommand({
      command: 'npm',
      args: ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-save', '--no-package-lock', `${nativePackage[variant]}@${tfjsNodeVersion}`],
      cwd: building,
      signal,
    });
    const packageDir = join(building, 'node_modules', nativePackage[variant]);

    progress(4, 'laying out the libraries, headers and licences from the wheel');
    await layOutTensorflow(python, wheels.tensorflow, packageDir, signal);
    const libraryPath = variant === 'gpu' ? await layOutCudaRuntime(python, wheels.cuda, building, signal) : [];

    progress(5, 'building the binding against libtensorflow (about a minute)');
    await runInstallCommand({
      command: process.execPath,
      args: [join(building, 'node_modules/@mapbox/node-pre-gyp/bin/node-pre-gyp'), 'install', '--build-from-source', ...(prerequisites.nodeDir ? [`--nodedir=${prerequisites.nodeDir}`] : [])],
      cwd: packageDir,
      signal,
    });
    await rm(join(packageDir, 'build'), { recursive: true, force: true });

    const manifest: InstallManifest = {
      variant,
      tensorflowVersion,
      tfjsNodeVersion,
      wheels: [wheels.tensorflow, ...wheels.cuda].map((wheel) => wheel.slice(wheel.lastIndexOf('/') + 1)),
      libraryPath,
      installedAt: new Date().toISOString(),
    };
    progress(6, 'checking that the binding loads and trains');
    const check = await checkTensorflowInstall(building, variant, nativeLibraryEnvironment(building, manifest, env), signal);
    await writeFile(join(building, manifestFile), `${JSON.stringify(manifest, null, 2)}\n`);

    const previous = `${installDir}.old-${process.pid}`;
    if (existsSync(installDir)) await rename(installDir, previous);
    await rename(building, installDir);
    await rm(previous, { recursive: true, force: true });
    return { installDir, alreadyInstalled: false, check };
  } finally {
    await rm(building, { recursive: true, force: true });
  }
}
