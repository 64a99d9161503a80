/**
 * `fluke demo`: generates the synthetic whale-fluke set (once), writes the demo experiment
 * file (the K=1 baseline and divide and conquer with K=4 as a grid, at equal budget), trains
 * both through `fluke train` into the database, printing progress, and ends with a table of
 * recall@1 and MAP@5 per run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { generateSyntheticFlukes } from '../../data/synthetic/generateSyntheticFlukes';
import type { ExperimentFile } from '../../protocol/experiment';
import type { RunStatus } from '../../protocol/records';
import { parseTrainerEvent } from '../../protocol/trainerEvents';
import { CliError } from '../cliErrors';
import { formatHelp, parseFlags, type CommandSpec } from '../parseFlags';
import { dbFlagSpec, storePathFrom } from '../storeLocation';
import { trainingProcessEnvironment } from '../../engine/backends/tensorflowInstall/trainingProcessEnvironment';

const spec: CommandSpec = {
  usage: 'demo [--db PATH] [--data DIR] [--experiments DIR] [--quick]',
  summary: [
    'Generates the synthetic whale-fluke set into .fluke/demo-data (if absent), writes',
    'experiments/whale-demo.experiment.json (K=1 baseline and divide and conquer K=4, equal',
    'budget) and trains both into the database, then prints recall@1 and MAP@5 per run.',
    'An existing experiment file is used as it is, so edits to it are kept.',
  ].join('\n'),
  flags: {
    db: dbFlagSpec,
    data: { type: 'string', valueName: 'DIR', description: 'Synthetic data folder (default .fluke/demo-data).' },
    experiments: { type: 'string', valueName: 'DIR', description: 'Where the experiment file is written (default experiments/).' },
    quick: { type: 'boolean', description: 'A smoke test: a dozen whales, two epochs (seconds, not minutes).' },
  },
  positionals: { min: 0, max: 0, names: '' },
};

export interface DemoOptions {
  dbPath: string;
  dataDir: string;
  experimentsDir: string;
  quick: boolean;
  /** The fluke CLI script that `fluke train` runs from (this process's own by default). */
  cliEntry: string;
  write: (text: string) => void;
}

interface RunSummary {
  runId: number;
  name: string;
  status: RunStatus | 'running';
  error: string | null;
  recallAt1: number | null;
  bestRecallAt1: number | null;
  map5: number | null;
  seconds: number;
}

export async function demoCommand(argv: string[]): Promise<number> {
  const flags = parseFlags('demo', spec, argv);
  if (flags.help) {
    process.stdout.write(formatHelp(spec));
    return 0;
  }
  const runs = await runDemo({
    dbPath: storePathFrom(flags.strings.get('db')),
    dataDir: resolve(flags.strings.get('data') ?? join('.fluke', 'demo-data')),
    experimentsDir: resolve(flags.strings.get('experiments') ?? 'experiments'),
    quick: flags.booleans.has('quick'),
    cliEntry: process.argv[1]!,
    write: (text) => process.stdout.write(text),
  });
  return runs.every((run) => run.status === 'completed') ? 0 : 1;
}

/** The folder of experiment templates shipped with Fluke (templates/ at the package root). */
export function templatesDir(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'templates', 'whale-demo.experiment.json'))) return join(dir, 'templates');
    if (dirname(dir) === dir) throw new CliError(`fluke demo: templates/whale-demo.experiment.json not found above ${__dirname}`);
  }
}

export async function runDemo(options: DemoOptions): Promise<RunSummary[]> {
  const { write } = options;
  if (!existsSync(join(options.dataDir, 'train.csv'))) {
    write(`Generating the synthetic whale-fluke set in ${options.dataDir} ...\n`);
    const summary = await generateSyntheticFlukes(
      options.quick
        ? { out: options.dataDir, identities: 12, photos: 4, seed: 1, difficulty: 0.3, width: 64, height: 32 }
        : { out: options.dataDir, identities: 200, photos: 5, seed: 1, difficulty: 0.15 },
    );
    write(`  ${summary.images} photos of ${summary.identities} whales (${summary.newWhale} new_whale)\n`);
  }
  const experimentPath = join(options.experimentsDir, options.quick ? 'whale-demo-quick.experiment.json' : 'whale-demo.experiment.json');
  if (existsSync(experimentPath)) {
    write(`Using the existing ${experimentPath}\n`);
  } else {
    const experiment = JSON.parse(readFileSync(join(templatesDir(), 'whale-demo.experiment.json'), 'utf8')) as ExperimentFile;
    experiment.data = { ...experiment.data, path: relative(options.experimentsDir, options.dataDir) || '.' };
    if (options.quick) {
      experiment.name = 'whale-demo-quick';
      experiment.epochs = 2;
      experiment.model = { ...experiment.model, blocksPerStage: [1], embeddingSize: 16 };
      experiment.sampling = { ...experiment.sampling, classesPerBatch: 3, imagesPerClass: 2, batchesPerEpoch: 3 };
      experiment.data = { ...experiment.data, imageHeight: 16, imageWidth: 32 };
      experiment.evaluation = { ...experiment.evaluation, every: 1 };
      // Small enough for the pure-JS backend, so the smoke test runs wherever Node does.
      experiment.runtime = { ...experiment.runtime, backend: 'cpu' };
    }
    mkdirSync(options.experimentsDir, { recursive: true });
    writeFileSync(experimentPath, `${JSON.stringify(experiment, null, 2)}\n`);
    write(`Wrote ${experimentPath}\n`);
  }
  write(`Training its runs into ${options.dbPath} (equal budget: same backbone, epochs, batches, seed)\n`);
  const runs = await trainThroughCli(options, experimentPath);
  write(`\n${formatDemoTable(runs)}${demoVerdict(runs)}`);
  return runs;
}

/** Runs `fluke train FILE` as a child process and follows its JSON-lines events. */
async function trainThroughCli(options: DemoOptions, experimentPath: string): Promise<RunSummary[]> {
  const child = spawn(process.execPath, [options.cliEntry, 'train', experimentPath, '--db', options.dbPath], { env: trainingProcessEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
  const runs = new Map<number, RunSummary>();
  const stderrTail: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 20) stderrTail.shift();
  });
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    const event = parseTrainerEvent(line);
    if (!event) return;
    const run = 'runId' in event && event.runId !== null ? runs.get(event.runId) : undefined;
    switch (event.type) {
      case 'run-started':
        runs.set(event.runId, { runId: event.runId, name: event.name, status: 'running', error: null, recallAt1: null, bestRecallAt1: null, map5: null, seconds: 0 });
        options.write(`\nrun ${event.runId} "${event.name}": ${event.epochs} epochs\n`);
        break;
      case 'log':
        if (event.level !== 'info') options.write(`  ${event.level}: ${event.message}\n`);
        else if (event.message.startsWith('backend ')) options.write(`  ${event.message}\n`);
        break;
      case 'epoch':
        if (run) run.seconds += event.seconds;
        options.write(`  epoch ${event.epoch}/${event.epochs}  loss ${event.loss.toFixed(4)}  [${event.learnerLosses.map((loss) => loss.toFixed(3)).join(' ')}]  ${event.seconds.toFixed(1)} s, ${event.imagesPerSecond.toFixed(0)} images/s\n`);
        break;
      case 'metrics': {
        const recall = event.recallAtK['1'] ?? null;
        if (run) {
          run.recallAt1 = recall;
          run.map5 = event.map5;
          if (recall !== null) run.bestRecallAt1 = Math.max(run.bestRecallAt1 ?? 0, recall);
        }
        options.write(`    recall@1 ${formatShare(recall)}  MAP@5 ${formatShare(event.map5)}  NMI ${formatShare(event.nmi)}\n`);
        break;
      }
      case 'run-ended':
        if (run) {
          run.status = event.status;
          run.error = event.error;
        }
        options.write(`  ${event.status}${event.error ? `: ${event.error}` : ''}\n`);
        break;
      default:
        break;
    }
  });
  const exitCode = await new Promise<number>((resolveExit, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolveExit(code ?? 1));
  });
  if (runs.size === 0) {
    throw new CliError(`fluke demo: fluke train ${experimentPath} exited with ${exitCode} before starting a run:\n${stderrTail.join('\n')}`);
  }
  return [...runs.values()];
}

function formatShare(value: number | null): string {
  return value === null ? '-' : value.toFixed(3);
}

/**
 * What the table says about divide and conquer, in words, whichever way it went: each K > 1
 * run's last recall@1 against the K = 1 baseline's (runs named "... clusters=K" by the grid).
 */
export function demoVerdict(runs: RunSummary[]): string {
  const clustersOf = (run: RunSummary) => Number(/clusters=(\d+)/.exec(run.name)?.[1] ?? Number.NaN);
  const baseline = runs.find((run) => clustersOf(run) === 1 && run.recallAt1 !== null);
  const divided = runs.filter((run) => clustersOf(run) > 1 && run.recallAt1 !== null);
  if (!baseline || divided.length === 0) return 'No completed baseline and divide-and-conquer pair to compare.\n';
  const lines = divided.map((run) => {
    const difference = run.recallAt1! - baseline.recallAt1!;
    const outcome = difference > 0 ? 'beats' : difference < 0 ? 'does not beat' : 'ties';
    return `Divide and conquer (K=${clustersOf(run)}) ${outcome} the K=1 baseline here: recall@1 ${run.recallAt1!.toFixed(3)} against ${baseline.recallAt1!.toFixed(3)} (${difference >= 0 ? '+' : ''}${difference.toFixed(3)}).`;
  });
  lines.push('That is one seed on a small synthetic set; the README ("Does divide and conquer help?") compares K over 3 seeds, with their spread.');
  return `${lines.join('\n')}\n`;
}

export function formatDemoTable(runs: RunSummary[]): string {
  const header = ['run', 'name', 'status', 'recall@1', 'best recall@1', 'MAP@5', 'train+eval s'];
  const rows = runs.map((run) => [
    String(run.runId),
    run.name,
    run.status,
    formatShare(run.recallAt1),
    formatShare(run.bestRecallAt1),
    formatShare(run.map5),
    run.seconds.toFixed(0),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line), ''].join('\n');
}
