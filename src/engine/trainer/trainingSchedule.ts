/**
 * What divide and conquer does at a given epoch (1-based): how many learners are active,
 * whether the loss is on the slices or the whole embedding, whether batch norm is frozen,
 * when to recluster and evaluate. The default schedule for K > 1 (method.md, decisions 8
 * and 10): a K = 1 warm-up, the slices, then the conquer phase (the loss on the full
 * embedding with batches per cluster, then K = 1), in fifths of the epochs.
 */
import type { EvaluationConfig, MethodConfig, PhaseEpoch } from '../../protocol/experiment';

export interface TrainingSchedule {
  /** First epoch with K learners (earlier epochs are the K = 1 warm-up). */
  readonly divideFrom: number;
  /** First epoch with the loss on the full embedding while batches stay per cluster; null = never. */
  readonly fullEmbeddingFrom: number | null;
  /** First epoch of K = 1 after the division; null = never. */
  readonly finetuneFrom: number | null;
  /** K for this epoch. */
  clustersAt(epoch: number): number;
  /** True when the loss is on the whole embedding rather than each learner's slice. */
  lossOnFullEmbedding(epoch: number): boolean;
  /** Whether to re-embed and re-cluster after `epoch`, for the epochs that follow it. */
  reclusterAfter(epoch: number): boolean;
  /** Whether batch norm keeps its running statistics fixed in this epoch. */
  batchNormFrozen(epoch: number): boolean;
}

/** `auto` phase starts as shares of the epochs: 1/5 warm-up, 3/5 full embedding, 4/5 K = 1. */
const autoShare = { divide: 1 / 5, fullEmbedding: 3 / 5, finetune: 4 / 5 } as const;

function phaseStart(value: PhaseEpoch | null, share: number, epochs: number): number | null {
  if (value === null) return null;
  return value === 'auto' ? 1 + Math.round(epochs * share) : value;
}

export function trainingSchedule(method: MethodConfig, epochs: number): TrainingSchedule {
  const divideFrom = phaseStart(method.divideFromEpoch, autoShare.divide, epochs)!;
  const fullEmbeddingFrom = phaseStart(method.fullEmbeddingEpoch, autoShare.fullEmbedding, epochs);
  const finetuneFrom = phaseStart(method.finetuneEpoch, autoShare.finetune, epochs);
  const clustersAt = (epoch: number) => (epoch < divideFrom || (finetuneFrom !== null && epoch >= finetuneFrom) ? 1 : method.clusters);
  return {
    divideFrom,
    fullEmbeddingFrom,
    finetuneFrom,
    clustersAt,
    lossOnFullEmbedding: (epoch) => clustersAt(epoch) === 1 || (fullEmbeddingFrom !== null && epoch >= fullEmbeddingFrom),
    reclusterAfter(epoch) {
      if (epoch >= epochs || clustersAt(epoch + 1) === 1) return false;
      // The first division follows the warm-up; then every M epochs counted from it.
      if (clustersAt(epoch) === 1) return true;
      return method.reclusterEvery > 0 && (epoch - divideFrom + 1) % method.reclusterEvery === 0;
    },
    // The same for every K, so that the K = 1 arm of a comparison is treated alike.
    batchNormFrozen: (epoch) => method.batchNorm === 'freeze-after-warmup' && epoch >= divideFrom,
  };
}

/** Evaluate every `every` epochs, and always after the last. */
export function evaluateAfter(evaluation: EvaluationConfig, epoch: number, epochs: number): boolean {
  return epoch === epochs || (evaluation.every > 0 && epoch % evaluation.every === 0);
}
