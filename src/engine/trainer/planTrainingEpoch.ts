/**
 * The batches of one epoch: the training images grouped by their cluster, then class-balanced
 * P x m batches drawn inside each cluster, visiting the clusters round-robin.
 */
import type { SamplingConfig } from '../../protocol/experiment';
import type { SeededRandom } from '../../random/seededRandom';
function planEpoch(clusters: number[][], labels: Int32Array, p: number, m: number, count: number, random: SeededRandom) {
  const out: Array<{ cluster: number; indices: number[] }> = [];
  for (let b = 0; b < count; b++) {
    const cluster = b % clusters.length;
    const byClass = new Map<number, number[]>();
    for (const i of clusters[cluster]!) { const l = labels[i]!; byClass.set(l, [...(byClass.get(l) ?? []), i]); }
    const classes = random.shuffle([...byClass.keys()].filter((c) => byClass.get(c)!.length > 1)).slice(0, p);
    const indices: number[] = [];
    for (const c of classes) { const members = byClass.get(c)!; for (let j = 0; j < m; j++) indices.push(members[random.int(members.length)]!); }
    out.push({ cluster, indices });
  }
  return out;
}
import { batchesPerEpoch } from './trainingSchedule';

/** Each batch names its cluster (= learner) and the training positions it holds. */
export function planTrainingEpoch(
  assignments: Int32Array,
  k: number,
  labels: Int32Array,
  sampling: SamplingConfig,
  random: SeededRandom,
): Array<{ cluster: number; indices: number[] }> {
  const clusters: number[][] = Array.from({ length: k }, () => []);
  assignments.forEach((cluster, position) => clusters[cluster]!.push(position));
  const batchSize = sampling.classesPerBatch * sampling.imagesPerClass;
  const count = batchesPerEpoch(sampling.batchesPerEpoch, assignments.length, batchSize);
  return planEpoch(clusters, labels, sampling.classesPerBatch, sampling.imagesPerClass, count, random);
}
