import type { SeededRandom } from '../../random/seededRandom';
import { ClassBalancedSampler } from './classBalancedSampler';

export interface PlannedBatch {
  cluster: number;
  /** Image indices, P classes x m images. */
  indices: number[];
}

/**
 * The batches of one epoch: class-balanced batches of P x m images drawn inside each cluster,
 * visiting the non-empty clusters round-robin (0, 1, ..., K-1, 0, ...). The count does not
 * depend on how the images are divided (equal budget for every K): batchesPerEpoch, or null
 * for enough batches to visit every image about once.
 *
 * @param clusters image indices of each cluster
 */
export function planEpoch(
  clusters: number[][],
  labels: Int32Array,
  classesPerBatch: number,
  imagesPerClass: number,
  batchesPerEpoch: number | null,
  random: SeededRandom,
): PlannedBatch[] {
  if (batchesPerEpoch !== null && (!Number.isInteger(batchesPerEpoch) || batchesPerEpoch < 1)) throw new Error(`sampling.batchesPerEpoch must be a positive integer or null, got ${batchesPerEpoch}`);
  const samplers = clusters
    .map((members, cluster) => ({ cluster, sampler: new ClassBalancedSampler(members, labels, classesPerBatch, imagesPerClass) }))
    .filter(({ sampler }) => sampler.classes.length > 0);
  if (samplers.length === 0) throw new Error('planEpoch: every cluster is empty');
  const images = clusters.reduce((sum, members) => sum + members.length, 0);
  const count = batchesPerEpoch ?? Math.max(1, Math.ceil(images / (classesPerBatch * imagesPerClass)));
  const batches: PlannedBatch[] = [];
  for (let b = 0; b < count; b++) {
    const { cluster, sampler } = samplers[b % samplers.length]!;
    batches.push({ cluster, indices: sampler.batch(random) });
  }
  return batches;
}
