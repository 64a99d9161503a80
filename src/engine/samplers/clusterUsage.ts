import type { ClusterUsageRecord } from '../../protocol/records';
import type { PlannedBatch } from './roundRobinEpoch';

/** Per cluster 0..k-1, the batches, distinct images and distinct classes an epoch's plan draws. */
export function clusterUsage(batches: PlannedBatch[], labels: Int32Array, k: number): ClusterUsageRecord[] {
  const images = Array.from({ length: k }, () => new Set<number>());
  const classes = Array.from({ length: k }, () => new Set<number>());
  const counts = new Array<number>(k).fill(0);
  for (const batch of batches) {
    counts[batch.cluster]! += 1;
    for (const index of batch.indices) {
      images[batch.cluster]!.add(index);
      classes[batch.cluster]!.add(labels[index]!);
    }
  }
  return counts.map((count, cluster) => ({ cluster, batches: count, images: images[cluster]!.size, classes: classes[cluster]!.size }));
}
