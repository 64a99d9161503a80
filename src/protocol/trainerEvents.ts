/**
 * What `fluke train` prints on stdout: one JSON object per line, one line per event.
 * The extension's run manager parses these; nothing else goes to stdout.
 */
import type { CheckpointKind, EpochBatchesRecord, EpochRecord, MetricsRecord, RunStatus } from './records';

export type TrainerEvent =
  | { type: 'run-started'; runId: number; name: string; pid: number; backend: string; epochs: number; startEpoch: number }
  | { type: 'log'; runId: number | null; level: 'info' | 'warning' | 'error'; message: string }
  | ({ type: 'epoch'; epochs: number } & Omit<EpochRecord, 'endedAt'>)
  | ({ type: 'metrics' } & MetricsRecord)
  | ({ type: 'epoch-batches' } & EpochBatchesRecord)
  | { type: 'clustering'; runId: number; epoch: number; k: number; sizes: number[]; churnNmi: number | null }
  | { type: 'checkpoint'; runId: number; epoch: number; kind: CheckpointKind; path: string; /** Of the file written (hex), which the database records. */ sha256: string }
  | { type: 'run-ended'; runId: number; status: RunStatus; error: string | null };

export type TrainerEventType = TrainerEvent['type'];

export function formatTrainerEvent(event: TrainerEvent): string {
  return JSON.stringify(event);
}

/** Parses one stdout line; returns null for a line that is not a trainer event. */
export function parseTrainerEvent(line: string): TrainerEvent | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return null;
  try {
    const value = JSON.parse(trimmed) as { type?: unknown };
    return typeof value.type === 'string' ? (value as TrainerEvent) : null;
  } catch {
    return null;
  }
}
