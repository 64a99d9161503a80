import type { EpochWrite } from '../../engine/trainer/runSink';
import type { RetrievalNeighbour, RetrievalResult } from '../../protocol/records';
import { listImages, registerImages } from '../../store/images';
import type { Store } from '../../store/openStore';
import { forgetCheckpoints, recordCheckpoint, recordDataProblems } from '../../store/runResults';
import { markRunEnded } from '../../store/runs';
import { StoreRunSink } from '../../store/storeRunSink';
import { loggedCheckpointKind } from '../eventLog/loggedCheckpointKind';
import { readRunLog } from '../eventLog/readRunLog';
import type { LoggedEpochWrite, RunLogRecord } from '../eventLog/runLogRecord';

/** Tells the store where a run's log is; ingesting starts at its first byte. */
export function registerRunLog(store: Store, runId: number, path: string): void {
  store.db.prepare('INSERT OR REPLACE INTO run_logs (run_id, path, ingested_bytes, ingested_seq) VALUES (?, ?, 0, 0)').run(runId, path);
}

/** Where the run's job writes its log; null for a run trained here, not on Slurm. */
export function registeredRunLogPath(store: Store, runId: number): string | null {
  return (store.db.prepare('SELECT path FROM run_logs WHERE run_id = ?').get(runId) as { path: string } | undefined)?.path ?? null;
}

interface RunLogRow {
  path: string;
  ingested_bytes: number;
  ingested_seq: number;
}

/**
 * Takes the complete records a job appended to its run log since the last ingest into
 * the store, in order. The records and the new position (byte offset and last seq) are
 * written in one transaction, so each record lands exactly once even if this process
 * dies half-way or several serve processes ingest the same log. Returns how many
 * records it took.
 */
export function ingestRunLog(store: Store, runId: number): number {
  const position = store.db.prepare('SELECT path, ingested_bytes, ingested_seq FROM run_logs WHERE run_id = ?').get(runId) as RunLogRow | undefined;
  if (!position) return 0;
  const chunk = readRunLog(position.path, position.ingested_bytes);
  if (chunk.records.length === 0) return 0;
  return store.db
    .transaction(() => {
      // Another process may have taken these records between our read and this write lock.
      const now = store.db.prepare('SELECT ingested_bytes FROM run_logs WHERE run_id = ?').get(runId) as { ingested_bytes: number } | undefined;
      if (!now || now.ingested_bytes !== position.ingested_bytes) return 0;
      let seq = position.ingested_seq;
      for (const record of chunk.records) {
        if (record.seq !== seq + 1) throw new Error(`${position.path}: record ${record.seq} follows record ${seq} (the log is out of order)`);
        applyRecord(store, runId, record, position.path);
        seq = record.seq;
      }
      store.db.prepare('UPDATE run_logs SET ingested_bytes = ?, ingested_seq = ? WHERE run_id = ?').run(chunk.end, seq, runId);
      return chunk.records.length;
    })
    .immediate();
}

/** Ingests the logs of these runs (those that have one); returns the runs that got records. */
export function ingestRunLogs(store: Store, runIds: number[], onError: (runId: number, error: Error) => void): number[] {
  return runIds.filter((runId) => {
    try {
      return ingestRunLog(store, runId) > 0;
    } catch (error) {
      onError(runId, error as Error);
      return false;
    }
  });
}

function applyRecord(store: Store, runId: number, record: RunLogRecord, path: string): void {
  switch (record.type) {
    case 'started':
      // No pid: the process lives on another host, which the scheduler (not a pid) speaks for.
      store.db
        .prepare(
          `UPDATE runs SET status = 'running', host = ?, backend = ?, started_at = COALESCE(started_at, ?), ended_at = NULL, error = NULL
           WHERE id = ?`,
        )
        .run(record.host, record.backend, record.at, runId);
      return;
    case 'images':
      registerImages(store, runId, record.images);
      return;
    case 'data-problems':
      recordDataProblems(store, runId, record.problems);
      return;
    case 'epoch':
      new StoreRunSink(store, runId).writeEpoch(withStoreImageIds(record.write, storeImageIds(store, runId, record.seq, path)));
      return;
    case 'checkpoint':
      recordCheckpoint(store, runId, record.epoch, record.path, loggedCheckpointKind(record), record.sha256 ?? null);
      return;
    case 'checkpoints-removed':
      forgetCheckpoints(store, runId, record.paths);
      return;
    case 'ended':
      markRunEnded(store, runId, record.status, record.error, record.backend ?? undefined);
      return;
  }
}

/** Store id of each log image id (the log's ids are 1-based positions in registration order). */
function storeImageIds(store: Store, runId: number, seq: number, path: string): (logId: number) => number {
  const ids = listImages(store, runId).map((image) => image.id);
  return (logId) => {
    const id = ids[logId - 1];
    if (id === undefined) throw new Error(`${path}: record ${seq} names image ${logId}, but the log registered only ${ids.length}`);
    return id;
  };
}

/** The epoch as the store takes it: store image ids everywhere the log names an image, typed arrays back. */
function withStoreImageIds(write: LoggedEpochWrite, toStore: (logId: number) => number): EpochWrite {
  const withStoreId = (neighbour: RetrievalNeighbour): RetrievalNeighbour => ({ ...neighbour, imageId: toStore(neighbour.imageId) });
  const retrievals = write.retrievals?.map(
    (result): RetrievalResult => ({
      ...result,
      queryImageId: toStore(result.queryImageId),
      neighbours: result.neighbours.map(withStoreId),
      ...(result.nearestIdentities ? { nearestIdentities: result.nearestIdentities.map(withStoreId) } : {}),
    }),
  );
  const map = write.embeddingMap;
  return {
    ...write,
    clusterings: write.clusterings.map((clustering) => ({ ...clustering, imageIds: clustering.imageIds.map(toStore) })),
    retrievals: retrievals ?? null,
    embeddingMap: map ? { ...map, imageIds: map.imageIds.map(toStore), xy: Float32Array.from(map.xy) } : null,
  };
}
