import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EpochRecord, MetricsRecord } from '../../protocol/records';
import { fixtureClusterings, fixtureHistory, fixtureRun } from '../panels/panelFixtures';
import { buildCompareData, chartCsv } from './compareModel';

function twoRuns() {
  const baseline = fixtureRun(3, 1, 5);
  const dc = fixtureRun(7, 4, 5, { learningRate: 0.0005 });
  const a = fixtureHistory(baseline, 1);
  const b = fixtureHistory(dc, 2);
  const { clusterings } = fixtureClusterings(7, 4, 200, 3, 3);
  return {
    input: {
      runs: [dc, baseline],
      availableRuns: [baseline, dc],
      epochs: [...a.epochs, ...b.epochs],
      metrics: [...a.metrics, ...b.metrics],
      epochBatches: [...a.epochBatches, ...b.epochBatches],
      clusterings: new Map([[7, clusterings]]),
    },
    a,
    b,
    clusterings,
  };
}

test('one chart per metric, colours fixed by the order the runs were picked', () => {
  const { input, a } = twoRuns();
  const data = buildCompareData(input);
  const ids = data.charts.map((c) => c.id);
  assert.deepEqual(ids, [
    'loss',
    'learner-loss-1',
    'learner-loss-2',
    'learner-loss-3',
    'learner-loss-4',
    'recall-1',
    'recall-2',
    'recall-4',
    'recall-8',
    'nmi',
    'map-r',
    'map5',
    'non-zero-loss-share',
    'negative-distance',
    'cluster-sizes-7',
  ]);
  assert.deepEqual(data.runs.map((r) => [r.runId, r.colourIndex]), [[7, 0], [3, 1]]);
  const loss = data.charts.find((c) => c.id === 'loss')!;
  const baselineLoss = loss.series.find((s) => s.runId === 3)!;
  assert.equal(baselineLoss.colourIndex, 1);
  assert.deepEqual(baselineLoss.values, a.epochs.map((e) => e.loss));
  assert.deepEqual(baselineLoss.epochs, [1, 2, 3, 4, 5]);
  // The K = 1 run has one learner: it appears in learner 1's chart only.
  assert.deepEqual(data.charts.find((c) => c.id === 'learner-loss-2')!.series.map((s) => s.runId), [7]);
});

test('MAP@5 at the best threshold beside the threshold-free value; batch hardness averaged over learners', () => {
  const { input, b } = twoRuns();
  const data = buildCompareData(input);
  const map5 = data.charts.find((c) => c.id === 'map5')!;
  assert.deepEqual(map5.series.map((s) => s.key), ['run-7', 'run-7-best-threshold', 'run-3', 'run-3-best-threshold']);
  assert.match(map5.series[1]!.label, /best threshold/);
  assert.deepEqual(map5.series[1]!.values, b.metrics.map((m) => m.map5Best!.value));
  const share = data.charts.find((c) => c.id === 'non-zero-loss-share')!;
  const dc = share.series.find((s) => s.runId === 7)!;
  const expected = b.epochBatches.map((e) => e.learnerHardness.reduce((sum, l) => sum + l.nonZeroLossShare!, 0) / e.learnerHardness.length);
  dc.values.forEach((value, i) => assert.ok(Math.abs(value - expected[i]!) < 1e-12, `epoch ${i + 1}`));
  // A learner that mined nothing is left out of the mean, not counted as 0.
  const partial = buildCompareData({
    ...input,
    epochBatches: [{ runId: 3, epoch: 1, clusterUsage: [], learnerHardness: [{ learner: 0, nonZeroLossShare: 0.4, meanNegativeDistance: 1 }, { learner: 1, nonZeroLossShare: null, meanNegativeDistance: null }] }],
  });
  assert.deepEqual(partial.charts.find((c) => c.id === 'non-zero-loss-share')!.series.map((s) => s.values), [[0.4]]);
});

test('wall time counts from the run start', () => {
  const { input, a } = twoRuns();
  const loss = buildCompareData(input).charts.find((c) => c.id === 'loss')!.series.find((s) => s.runId === 3)!;
  const expected = a.epochs.reduce<number[]>((sums, e) => [...sums, (sums.at(-1) ?? 0) + e.seconds], []);
  loss.wallSeconds.forEach((seconds, i) => assert.ok(Math.abs(seconds - expected[i]!) < 0.01, `epoch ${i + 1}`));
});

test('cluster sizes over time: one line per cluster at each reclustering', () => {
  const { input, clusterings } = twoRuns();
  const sizes = buildCompareData(input).charts.find((c) => c.id === 'cluster-sizes-7')!;
  assert.equal(sizes.series.length, 4);
  assert.deepEqual(sizes.series[2]!.values, clusterings.map((c) => c.sizes[2]));
  assert.deepEqual(sizes.series[2]!.epochs, [0, 2, 4]);
});

test('summary: best and last values, total duration and images per second', () => {
  const runs = [fixtureRun(1, 1, 3)];
  const epochs: EpochRecord[] = [
    { runId: 1, epoch: 1, loss: 0.9, learnerLosses: [0.9], learningRate: 1e-3, seconds: 10, imagesPerSecond: 100, endedAt: '2026-11-28T10:00:10Z' },
    { runId: 1, epoch: 2, loss: 0.5, learnerLosses: [0.5], learningRate: 1e-3, seconds: 30, imagesPerSecond: 200, endedAt: '2026-11-28T10:00:40Z' },
  ];
  const metric = (epoch: number, r1: number, map5: number | null): MetricsRecord => ({
    runId: 1, epoch, recallAtK: { '1': r1 }, nmi: null, mapAtR: 0.1 * epoch, rPrecision: null, map5,
  });
  const data = buildCompareData({ runs, availableRuns: runs, epochs, metrics: [metric(2, 0.4, null), metric(1, 0.6, 0.3)], epochBatches: [], clusterings: new Map() });
  const values = data.summary[0]!.values;
  assert.equal(values.bestRecallAt1, 0.6);
  assert.equal(values.lastRecallAt1, 0.4);
  assert.equal(values.bestMap5, 0.3);
  assert.equal(values.bestNmi, null);
  assert.equal(values.lastLoss, 0.5);
  assert.equal(values.durationSeconds, 40);
  assert.equal(values.imagesPerSecond, (100 * 10 + 200 * 30) / 40);
  assert.equal(data.charts.some((c) => c.id === 'nmi'), false, 'no NMI was measured: no NMI chart');
  assert.equal(data.charts.some((c) => c.id.startsWith('learner-loss')), false, 'K = 1: no learner charts');
});

test('config diff lists what differs between the compared runs', () => {
  const { input } = twoRuns();
  const paths = buildCompareData(input).configDiff.map((row) => row.path);
  assert.deepEqual(paths, ['method.clusters', 'name', 'optimizer.learningRate']);
});

test('CSV: a header and one row per point, labels quoted when needed', () => {
  const csv = chartCsv({
    id: 'loss',
    kind: 'loss',
    title: 'Total loss',
    series: [{ key: 'run-1', label: 'k=4, "fast"', runId: 1, colourIndex: 0, epochs: [1, 2], wallSeconds: [10, Number.NaN], values: [0.5, 0.25] }],
  });
  assert.equal(csv, 'run_id,series,epoch,wall_seconds,value\n1,"k=4, ""fast""",1,10,0.5\n1,"k=4, ""fast""",2,,0.25\n');
});

test('CSV: labels a spreadsheet would run as a formula are neutralised; negative values stay numbers', () => {
  const labels = ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', 'plain=1'];
  const csv = chartCsv({
    id: 'loss',
    kind: 'loss',
    title: 'Total loss',
    series: labels.map((label, i) => ({ key: `run-${i}`, label, runId: i, colourIndex: 0, epochs: [1], wallSeconds: [1], values: [-0.5] })),
  });
  assert.deepEqual(csv.trim().split('\n').slice(1), [
    `0,"'=HYPERLINK(""http://x"",""y"")",1,1,-0.5`,
    "1,'+1+1,1,1,-0.5",
    "2,'-2+3,1,1,-0.5",
    "3,'@SUM(A1),1,1,-0.5",
    "4,'\t=1,1,1,-0.5",
    `5,"'\r=1",1,1,-0.5`,
    '6,plain=1,1,1,-0.5',
  ]);
});
