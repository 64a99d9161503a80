import type { ClusteringRecord, EpochBatchesRecord, EpochRecord, LearnerHardness, MetricsRecord, RunRecord } from '../../protocol/records';
import type {
  CompareChart,
  CompareData,
  CompareSeries,
  SummaryRow,
} from '../../protocol/compareContract';
import { configDiff } from './configDiff';
import { csvField } from '../../data/csv/csvField';

export interface CompareInput {
  /** The compared runs, in the order they were picked (that order fixes their colours). */
  runs: readonly RunRecord[];
  availableRuns: readonly RunRecord[];
  epochs: readonly EpochRecord[];
  metrics: readonly MetricsRecord[];
  /** What each epoch's batches drew and how hard they were (runs from before schema 5 have none). */
  epochBatches: readonly EpochBatchesRecord[];
  clusterings: ReadonlyMap<number, readonly ClusteringRecord[]>;
}

interface RunSeriesSource {
  run: RunRecord;
  colourIndex: number;
  epochs: EpochRecord[];
  metrics: MetricsRecord[];
  epochBatches: EpochBatchesRecord[];
  wallSecondsAt: (epoch: number) => number;
}

function byEpoch<T extends { epoch: number }>(records: readonly T[]): T[] {
  return records.slice().sort((a, b) => a.epoch - b.epoch);
}

/** Wall-clock seconds since the run started, for each epoch it wrote. */
function wallClock(run: RunRecord, epochs: readonly EpochRecord[]): (epoch: number) => number {
  const first = epochs[0];
  const startedMs = run.startedAt ? Date.parse(run.startedAt) : Number.NaN;
  const originMs = Number.isFinite(startedMs)
    ? startedMs
    : first
      ? Date.parse(first.endedAt) - first.seconds * 1000
      : 0;
  const endedAt = new Map(epochs.map((record) => [record.epoch, (Date.parse(record.endedAt) - originMs) / 1000]));
  return (epoch) => endedAt.get(epoch) ?? Number.NaN;
}

function series(
  source: RunSeriesSource,
  key: string,
  label: string,
  points: ReadonlyArray<{ epoch: number; value: number | null | undefined }>,
  colourIndex = source.colourIndex,
): CompareSeries | null {
  const kept = points.filter((point): point is { epoch: number; value: number } => typeof point.value === 'number');
  if (kept.length === 0) return null;
  return {
    key,
    label,
    runId: source.run.id,
    colourIndex,
    epochs: kept.map((point) => point.epoch),
    wallSeconds: kept.map((point) => source.wallSecondsAt(point.epoch)),
    values: kept.map((point) => point.value),
  };
}

function chart(id: string, kind: CompareChart['kind'], title: string, lines: Array<CompareSeries | null>): CompareChart | null {
  const kept = lines.filter((line): line is CompareSeries => line !== null);
  return kept.length ? { id, kind, title, series: kept } : null;
}

function metricCharts(sources: readonly RunSeriesSource[]): Array<CompareChart | null> {
  const runKey = (source: RunSeriesSource) => `run-${source.run.id}`;
  const maxLearners = Math.max(0, ...sources.flatMap((source) => source.epochs.map((e) => e.learnerLosses.length)));
  const recallKs = [...new Set(sources.flatMap((source) => source.metrics.flatMap((m) => Object.keys(m.recallAtK))))]
    .map(Number)
    .filter((k) => Number.isInteger(k) && k > 0)
    .sort((a, b) => a - b);
  const charts: Array<CompareChart | null> = [
    chart('loss', 'loss', 'Total loss', sources.map((s) =>
      series(s, runKey(s), s.run.name, s.epochs.map((e) => ({ epoch: e.epoch, value: e.loss }))),
    )),
  ];
  // One learner has the total loss already; learner charts only say something for K > 1.
  if (maxLearners > 1) {
    for (let learner = 0; learner < maxLearners; learner++) {
      charts.push(chart(`learner-loss-${learner + 1}`, 'learnerLoss', `Loss of learner ${learner + 1}`, sources.map((s) =>
        series(s, runKey(s), s.run.name, s.epochs.map((e) => ({ epoch: e.epoch, value: e.learnerLosses[learner] }))),
      )));
    }
  }
  for (const k of recallKs) {
    charts.push(chart(`recall-${k}`, 'recall', `Recall@${k}`, sources.map((s) =>
      series(s, runKey(s), s.run.name, s.metrics.map((m) => ({ epoch: m.epoch, value: m.recallAtK[String(k)] }))),
    )));
  }
  charts.push(
    chart('nmi', 'nmi', 'NMI', sources.map((s) =>
      series(s, runKey(s), s.run.name, s.metrics.map((m) => ({ epoch: m.epoch, value: m.nmi }))),
    )),
    chart('map-r', 'mapAtR', 'MAP@R', sources.map((s) =>
      series(s, runKey(s), s.run.name, s.metrics.map((m) => ({ epoch: m.epoch, value: m.mapAtR }))),
    )),
    chart('map5', 'map5', 'MAP@5 (and at the best new_whale threshold, chosen on the evaluation itself)', sources.flatMap((s) => [
      series(s, runKey(s), s.run.name, s.metrics.map((m) => ({ epoch: m.epoch, value: m.map5 }))),
      series(s, `${runKey(s)}-best-threshold`, `${s.run.name} (best threshold)`, s.metrics.map((m) => ({ epoch: m.epoch, value: m.map5Best?.value }))),
    ])),
    chart('non-zero-loss-share', 'batchHardness', 'Share of mined pairs/triplets with non-zero loss (mean over learners)', sources.map((s) =>
      series(s, runKey(s), s.run.name, s.epochBatches.map((b) => ({ epoch: b.epoch, value: meanOverLearners(b.learnerHardness, 'nonZeroLossShare') }))),
    )),
    chart('negative-distance', 'batchHardness', 'Mean anchor-negative distance in the batches (mean over learners)', sources.map((s) =>
      series(s, runKey(s), s.run.name, s.epochBatches.map((b) => ({ epoch: b.epoch, value: meanOverLearners(b.learnerHardness, 'meanNegativeDistance') }))),
    )),
  );
  return charts;
}

/** The mean of a hardness figure over the learners that mined something; null when none did. */
function meanOverLearners(learners: readonly LearnerHardness[], field: 'nonZeroLossShare' | 'meanNegativeDistance'): number | null {
  const values = learners.map((learner) => learner[field]).filter((value): value is number => value !== null);
  return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : null;
}

/** Cluster sizes at each reclustering of a divide-and-conquer run: one line per cluster. */
function clusterSizeChart(source: RunSeriesSource, clusterings: readonly ClusteringRecord[]): CompareChart | null {
  const sorted = byEpoch(clusterings);
  const k = Math.max(0, ...sorted.map((c) => c.sizes.length));
  if (k < 2) return null;
  const lines = Array.from({ length: k }, (_, cluster) =>
    series(
      source,
      `run-${source.run.id}-cluster-${cluster + 1}`,
      `Cluster ${cluster + 1}`,
      sorted.map((c) => ({ epoch: c.epoch, value: c.sizes[cluster] })),
      cluster,
    ),
  );
  return chart(`cluster-sizes-${source.run.id}`, 'clusterSizes', `Cluster sizes: ${source.run.name}`, lines);
}

function best(values: ReadonlyArray<number | null | undefined>, better: 'higher' | 'lower'): number | null {
  const kept = values.filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  if (kept.length === 0) return null;
  return better === 'higher' ? Math.max(...kept) : Math.min(...kept);
}

function summaryRow(source: RunSeriesSource): SummaryRow {
  const lastMetrics = source.metrics.at(-1);
  const lastEpoch = source.epochs.at(-1);
  const seconds = source.epochs.reduce((sum, e) => sum + e.seconds, 0);
  const images = source.epochs.reduce((sum, e) => sum + e.imagesPerSecond * e.seconds, 0);
  return {
    runId: source.run.id,
    colourIndex: source.colourIndex,
    values: {
      name: source.run.name,
      bestRecallAt1: best(source.metrics.map((m) => m.recallAtK['1']), 'higher'),
      lastRecallAt1: lastMetrics?.recallAtK['1'] ?? null,
      bestMapAtR: best(source.metrics.map((m) => m.mapAtR), 'higher'),
      bestMap5: best(source.metrics.map((m) => m.map5), 'higher'),
      bestNmi: best(source.metrics.map((m) => m.nmi), 'higher'),
      lastLoss: lastEpoch?.loss ?? null,
      epochs: source.epochs.length,
      durationSeconds: source.epochs.length ? seconds : null,
      imagesPerSecond: seconds > 0 ? images / seconds : null,
    },
  };
}

/** Everything the Compare Runs panel shows, from what the store returned for the compared runs. */
export function buildCompareData(input: CompareInput): CompareData {
  const sources: RunSeriesSource[] = input.runs.map((run, colourIndex) => {
    const epochs = byEpoch(input.epochs.filter((e) => e.runId === run.id));
    return {
      run,
      colourIndex,
      epochs,
      metrics: byEpoch(input.metrics.filter((m) => m.runId === run.id)),
      epochBatches: byEpoch(input.epochBatches.filter((b) => b.runId === run.id)),
      wallSecondsAt: wallClock(run, epochs),
    };
  });
  const charts = [
    ...metricCharts(sources),
    ...sources.map((source) => clusterSizeChart(source, input.clusterings.get(source.run.id) ?? [])),
  ].filter((c): c is CompareChart => c !== null);
  return {
    runs: sources.map((source) => ({
      runId: source.run.id,
      name: source.run.name,
      status: source.run.status,
      colourIndex: source.colourIndex,
      clusters: source.run.config.method.clusters,
    })),
    availableRuns: input.availableRuns.map((run) => ({ runId: run.id, name: run.name, status: run.status })),
    charts,
    configDiff: configDiff(input.runs.map((run) => run.config)),
    summary: sources.map(summaryRow),
  };
}

/** A chart's raw (unsmoothed) data as CSV, one row per point. */
export function chartCsv(chartData: CompareChart): string {
  const rows = [['run_id', 'series', 'epoch', 'wall_seconds', 'value'].join(',')];
  for (const line of chartData.series) {
    line.epochs.forEach((epoch, index) => {
      const wall = line.wallSeconds[index]!;
      rows.push(
        [line.runId, csvField(line.label), epoch, Number.isFinite(wall) ? wall : '', line.values[index]!].join(','),
      );
    });
  }
  return `${rows.join('\n')}\n`;
}
