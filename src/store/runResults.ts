import type { CheckpointKind, CheckpointRecord, DataProblemRecord, EpochRecord, MetricsRecord } from '../protocol/records';
import type { CheckpointEntry } from '../engine/trainer/resumableCheckpoint';
import type { Store } from './openStore';

/** Per-epoch results of runs: losses, timing, metrics, checkpoints, data problems. */

function placeholders(count: number): string {
  return new Array(count).fill('?').join(', ');
}

interface EpochRow {
  run_id: number;
  epoch: number;
  loss: number;
  learner_losses: string;
  learning_rate: number;
  seconds: number;
  images_per_second: number;
  ended_at: string;
}

export function listEpochs(store: Store, runIds: number[]): EpochRecord[] {
  if (runIds.length === 0) return [];
  const rows = store.db
    .prepare(`SELECT * FROM epochs WHERE run_id IN (${placeholders(runIds.length)}) ORDER BY run_id, epoch`)
    .all(...runIds) as EpochRow[];
  return rows.map((row) => ({
    runId: row.run_id,
    epoch: row.epoch,
    loss: row.loss,
    learnerLosses: JSON.parse(row.learner_losses) as number[],
    learningRate: row.learning_rate,
    seconds: row.seconds,
    imagesPerSecond: row.images_per_second,
    endedAt: row.ended_at,
  }));
}

interface MetricsRow {
  run_id: number;
  epoch: number;
  recall_at_k: string;
  nmi: number | null;
  map_at_r: number | null;
  r_precision: number | null;
  map5: number | null;
  map5_best: number | null;
  map5_best_threshold: number | null;
}

export function listMetrics(store: Store, runIds: number[]): MetricsRecord[] {
  if (runIds.length === 0) return [];
  const rows = store.db
    .prepare(`SELECT * FROM metrics WHERE run_id IN (${placeholders(runIds.length)}) ORDER BY run_id, epoch`)
    .all(...runIds) as MetricsRow[];
  return rows.map((row) => ({
    runId: row.run_id,
    epoch: row.epoch,
    recallAtK: JSON.parse(row.recall_at_k) as Record<string, number>,
    nmi: row.nmi,
    mapAtR: row.map_at_r,
    rPrecision: row.r_precision,
    map5: row.map5,
    map5Best: row.map5_best === null || row.map5_best_threshold === null ? null : { threshold: row.map5_best_threshold, value: row.map5_best },
  }));
}

/** A stop's checkpoint of epoch E holds more than epoch E's own ('epoch' sorts before 'stop'). */
const oldestFirst = 'epoch, kind';

/** A run's checkpoints, oldest first. */
export function listCheckpoints(store: Store, runId: number): CheckpointRecord[] {
  const rows = store.db
    .prepare(`SELECT run_id, epoch, kind, path, sha256, created_at FROM checkpoints WHERE run_id = ? ORDER BY ${oldestFirst}`)
    .all(runId) as Array<{ run_id: number; epoch: number; kind: CheckpointKind; path: string; sha256: string | null; created_at: string }>;
  return rows.map((row) => ({ runId: row.run_id, epoch: row.epoch, kind: row.kind, path: row.path, sha256: row.sha256, createdAt: row.created_at }));
}

export function latestCheckpoint(store: Store, runId: number): CheckpointEntry | null {
  const row = store.db
    .prepare('SELECT epoch, path, sha256 FROM checkpoints WHERE run_id = ? ORDER BY epoch DESC, kind DESC LIMIT 1')
    .get(runId) as CheckpointEntry | undefined;
  return row ?? null;
}

export function recordDataProblems(store: Store, runId: number, problems: Array<{ path: string; problem: string }>): void {
  const insert = store.db.prepare('INSERT INTO data_problems (run_id, path, problem) VALUES (?, ?, ?)');
  store.db
    .transaction(() => {
      for (const problem of problems) insert.run(runId, problem.path, problem.problem);
    })
    .immediate();
}

export function listDataProblems(store: Store, runId: number): DataProblemRecord[] {
  const rows = store.db
    .prepare('SELECT run_id, path, problem FROM data_problems WHERE run_id = ? ORDER BY id')
    .all(runId) as Array<{ run_id: number; path: string; problem: string }>;
  return rows.map((row) => ({ runId: row.run_id, path: row.path, problem: row.problem }));
}

/**
 * Records a checkpoint reported by a trainer event. A stop's (kind 'stop', `epoch` = the last
 * complete epoch it holds) sits beside that epoch's end-of-epoch checkpoint, never in its place:
 * best/EPOCH choices load only end-of-epoch weights. `sha256` is the file's digest (null: not
 * known, from an older run log): a load refuses a file whose digest differs from the recorded one.
 */
export function recordCheckpoint(store: Store, runId: number, epoch: number, path: string, kind: CheckpointKind, sha256: string | null): void {
  store.db
    .prepare('INSERT OR REPLACE INTO checkpoints (run_id, epoch, kind, path, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(runId, epoch, kind, path, sha256, new Date().toISOString());
}

/** Deletes the rows of these checkpoint files of a run (retention let them go in a job's run log). */
export function forgetCheckpoints(store: Store, runId: number, paths: readonly string[]): void {
  const forget = store.db.prepare('DELETE FROM checkpoints WHERE run_id = ? AND path = ?');
  for (const path of paths) forget.run(runId, path);
}
