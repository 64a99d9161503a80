/**
 * The batches of one epoch: the training images grouped by their cluster, then class-balanced
 * P x m batches drawn inside each cluster, visiting the clusters round-robin.
 */
import type { SamplingConfig } from '../../protocol/experiment';
import type { SeededRandom } from '../../random/seededRandom';
import { planEpoch, type PlannedBatch } from '../samplers/roundRobinEpoch';

/** Each batch names its cluster (= learner) and the training positions it holds. */
export function planTrainingEpoch(assignments: Int32Array, k: number, labels: Int32Array, sampling: SamplingConfig, random: SeededRandom): PlannedBatch[] {
  const clusters: number[][] = Array.from({ length: k }, () => []);
  assignments.forEach((cluster, position) => clusters[cluster]!.push(position));
  return planEpoch(clusters, labels, sampling.classesPerBatch, sampling.imagesPerClass, sampling.batchesPerEpoch, random);
}
