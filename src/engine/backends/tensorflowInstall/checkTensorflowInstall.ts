import { runInstallCommand } from './runInstallCommand';
import { nativePackage, type TensorflowVariant } from './tensorflowRelease';

export interface InstallCheck {
  tensorflowVersion: string;
  backend: string;
  losses: number[];
  /** Whether TensorFlow placed the ops on a GPU (the binding's own answer). */
  usingGpu: boolean;
}

// Runs in a fresh Node (the binding is loaded once per process): loads the binding from the
// install folder, takes two SGD steps of a small conv net and prints what it saw.
const checkScript = `
const { createRequire } = require('node:module');
const [installDir, packageName] = process.argv.slice(1);
const tf = createRequire(installDir + '/package.json')(packageName);
const x = tf.randomNormal([4, 8, 8, 3], 0, 1, 'float32', 1);
const filter = tf.variable(tf.randomNormal([3, 3, 3, 4], 0, 0.3, 'float32', 2));
const optimizer = tf.train.sgd(0.05);
const losses = [];
for (let step = 0; step < 3; step++) {
  const loss = optimizer.minimize(() => tf.mean(tf.square(tf.sub(tf.relu(tf.conv2d(x, filter, 1, 'same')), 0.5))), true, [filter]);
  losses.push(loss.dataSync()[0]);
}
const binding = tf.backend().binding;
process.stdout.write(JSON.stringify({ tensorflowVersion: binding.TF_Version, backend: tf.getBackend(), losses, usingGpu: binding.isUsingGpuDevice() }));
`;

/** Loads the freshly built binding in a child process and trains a few steps: the loss must fall. */
export async function checkTensorflowInstall(installDir: string, variant: TensorflowVariant, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<InstallCheck> {
  const output = await runInstallCommand({
    command: process.execPath,
    args: ['-e', checkScript, installDir, nativePackage[variant]],
    cwd: installDir,
    env: { ...env, TF_CPP_MIN_LOG_LEVEL: '2' },
    signal,
  });
  const check = JSON.parse(output.slice(output.lastIndexOf('{'))) as InstallCheck;
  if (check.backend !== 'tensorflow') throw new Error(`the binding loaded but the active backend is "${check.backend}", not "tensorflow"`);
  if (variant === 'gpu' && !check.usingGpu) throw new Error('the CUDA build loaded but TensorFlow found no usable GPU (driver, or a CUDA 12 runtime library missing from LD_LIBRARY_PATH)');
  const [first, , last] = check.losses;
  if (!(first !== undefined && last !== undefined && Number.isFinite(last) && last < first)) {
    throw new Error(`the binding loaded but training does not reduce the loss (${check.losses.join(', ')})`);
  }
  return check;
}
