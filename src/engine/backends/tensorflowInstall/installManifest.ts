import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TensorflowVariant } from './tensorflowRelease';

/** install.json, written last: a folder without it is not a finished install. */
export interface InstallManifest {
  variant: TensorflowVariant;
  tensorflowVersion: string;
  tfjsNodeVersion: string;
  wheels: string[];
  /** Folders (relative to the install) a training process needs on LD_LIBRARY_PATH (the CUDA runtime). */
  libraryPath: string[];
  installedAt: string;
}

export const manifestFile = 'install.json';

export function readInstallManifest(installDir: string): InstallManifest | null {
  try {
    return JSON.parse(readFileSync(join(installDir, manifestFile), 'utf8')) as InstallManifest;
  } catch {
    return null;
  }
}
