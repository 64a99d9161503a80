import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { debianPython } from './python';

export interface TorchReference {
  /** Short name for the row, before the version the script reports. */
  label: string;
  python: string;
  /** Why it cannot run here, or null. */
  missing: string | null;
}

/**
 * The two PyTorch builds the training rows compare against: the pip CPU wheel (2.x, with
 * oneDNN and MKL: the stronger reference) in the venv scripts/prepare-torch-reference.sh
 * makes, and Debian's python3-torch 1.13.
 */
export function torchReferences(env: NodeJS.ProcessEnv = process.env): TorchReference[] {
  const venv = env.FLUKE_TORCH_VENV || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'fluke', 'bench', 'torch-venv');
  const venvPython = join(venv, 'bin', 'python');
  return [
    { label: 'PyTorch 2.x (pip wheel)', python: venvPython, missing: existsSync(venvPython) ? null : `no ${venvPython}: run scripts/prepare-torch-reference.sh` },
    { label: "PyTorch (Debian's python3-torch)", python: debianPython, missing: null },
  ];
}
