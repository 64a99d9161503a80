/** What the workspace's store holds, read with the CLI the user has (`fluke runs` / `fluke show`). */
import type { ClusteringRecord, EmbeddingMapSummary, EpochBatchesRecord, EpochRecord, MetricsRecord, RunRecord } from '../../../src/protocol/records';
import { runCli, runCliJson } from './cli';

export interface ShownRun {
  run: RunRecord;
  epochs: EpochRecord[];
  metrics: MetricsRecord[];
  embeddingMaps: EmbeddingMapSummary[];
  epochBatches: EpochBatchesRecord[];
  clusterings: ClusteringRecord[];
}

const database = '.fluke/fluke.db';

export function storedRuns(workspace: string): RunRecord[] {
  return runCliJson<RunRecord[]>(['runs', '--db', database, '--json'], workspace);
}

export function storedRun(workspace: string, runId: number): ShownRun {
  return runCliJson<ShownRun>(['show', String(runId), '--db', database, '--json'], workspace);
}

/** Trains every run of an experiment file with `fluke train`, before VS Code opens the workspace. */
export function trainWithCli(workspace: string, experimentFile: string): void {
  runCli(['train', experimentFile, '--db', database], workspace, 600_000);
}
