import { bestMapAt5Threshold } from '../../shared/mapAt5';
import { asMapAt5Query } from '../../shared/retrievalModel';
import type { ExperimentConfig } from '../../protocol/experiment';
import type { PredictionReport } from '../../protocol/predictions';
import type { RunRecord } from '../../protocol/records';
import type { Store } from '../../store/openStore';
import { listRetrievalEpochs, listRetrievals } from '../../store/retrievals';
import { CliError, CliUsageError } from '../cliErrors';

export type ThresholdChoice = 'config' | 'best' | 'none' | number;

export function thresholdFlag(value: string | undefined): ThresholdChoice {
  if (value === undefined) return 'config';
  if (value === 'best' || value === 'none') return value;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0) throw new CliUsageError(`fluke: --threshold must be a distance >= 0, best or none, got "${value}"`);
  return number;
}

/**
 * The new_whale threshold. `best` is computed from stored data, not by evaluating again: the
 * threshold with the highest MAP@5 over the run's stored retrievals (each query's stored
 * nearest neighbours, evaluation.retrievalTopK of them) at the newest evaluation epoch up to
 * the checkpoint's, searched exactly as evaluation's best-threshold MAP@5 is.
 */
export function chooseThreshold(store: Store, run: RunRecord, config: ExperimentConfig, checkpointEpoch: number, choice: ThresholdChoice): PredictionReport['threshold'] {
  if (typeof choice === 'number') return { value: choice, source: '--threshold' };
  if (choice === 'none') return { value: null, source: '--threshold none' };
  if (choice === 'config') return { value: config.evaluation.newWhaleThreshold, source: 'evaluation.newWhaleThreshold' };
  const epoch = listRetrievalEpochs(store, run.id).filter((candidate) => candidate <= checkpointEpoch).pop();
  if (epoch === undefined) throw new CliError(`--threshold best: run ${run.id} has no stored evaluation at or before epoch ${checkpointEpoch}`);
  const results = listRetrievals(store, run.id, epoch);
  const best = bestMapAt5Threshold(results.map(asMapAt5Query), config.data.newWhaleLabel);
  if (best === null) throw new CliError(`--threshold best: run ${run.id} stored no queries at epoch ${epoch}`);
  return { value: best.threshold, source: `best MAP@5 (${best.value.toFixed(4)}) on the stored evaluation of epoch ${epoch}` };
}
