import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Free space the install needs: the 274 MB wheel, 815 MB of libraries, the npm packages, the build. */
export const requiredFreeBytes = 2 * 1024 ** 3;

export interface Prerequisites {
  python: string;
  /** Node's headers for node-gyp (offline it cannot download them); null lets node-gyp find them. */
  nodeDir: string | null;
  missing: string[];
}

function runs(command: string, args: string[], env: NodeJS.ProcessEnv): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore', env });
  return result.status === 0;
}

/**
 * What the install needs from the machine, and a sentence for each thing that is missing, so
 * the user is told everything at once instead of one failure at a time.
 */
export function findMissingPrerequisites(home: string, env: NodeJS.ProcessEnv = process.env): Prerequisites {
  const missing: string[] = [];
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    missing.push(`a Linux x64 machine (TensorFlow's wheels are manylinux x86_64; this is ${process.platform}-${process.arch})`);
  }
  const python = env.FLUKE_PYTHON || 'python3';
  if (!runs(python, ['--version'], env)) missing.push(`python3 (not found as \`${python}\`; set FLUKE_PYTHON to another)`);
  else if (!runs(python, ['-m', 'pip', '--version'], env)) missing.push(`pip for ${python} (\`${python} -m pip\` fails; e.g. apt-get install python3-pip)`);
  if (!runs('npm', ['--version'], env)) missing.push('npm (installs @tensorflow/tfjs-node)');
  if (!runs('g++', ['--version'], env)) missing.push('g++ (builds the binding; e.g. apt-get install g++)');
  if (!runs('make', ['--version'], env)) missing.push('make (builds the binding; e.g. apt-get install make)');
  mkdirSync(home, { recursive: true });
  const space = statfsSync(home);
  const free = space.bavail * space.bsize;
  if (free < requiredFreeBytes) {
    missing.push(`disk space: ${(free / 1024 ** 3).toFixed(1)} GiB free in ${home}, ${requiredFreeBytes / 1024 ** 3} GiB needed (set FLUKE_TENSORFLOW_HOME to another disk)`);
  }
  const nodeDir = resolve(dirname(process.execPath), '..');
  return { python, nodeDir: existsSync(resolve(nodeDir, 'include/node/node_api.h')) ? nodeDir : null, missing };
}
