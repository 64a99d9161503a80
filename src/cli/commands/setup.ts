import type { SetupEvent } from '../../protocol/setupEvents';
import { CliError, CliUsageError } from '../cliErrors';
import { formatHelp, parseFlags, type CommandSpec } from '../parseFlags';

const spec: CommandSpec = {
  usage: 'setup tensorflow [--gpu] [--json]',
  summary:
    'Installs the native TensorFlow training backend once for this user (FLUKE_TENSORFLOW_HOME, default ~/.cache/fluke/tensorflow-2.21.0): downloads the TensorFlow 2.21 wheel with pip into a cache, builds @tensorflow/tfjs-node 4.22 against its libraries, and checks that it trains. Needs python3 with pip, npm, g++, make and 2 GiB of disk. Running it again checks the install and does nothing more.',
  flags: {
    gpu: { type: 'boolean', description: 'The CUDA build (`tensorflow` wheel and NVIDIA CUDA 12 runtime wheels) for backend tensorflow-gpu.' },
    json: { type: 'boolean', description: 'Print progress as JSON lines.' },
  },
  positionals: { min: 1, max: 1, names: 'WHAT (tensorflow)' },
};

export async function setupCommand(argv: string[]): Promise<number> {
  const flags = parseFlags('setup', spec, argv);
  if (flags.help) {
    process.stdout.write(formatHelp(spec));
    return 0;
  }
  if (flags.positionals[0] !== 'tensorflow') throw new CliUsageError(`fluke setup: unknown component "${flags.positionals[0]}" (only "tensorflow")`);
  const json = flags.booleans.has('json');
  const emit = (event: SetupEvent, text: string) => (json ? process.stdout.write(`${JSON.stringify(event)}\n`) : process.stderr.write(`${text}\n`));
  // A cancel (the extension kills this process) or Ctrl-C must still remove the partial install.
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const { installTensorflow } = await import('../../engine/backends/tensorflowInstall/installTensorflow');
  try {
    const result = await installTensorflow({
      variant: flags.booleans.has('gpu') ? 'gpu' : 'cpu',
      signal: abort.signal,
      onProgress: (progress) => emit({ type: 'progress', ...progress }, `[${progress.step}/${progress.total}] ${progress.message}`),
    });
    const text = result.alreadyInstalled
      ? `TensorFlow ${result.check.tensorflowVersion} is already installed in ${result.installDir} (it loads and trains)`
      : `installed TensorFlow ${result.check.tensorflowVersion} in ${result.installDir} (it loads and trains; losses ${result.check.losses.map((loss) => loss.toFixed(4)).join(', ')})`;
    emit({ type: 'installed', installDir: result.installDir, alreadyInstalled: result.alreadyInstalled, tensorflowVersion: result.check.tensorflowVersion }, text);
    return 0;
  } catch (error) {
    const message = abort.signal.aborted ? 'fluke setup tensorflow: cancelled; nothing was left half-installed' : `fluke setup tensorflow: ${(error as Error).message}`;
    if (json) emit({ type: 'failed', message }, message);
    throw new CliError(message);
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  }
}
