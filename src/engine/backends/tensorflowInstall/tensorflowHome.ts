import { homedir } from 'node:os';
import { join } from 'node:path';
import { type TensorflowVariant, tensorflowVersion } from './tensorflowRelease';

/**
 * Where `fluke setup tensorflow` installs, once per user: FLUKE_TENSORFLOW_HOME, else
 * $XDG_CACHE_HOME/fluke/tensorflow-<version>, else ~/.cache/fluke/tensorflow-<version>.
 * It holds the wheel cache (wheels/) and one folder per variant (cpu/, gpu/).
 */
export function tensorflowHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FLUKE_TENSORFLOW_HOME) return env.FLUKE_TENSORFLOW_HOME;
  const cache = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'fluke', `tensorflow-${tensorflowVersion}`);
}

/** The finished install of one variant: a package.json and node_modules with the built binding. */
export function tensorflowInstallDir(variant: TensorflowVariant, env: NodeJS.ProcessEnv = process.env): string {
  return join(tensorflowHome(env), variant);
}

export function wheelCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(tensorflowHome(env), 'wheels');
}
