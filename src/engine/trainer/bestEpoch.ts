/**
 * The best epoch of a run by `evaluation.selectBy`: the evaluated epoch with the highest value
 * of that metric (the earliest on ties). Pure: the trainer, `fluke show` and `fluke predict`
 * all read it from the stored metrics.
 */
import type { MetricsRecord } from '../../protocol/records';

export type EpochMetrics = Omit<MetricsRecord, 'runId'>;

/** The metric's value in one evaluation, or null when that evaluation did not compute it. */
export function selectedMetric(metrics: EpochMetrics, selectBy: string): number | null {
  const recall = /^recall@(\d+)$/.exec(selectBy);
  if (recall) return metrics.recallAtK[recall[1]!] ?? null;
  switch (selectBy) {
    case 'nmi':
      return metrics.nmi;
    case 'mapAtR':
      return metrics.mapAtR;
    case 'map5':
      return metrics.map5;
    default:
      throw new Error(`evaluation.selectBy: unknown metric "${selectBy}" (recall@K, nmi, mapAtR or map5)`);
  }
}

export function bestEpoch(metrics: readonly EpochMetrics[], selectBy: string): { epoch: number; value: number } | null {
  let best: { epoch: number; value: number } | null = null;
  for (const row of [...metrics].sort((a, b) => a.epoch - b.epoch)) {
    const value = selectedMetric(row, selectBy);
    if (value !== null && Number.isFinite(value) && (best === null || value > best.value)) best = { epoch: row.epoch, value };
  }
  return best;
}
