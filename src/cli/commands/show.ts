import { statSync } from 'node:fs';
import { bestEpoch } from '../../engine/trainer/bestEpoch';
import { withSchemaDefaults } from '../../experiment/storedConfig';
import { listCheckpoints, listDataProblems, listEpochs, listMetrics } from '../../store/runResults';
import { asReconciled } from '../../store/reconcileRuns';
import { getRun } from '../../store/runs';
import { listClusterings } from '../../store/clusterings';
import { terminalSafe } from '../terminalText';
import { listEmbeddingMaps } from '../../store/embeddingMaps';
import { listEpochBatches } from '../../store/epochBatches';
import { CliError } from '../cliErrors';
import { formatHelp, parseFlags, runIdArgument, type CommandSpec } from '../parseFlags';
import { dbFlagSpec, openExistingStore, storePathFrom } from '../storeLocation';

const spec: CommandSpec = {
  usage: 'show RUN [--db PATH] [--json]',
  summary: 'Shows one run: its config and grid values, status, epochs with metrics, what each epoch\'s batches drew, clusterings, Embedding Maps, checkpoints and data problems.',
  flags: { db: dbFlagSpec, json: { type: 'boolean', description: 'Print everything as one JSON object.' } },
  positionals: { min: 1, max: 1, names: 'RUN' },
};

function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '-' : value.toFixed(4);
}

function fileSize(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

export async function showCommand(argv: string[]): Promise<number> {
  const flags = parseFlags('show', spec, argv);
  if (flags.help) {
    process.stdout.write(formatHelp(spec));
    return 0;
  }
  const runId = runIdArgument('show', flags.positionals[0]!);
  const store = openExistingStore(storePathFrom(flags.strings.get('db')));
  try {
    const stored = getRun(store, runId);
    if (!stored) throw new CliError(`fluke show: no run ${runId} in ${store.path}`);
    const [run] = asReconciled(store, [stored]) as [typeof stored];
    const epochs = listEpochs(store, [runId]);
    const metrics = listMetrics(store, [runId]);
    const clusterings = listClusterings(store, runId);
    const config = withSchemaDefaults(run.config);
    const best = bestEpoch(metrics, config.evaluation.selectBy);
    const checkpoints = listCheckpoints(store, runId).map((checkpoint) => ({ ...checkpoint, bytes: fileSize(checkpoint.path), best: checkpoint.kind === 'epoch' && checkpoint.epoch === best?.epoch }));
    const dataProblems = listDataProblems(store, runId);
    const embeddingMaps = listEmbeddingMaps(store, runId);
    const epochBatches = listEpochBatches(store, [runId]);
    if (flags.booleans.has('json')) {
      process.stdout.write(`${JSON.stringify({ run, epochs, metrics, epochBatches, clusterings, bestEpoch: best && { ...best, selectBy: config.evaluation.selectBy }, embeddingMaps, checkpoints, dataProblems }, null, 2)}\n`);
      return 0;
    }
    const metricsByEpoch = new Map(metrics.map((m) => [m.epoch, m]));
    const recallKeys = [...new Set(metrics.flatMap((m) => Object.keys(m.recallAtK)))].sort((a, b) => Number(a) - Number(b));
    const lines = [
      `run ${run.id}: ${run.name}`,
      `  experiment  ${run.experimentPath}`,
      `  status      ${run.status}${run.error ? ` (${run.error})` : ''}`,
      `  progress    epoch ${run.lastEpoch} of ${run.epochs}, best R@1 ${formatNumber(run.bestRecallAt1)}`,
      `  process     ${run.pid ?? '-'} on ${run.host ?? '-'}, backend ${run.backend ?? '-'}`,
      `  times       created ${run.createdAt}, started ${run.startedAt ?? '-'}, ended ${run.endedAt ?? '-'}`,
      `  grid        ${Object.keys(run.gridValues).length ? JSON.stringify(run.gridValues) : '-'}`,
      `  clusters    K=${run.config.method.clusters}, ${clusterings.length} clusterings`,
      `  maps        ${embeddingMaps.length ? embeddingMaps.map((m) => `${m.epoch}: ${m.method} of ${m.points}`).join(', ') : '-'}`,
      `  best epoch  ${best ? `${best.epoch} (${config.evaluation.selectBy} ${formatNumber(best.value)})` : '-'}`,
      `  checkpoints ${checkpoints.length ? `${checkpoints.length} kept (runtime.keepCheckpoints ${config.runtime.keepCheckpoints})` : '-'}`,
      ...checkpoints.map((c) => `    epoch ${c.epoch}${c.kind === 'stop' ? ` + part of ${c.epoch + 1} (stop, for resume)` : ''}${c.best ? ' (best)' : ''}  ${c.bytes === null ? 'file missing' : formatBytes(c.bytes)}  ${c.path}`),
      `  data        ${dataProblems.length} problem(s)${dataProblems.length ? `, first: ${dataProblems[0]!.path}: ${dataProblems[0]!.problem}` : ''}`,
      '',
      ['epoch', 'loss', 'lr', 'seconds', 'img/s', ...recallKeys.map((k) => `R@${k}`), 'NMI', 'MAP@R', 'MAP@5', 'MAP@5 best t'].join('\t'),
      ...epochs.map((e) => {
        const m = metricsByEpoch.get(e.epoch);
        return [e.epoch, e.loss.toFixed(4), e.learningRate.toExponential(2), e.seconds.toFixed(1), e.imagesPerSecond.toFixed(1), ...recallKeys.map((k) => formatNumber(m?.recallAtK[k])), formatNumber(m?.nmi), formatNumber(m?.mapAtR), formatNumber(m?.map5), formatNumber(m?.map5Best?.value)].join('\t');
      }),
      '',
    ];
    process.stdout.write(lines.map(terminalSafe).join('\n'));
    return 0;
  } finally {
    store.db.close();
  }
}
