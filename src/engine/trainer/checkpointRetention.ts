/**
 * Which checkpoints a run keeps as it trains (`runtime.keepCheckpoints`), and deleting the
 * others. The newest is always kept: it is the one a resume starts from. The store drops the
 * rows first, in one transaction, then the files in the run's own folder go; a crash in between leaves files no row
 * names, which the next pass (or the resumed run's) deletes, and never a row without its file.
 */
import { readdirSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { RuntimeConfig } from '../../protocol/experiment';
import { bestEpoch, type EpochMetrics } from './bestEpoch';
import type { RunSink } from './runSink';

export function checkpointEpochsToKeep(
  checkpointEpochs: readonly number[],
  metrics: readonly EpochMetrics[],
  selectBy: string,
  keep: RuntimeConfig['keepCheckpoints'],
): Set<number> {
  if (keep === 'all') return new Set(checkpointEpochs);
  const newestFirst = [...checkpointEpochs].sort((a, b) => b - a);
  const kept = new Set(newestFirst.slice(0, keep === 'last-and-best' ? 1 : keep));
  // The best among the epochs that still have a checkpoint: an evaluated epoch always has one.
  const best = bestEpoch(metrics.filter((row) => checkpointEpochs.includes(row.epoch)), selectBy);
  if (best) kept.add(best.epoch);
  return kept;
}

/** Applies the policy after an epoch's write; returns the checkpoint files deleted. */
export function retainCheckpoints(sink: RunSink, selectBy: string, keep: RuntimeConfig['keepCheckpoints'], checkpointDir: string): string[] {
  const { kept, removed } = sink.pruneCheckpoints((epochs, metrics) => checkpointEpochsToKeep(epochs, metrics, selectBy, keep));
  const keptFiles = new Set(kept.map((path) => basename(path)));
  const ownPrefix = `run-${sink.runId}-`;
  // Files of this run that no row names: removed just now, left by a crash mid-delete, or
  // an end-of-epoch checkpoint replaced by a stop's mid-epoch one. Only in the run's own
  // folder: a row of a copied database may name the original's, whose files are not ours.
  const orphans = listFiles(checkpointDir)
    .filter((name) => name.startsWith(ownPrefix) && name.endsWith('.ckpt') && !keptFiles.has(name))
    .map((name) => join(checkpointDir, name));
  const deleted = [...new Set([...removed.filter((path) => resolve(dirname(path)) === resolve(checkpointDir)), ...orphans])];
  for (const path of deleted) {
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return deleted;
}

function listFiles(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}
