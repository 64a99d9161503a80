import { bestEpoch } from '../../engine/trainer/bestEpoch';
import type { ExperimentConfig } from '../../protocol/experiment';
import type { RunRecord } from '../../protocol/records';
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
 * evaluated epoch has one), the newest, or a given epoch's. Names what there is when it is missing.
 */
export function chooseCheckpoint(store: Store, run: RunRecord, config: ExperimentConfig, choice: CheckpointChoice): { epoch: number; path: string; choice: string } {
  const checkpoints = listCheckpoints(store, run.id);
  if (checkpoints.length === 0) throw new CliError(`run ${run.id} has no checkpoint yet (it has not finished an epoch)`);
  const newest = checkpoints[checkpoints.length - 1]!;
  if (choice === 'last') return { epoch: newest.epoch, path: newest.path, choice: 'last' };
  if (choice === 'best') {
    const kept = new Set(checkpoints.map((checkpoint) => checkpoint.epoch));
    const best = bestEpoch(listMetrics(store, [run.id]).filter((row) => kept.has(row.epoch)), config.evaluation.selectBy);
    if (!best) return { epoch: newest.epoch, path: newest.path, choice: 'last (no evaluated epoch kept yet)' };
    const checkpoint = checkpoints.find((candidate) => candidate.epoch === best.epoch)!;
    return { epoch: checkpoint.epoch, path: checkpoint.path, choice: `best by ${config.evaluation.selectBy} (${best.value.toFixed(4)})` };
  }
  const exact = checkpoints.find((checkpoint) => checkpoint.epoch === choice);
  if (!exact) throw new CliError(`run ${run.id} keeps no checkpoint of epoch ${choice} (kept: ${checkpoints.map((checkpoint) => checkpoint.epoch).join(', ')})`);
  return { epoch: exact.epoch, path: exact.path, choice: `epoch ${choice}` };
}
