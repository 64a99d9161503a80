import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EpochRecord, MetricsRecord } from '../../protocol/records';
import { listEpochs, listMetrics } from '../../store/runResults';
import { getRun } from '../../store/runs';
import { CliError, CliUsageError } from '../cliErrors';
import { formatHelp, parseFlags, runIdArgument, type CommandSpec } from '../parseFlags';
import { dbFlagSpec, openExistingStore, storePathFrom } from '../storeLocation';
import { exportModelCommand } from '../predict/exportModel';
import { csvField } from '../../data/csv/csvField';

const spec: CommandSpec = {
  usage: 'export RUN --format csv|json [--out FILE] [--db PATH] | export RUN --model DIR [--checkpoint best|last|EPOCH]',
  summary: [
    "Exports a run's epochs joined with their metrics: one CSV row per epoch (learner losses joined by ';'), or JSON with the run record.",
    'With --model: the embedding model as a TF.js LayersModel (model.json + weights.bin, loadable by tf.loadLayersModel',
    'without Fluke) and fluke-model.json beside it (input size, channels, normalisation, the K slices to L2-normalise).',
  ].join('\n'),
  flags: {
    db: dbFlagSpec,
    format: { type: 'string', valueName: 'csv|json', description: 'Output format of the epochs (required unless --model).' },
    out: { type: 'string', valueName: 'FILE', description: 'Write to this file instead of stdout.' },
    model: { type: 'string', valueName: 'DIR', description: 'Write the embedding model to this folder instead.' },
    checkpoint: { type: 'string', valueName: 'best|last|EPOCH', description: 'With --model: which kept checkpoint (default best by evaluation.selectBy).' },
  },
  positionals: { min: 1, max: 1, names: 'RUN' },
};

export function epochsAsCsv(epochs: EpochRecord[], metrics: MetricsRecord[]): string {
  const byEpoch = new Map(metrics.map((m) => [m.epoch, m]));
  const recallKeys = [...new Set(metrics.flatMap((m) => Object.keys(m.recallAtK)))].sort((a, b) => Number(a) - Number(b));
  const header = ['epoch', 'loss', 'learner_losses', 'learning_rate', 'seconds', 'images_per_second', 'ended_at', ...recallKeys.map((k) => `recall_at_${k}`), 'nmi', 'map_at_r', 'r_precision', 'map5'];
  const rows = epochs.map((e) => {
    const m = byEpoch.get(e.epoch);
    return [e.epoch, e.loss, e.learnerLosses.join(';'), e.learningRate, e.seconds, e.imagesPerSecond, e.endedAt, ...recallKeys.map((k) => m?.recallAtK[k]), m?.nmi, m?.mapAtR, m?.rPrecision, m?.map5].map(csvField).join(',');
  });
  return [header.join(','), ...rows, ''].join('\n');
}

export async function exportCommand(argv: string[]): Promise<number> {
  const flags = parseFlags('export', spec, argv);
  if (flags.help) {
    process.stdout.write(formatHelp(spec));
    return 0;
  }
  const modelDir = flags.strings.get('model');
  if (modelDir !== undefined) {
    if (flags.strings.has('format') || flags.strings.has('out')) throw new CliUsageError('fluke export: --model writes a folder; --format and --out are for the epochs');
    return exportModelCommand(runIdArgument('export', flags.positionals[0]!), modelDir, flags.strings.get('checkpoint'), flags.strings.get('db'));
  }
  if (flags.strings.has('checkpoint')) throw new CliUsageError('fluke export: --checkpoint goes with --model');
  const format = flags.strings.get('format');
  if (format === undefined) throw new CliUsageError('fluke export: --format is required (csv or json), or --model DIR');
  if (format !== 'csv' && format !== 'json') throw new CliUsageError(`fluke export: --format must be csv or json, got "${format}"`);
  const runId = runIdArgument('export', flags.positionals[0]!);
  const store = openExistingStore(storePathFrom(flags.strings.get('db')));
  let text: string;
  try {
    const run = getRun(store, runId);
    if (!run) throw new CliError(`fluke export: no run ${runId} in ${store.path}`);
    const epochs = listEpochs(store, [runId]);
    const metrics = listMetrics(store, [runId]);
    if (format === 'csv') {
      text = epochsAsCsv(epochs, metrics);
    } else {
      const byEpoch = new Map(metrics.map((m) => [m.epoch, m]));
      text = `${JSON.stringify({ run, epochs: epochs.map((e) => ({ ...e, metrics: byEpoch.get(e.epoch) ?? null })) }, null, 2)}\n`;
    }
  } finally {
    store.db.close();
  }
  const out = flags.strings.get('out');
  if (out === undefined) {
    process.stdout.write(text);
  } else {
    try {
      writeFileSync(resolve(out), text);
    } catch (error) {
      throw new CliError(`fluke export: cannot write --out ${resolve(out)}: ${(error as Error).message}`);
    }
  }
  return 0;
}
