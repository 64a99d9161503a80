import { bestEpoch } from '../../engine/trainer/bestEpoch';
import type { ExperimentConfig } from '../../protocol/experiment';
import type { CheckpointEntry } from '../../engine/trainer/resumableCheckpoint';
import type { CheckpointRecord, RunRecord } from '../../protocol/records';
import type { Store } from '../../store/openStore';
import { listCheckpoints, listMetrics } from '../../store/runResults';
import { CliError, CliUsageError } from '../cliErrors';

export type CheckpointChoice = 'best' | 'last' | number;

export function checkpointChoiceFlag(value: string | undefined): CheckpointChoice {
  if (value === undefined || value === 'best' || value === 'last') return value ?? 'best';
  if (/^\d+$/.test(value) && Number(value) >= 1) return Number(value);
  throw new CliUsageError(`fluke: --checkpoint must be best, last or an epoch number, got "${value}"`);
}

/**
 * The kept checkpoint to load: the best epoch's by evaluation.selectBy (the newest while no
 * evaluated epoch has one), the newest, or a given epoch's. Best and EPOCH load only end-of-epoch
 * checkpoints, never a stop's mid-epoch one; last loads the newest weights of either kind.
 * Names what there is when it is missing.
 */
export function chooseCheckpoint(store: Store, run: RunRecord, config: ExperimentConfig, choice: CheckpointChoice): CheckpointEntry & { choice: string } {
  const all = listCheckpoints(store, run.id);
  if (all.length === 0) throw new CliError(`run ${run.id} has no checkpoint yet (it has not finished an epoch)`);
  const newest = all[all.length - 1]!;
  if (choice === 'last') return { ...entryOf(newest), choice: newest.kind === 'stop' ? `last (stopped inside epoch ${newest.epoch + 1})` : 'last' };
  const checkpoints = all.filter((checkpoint) => checkpoint.kind === 'epoch');
  if (choice === 'best') {
    const kept = new Set(checkpoints.map((checkpoint) => checkpoint.epoch));
    const best = bestEpoch(listMetrics(store, [run.id]).filter((row) => kept.has(row.epoch)), config.evaluation.selectBy);
    if (!best) {
      const newestEnd = checkpoints.at(-1);
      if (!newestEnd) throw new CliError(`run ${run.id} has no end-of-epoch checkpoint yet (only a stop's, inside epoch ${newest.epoch + 1}); use --checkpoint last`);
      return { ...entryOf(newestEnd), choice: 'last (no evaluated epoch kept yet)' };
    }
    const checkpoint = checkpoints.find((candidate) => candidate.epoch === best.epoch)!;
    return { ...entryOf(checkpoint), choice: `best by ${config.evaluation.selectBy} (${best.value.toFixed(4)})` };
  }
  const exact = checkpoints.find((checkpoint) => checkpoint.epoch === choice);
  if (!exact) throw new CliError(`run ${run.id} keeps no checkpoint of epoch ${choice} (kept: ${checkpoints.map((checkpoint) => checkpoint.epoch).join(', ')})`);
  return { ...entryOf(exact), choice: `epoch ${choice}` };
}

/** What loading needs of a stored checkpoint: where it is and the digest recorded for it. */
function entryOf(checkpoint: CheckpointRecord): CheckpointEntry {
  return { epoch: checkpoint.epoch, path: checkpoint.path, sha256: checkpoint.sha256 };
}
