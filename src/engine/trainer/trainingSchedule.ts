/**
 * What divide and conquer does at a given epoch (1-based): how many learners are active,
 * whether the loss is on the slices or the whole embedding, when to recluster and evaluate.
 */
import type { EvaluationConfig, MethodConfig } from '../../protocol/experiment';

/** K for this epoch: `method.clusters`, or 1 from `finetuneEpoch` on. */
export function activeClusters(method: MethodConfig, epoch: number): number {
  return method.finetuneEpoch !== null && epoch >= method.finetuneEpoch ? 1 : method.clusters;
}

/** True when each learner's loss is on the whole embedding rather than its own slice. */
export function lossOnFullEmbedding(method: MethodConfig, epoch: number): boolean {
  return activeClusters(method, epoch) === 1 || (method.fullEmbeddingEpoch !== null && epoch >= method.fullEmbeddingEpoch);
}

/** Whether to re-embed and re-cluster after `epoch`, for the epochs that follow it. */
export function reclusterAfter(method: MethodConfig, epoch: number, epochs: number): boolean {
  if (method.reclusterEvery <= 0 || epoch >= epochs) return false;
  if (activeClusters(method, epoch + 1) === 1) return false;
  return epoch % method.reclusterEvery === 0;
}

/** Evaluate every `every` epochs, and always after the last. */
export function evaluateAfter(evaluation: EvaluationConfig, epoch: number, epochs: number): boolean {
  return epoch === epochs || (evaluation.every > 0 && epoch % evaluation.every === 0);
}
