import type { CliCommand } from '../cliCommand';

/**
 * Every `fluke` subcommand, in the order `fluke --help` lists them. Modules load lazily so
 * that a command never pays for (or fails on) another's native dependencies: `fluke doctor`
 * must run even where better-sqlite3 does not load.
 */
export const commands: Record<string, CliCommand> = {
  train: { summary: 'Train the runs of an experiment file (JSON-lines events on stdout).', run: async (argv) => (await import('./train')).trainCommand(argv) },
  submit: { summary: "Submit an experiment's runs to Slurm as one job array (serve takes in their logs).", run: async (argv) => (await import('./submit')).submitCommand(argv) },
  runs: { summary: 'List runs.', run: async (argv) => (await import('./runs')).runsCommand(argv) },
  show: { summary: 'Show one run: config, epochs, metrics, checkpoints.', run: async (argv) => (await import('./show')).showCommand(argv) },
  export: { summary: "Export a run's epochs and metrics as CSV or JSON.", run: async (argv) => (await import('./export')).exportCommand(argv) },
  predict: { summary: "Identify photos with a run's model: a Kaggle submission (Image,Id) or JSON neighbours.", run: async (argv) => (await import('./predict')).predictCommand(argv) },
  metrics: { summary: 'Retrieval metrics of embeddings in a .npy file (the trainer\'s metric code).', run: async (argv) => (await import('./metrics')).metricsCommand(argv) },
  demo: { summary: 'Generate the synthetic fluke set and train the divide-and-conquer demo against its baseline.', run: async (argv) => (await import('./demo')).demoCommand(argv) },
  data: { summary: 'Make a synthetic whale-fluke set, or inspect a dataset.', run: async (argv) => (await import('./data')).dataCommand(argv) },
  doctor: { summary: 'What works on this machine: Node, training backends, native modules, database.', run: async (argv) => (await import('./doctor')).doctorCommand(argv) },
  setup: { summary: 'Install the native TensorFlow backend for this user (setup tensorflow [--gpu]).', run: async (argv) => (await import('./setup')).setupCommand(argv) },
  serve: { summary: 'Answer database queries over JSON-RPC on stdio (for the VS Code extension).', run: async (argv) => (await import('./serve')).serveCommand(argv) },
};
