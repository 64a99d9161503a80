/**
 * The store (issue #8, row 5): writing the cluster assignment of every training image at
 * every reclustering (100,000 images x 50 reclusterings; --quick 10,000 x 5), reading them
 * back for the Clusters panel, and reading what Compare Runs needs for 20 runs x 200 epochs
 * (--quick 5 x 50). Ours goes through src/store (StoreRunSink, the query functions); the
 * reference is Python's sqlite3 doing the same writes and reads on the same layout
 * (bench/reference/store_reference.py), in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext, BenchRow, BenchSuite } from '../benchRow';
import { benchRatio } from '../benchRow';
import { runPythonReference } from '../python';
import { referenceName, type ReferenceEnvironment } from '../referenceEnvironment';
import { median, roundsNote } from '../roundStatistics';
import Database from 'better-sqlite3';
import { readExperimentText } from '../../experiment/readExperimentText';
import { SeededRandom } from '../../random/seededRandom';
import { getClusterAssignments, listClusterings } from '../../store/clusterings';
import { ensureExperiment } from '../../store/experiments';
import { closeStore, openStore } from '../../store/openStore';
import { listEpochs, listMetrics } from '../../store/runResults';
import { createRun, listRuns } from '../../store/runs';
import { StoreRunSink } from '../../store/storeRunSink';

interface ReferenceResult {
  writeSeconds: number;
  assignmentSeconds: number;
  readSeconds: number;
  epochRows: number;
  metricRows: number;
  environment: ReferenceEnvironment;
}

const k = 8;

function row(name: string, unit: string, ours: number, reference: string, referenceValue: number | null, note: string): BenchRow {
  return { group: 'store', name, unit, higherIsBetter: false, ours, reference, referenceValue, ratio: benchRatio(ours, referenceValue, false), note };
}

/** The SQLite library inside better-sqlite3, as it reports itself. */
function ourSqliteVersion(): string {
  const db = new Database(':memory:');
  try {
    return (db.prepare('SELECT sqlite_version() AS version').get() as { version: string }).version;
  } finally {
    db.close();
  }
}

interface Sizes {
  images: number;
  reclusterings: number;
  runs: number;
  epochs: number;
}

interface OurResult {
  writeSeconds: number;
  assignmentSeconds: number;
  readSeconds: number;
  assignmentsMatch: boolean;
  epochRows: number;
  metricRows: number;
}

/** One round of ours, on a fresh database file. */
function measureOurs(dbPath: string, folder: string, sizes: Sizes): OurResult {
  const { images, reclusterings, runs, epochs } = sizes;
  const store = openStore(dbPath);
  try {
    const config = readExperimentText(JSON.stringify({ name: 'bench', data: { path: '/' }, method: { clusters: k }, epochs }), join(folder, 'bench.experiment.json')).runs[0]!.config;
    const experiment = ensureExperiment(store, join(folder, 'bench.experiment.json'), 'bench');
    const newRun = (name: string) => createRun(store, { experimentId: experiment.id, name, config, gridValues: {}, pid: null, host: null, processIdentity: null });

    const big = new StoreRunSink(store, newRun('big').id);
    const imageIds = big.registerImages(Array.from({ length: images }, (_, i) => ({ path: `/data/train/${String(i).padStart(6, '0')}.jpg`, identity: `w_${i % 5000}`, split: 'train' as const })));
    const random = new SeededRandom(0);
    const clusterSets = Array.from({ length: reclusterings }, () => Array.from({ length: images }, () => random.int(k)));
    const writeStarted = performance.now();
    clusterSets.forEach((clusters, index) => {
      const sizesOfClusters = new Array<number>(k).fill(0);
      for (const cluster of clusters) sizesOfClusters[cluster]!++;
      big.writeEpoch({
        epoch: { epoch: index + 1, loss: 1 / (index + 1), learnerLosses: new Array<number>(k).fill(1 / (index + 1)), learningRate: 0.001, seconds: 1, imagesPerSecond: 100, endedAt: '2026-01-01T00:00:00Z' },
        metrics: null,
        clusterings: [{ epoch: index + 1, k, sizes: sizesOfClusters, features: 'backbone', imageIds, clusters }],
        retrievals: null,
        checkpointPath: null,
      });
    });
    const writeSeconds = (performance.now() - writeStarted) / 1000;
    let writtenSum = 0;
    for (const clusters of clusterSets) for (const cluster of clusters) writtenSum += cluster;

    const readAssignmentsStarted = performance.now();
    let readSum = 0;
    for (const clustering of listClusterings(store, big.runId)) for (const cluster of getClusterAssignments(store, clustering.id).clusters) readSum += cluster;
    const assignmentSeconds = (performance.now() - readAssignmentsStarted) / 1000;

    const runIds: number[] = [];
    for (let r = 0; r < runs; r++) {
      const sink = new StoreRunSink(store, newRun(`run ${r}`).id);
      runIds.push(sink.runId);
      for (let epoch = 1; epoch <= epochs; epoch++) {
        sink.writeEpoch({
          epoch: { epoch, loss: 1 / epoch, learnerLosses: [1 / epoch], learningRate: 0.001, seconds: 1, imagesPerSecond: 100, endedAt: '2026-01-01T00:00:00Z' },
          metrics: { epoch, recallAtK: { '1': epoch / epochs, '2': 0.5, '4': 0.6, '8': 0.7 }, nmi: 0.5, mapAtR: 0.2, rPrecision: 0.3, map5: 0.4 },
          clusterings: [],
          retrievals: null,
          checkpointPath: null,
        });
      }
    }
    const readTimes: number[] = [];
    let epochRows = 0;
    let metricRows = 0;
    for (let repeat = 0; repeat < 5; repeat++) {
      const started = performance.now();
      listRuns(store);
      epochRows = listEpochs(store, runIds).length;
      metricRows = listMetrics(store, runIds).length;
      readTimes.push((performance.now() - started) / 1000);
    }
    return { writeSeconds, assignmentSeconds, readSeconds: median(readTimes), assignmentsMatch: readSum === writtenSum, epochRows, metricRows };
  } finally {
    closeStore(store);
  }
}

export const storeSuite: BenchSuite = async (context: BenchContext) => {
  const sizes: Sizes = context.quick ? { images: 10_000, reclusterings: 5, runs: 5, epochs: 50 } : { images: 100_000, reclusterings: 50, runs: 20, epochs: 200 };
  // Rounds alternate ours and the reference, so load from other processes hits both alike.
  const rounds = context.quick ? 1 : 3;
  const folder = mkdtempSync(join(tmpdir(), 'fluke-bench-store-'));
  try {
    const ours: OurResult[] = [];
    const references: ReferenceResult[] = [];
    let failed = '';
    for (let round = 0; round < rounds; round++) {
      context.log(`store: round ${round + 1} of ${rounds}: ${sizes.reclusterings} clusterings of ${sizes.images} images, Compare Runs read of ${sizes.runs} runs x ${sizes.epochs} epochs`);
      ours.push(measureOurs(join(folder, `ours-${round}.db`), folder, sizes));
      const reference = runPythonReference<ReferenceResult>(context.python, 'store_reference.py', [join(folder, `reference-${round}.db`), String(sizes.images), String(sizes.reclusterings), String(sizes.runs), String(sizes.epochs)]);
      if (reference.value) references.push(reference.value);
      else failed = `reference failed: ${reference.error}`;
    }
    const last = ours[ours.length - 1]!;
    const lastReference = references[references.length - 1];
    const sameRead = lastReference && lastReference.epochRows === last.epochRows && lastReference.metricRows === last.metricRows ? `both read ${last.epochRows} epoch and ${last.metricRows} metric rows` : `rows read differ (ours ${last.epochRows}/${last.metricRows}, reference ${lastReference?.epochRows}/${lastReference?.metricRows})`;
    const reference = lastReference ? `Python ${lastReference.environment.versions['python']} ${referenceName(lastReference.environment, 'sqlite3')} (same layout)` : 'Python sqlite3 (same layout)';
    const versions = `SQLite ours ${ourSqliteVersion()}, reference ${lastReference?.environment.versions['sqlite3'] ?? '-'}; single-threaded both sides`;
    const make = (name: string, pickOurs: (result: OurResult) => number, pickReference: (result: ReferenceResult) => number, what: string) => {
      const oursValues = ours.map(pickOurs);
      const referenceValues = references.map(pickReference);
      return row(name, 's', median(oursValues), reference, referenceValues.length ? median(referenceValues) : null, failed || `${roundsNote(oursValues, referenceValues)}; ${what}; ${versions}`);
    };
    return [
      make(`write assignments, ${sizes.images} images x ${sizes.reclusterings} reclusterings`, (r) => r.writeSeconds, (r) => r.writeSeconds, 'one transaction per epoch, int32 BLOBs'),
      make(`read assignments back, ${sizes.reclusterings} clusterings`, (r) => r.assignmentSeconds, (r) => r.assignmentSeconds, ours.every((r) => r.assignmentsMatch) ? 'read back equals written' : 'MISMATCH between written and read assignments'),
      make(`Compare Runs read, ${sizes.runs} runs x ${sizes.epochs} epochs`, (r) => r.readSeconds, (r) => r.readSeconds, `each round a median of 5 reads; ${sameRead}`),
    ];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
};
