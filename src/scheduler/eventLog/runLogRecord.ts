/**
 * The per-run event log: what a training job on a cluster node writes instead of the
 * database. One JSON object per line, numbered from 1 in `seq`; a record is complete only
 * with its newline, so a line cut off by a node dying mid-write is never read.
 * Image ids inside `epoch` records are the log's own: the 1-based position of the image
 * among the run's `images` records, translated to store ids when the log is ingested.
 */
import type { EmbeddingMapWrite, EpochWrite } from '../../engine/trainer/runSink';
import type { CheckpointKind, ImageSplit, RunStatus } from '../../protocol/records';

/** An epoch as the log holds it: JSON has no typed arrays, so the map's coordinates are a plain array. */
export type LoggedEpochWrite = Omit<EpochWrite, 'embeddingMap'> & { embeddingMap?: (Omit<EmbeddingMapWrite, 'xy'> & { xy: number[] }) | null };

export type RunLogBody =
  | { type: 'started'; at: string; host: string; pid: number; jobId: string | null; attempt: number; backend: string; startEpoch: number }
  | { type: 'images'; images: Array<{ path: string; identity: string; split: ImageSplit }> }
  | { type: 'data-problems'; problems: Array<{ path: string; problem: string }> }
  | { type: 'epoch'; write: LoggedEpochWrite }
  | {
      type: 'checkpoint';
      epoch: number;
      path: string;
      /** Absent in logs written before kinds were recorded. */
      kind?: CheckpointKind;
      /** The file's SHA-256 (hex); absent in logs written before digests were recorded. */
      sha256?: string;
    }
  /**
   * Checkpoints retention (`runtime.keepCheckpoints`) let go, appended before their files are
   * deleted: they no longer count for a resume, and ingest drops their rows. Absent in older logs.
   */
  | { type: 'checkpoints-removed'; paths: string[] }
  | { type: 'ended'; at: string; status: RunStatus; error: string | null; backend: string | null };

export type RunLogRecord = RunLogBody & { seq: number };

/** The log's file name inside a run's job folder. */
export const runLogFileName = 'events.jsonl';
