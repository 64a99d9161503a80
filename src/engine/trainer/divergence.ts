/**
 * Signs that a run diverged although its batch loss stayed finite: a learning rate far too
 * large can blow the weights (or the batch-norm statistics) up to NaN or Infinity while the
 * miners find no pair and the loss reads 0, and then every metric is meaningless.
 */
import type { MetricsRecord } from '../../protocol/records';
import type { NamedWeight } from '../models/namedWeight';

function firstNonFinite(values: ArrayLike<number>): number | null {
  for (let index = 0; index < values.length; index++) {
    if (!Number.isFinite(values[index]!)) return values[index]!;
  }
  return null;
}

/** Describes the first weight holding NaN or ±Infinity, or null when all are finite. */
export function nonFiniteWeight(weights: NamedWeight[]): string | null {
  for (const weight of weights) {
    const value = firstNonFinite(weight.values);
    if (value !== null) return `weight ${weight.name} became ${value}`;
  }
  return null;
}

/** Describes the first NaN or infinite value among the embeddings and metrics of an evaluation, or null. */
export function nonFiniteEvaluation(embeddings: Float32Array, metrics: Omit<MetricsRecord, 'runId' | 'epoch'>): string | null {
  const embedding = firstNonFinite(embeddings);
  if (embedding !== null) return `an embedding of the evaluation images became ${embedding}`;
  const named: Array<[string, number | null]> = [
    ...Object.entries(metrics.recallAtK).map(([k, value]): [string, number] => [`recall@${k}`, value]),
    ['NMI', metrics.nmi],
    ['MAP@R', metrics.mapAtR],
    ['R-precision', metrics.rPrecision],
    ['MAP@5', metrics.map5],
  ];
  const bad = named.find(([, value]) => value !== null && !Number.isFinite(value));
  return bad ? `${bad[0]} became ${bad[1]}` : null;
}
