/** What the Clusters panel shows for one reclustering: pure functions of the stored records. */
import type { ClusterMovement, ClusterView } from '../../protocol/clustersContract';
import type { ClusterAssignments, ClusteringRecord, ClusterUsageRecord, EpochBatchesRecord, EpochRecord } from '../../protocol/records';

/**
 * How images moved between two reclusterings: matrix[i][j] counts the images in cluster i
 * before and cluster j after (cluster labels are matched across reclusterings, so the
 * diagonal is "stayed"). Images present in only one of the two are left out.
 */
export function movementMatrix(
  previous: ClusterAssignments,
  current: ClusterAssignments,
  previousK: number,
  currentK: number,
): { matrix: number[][]; movedShare: number } {
  const before = new Map<number, number>();
  previous.imageIds.forEach((imageId, index) => before.set(imageId, previous.clusters[index]!));
  const matrix = Array.from({ length: previousK }, () => new Array<number>(currentK).fill(0));
  let common = 0;
  let moved = 0;
  current.imageIds.forEach((imageId, index) => {
    const from = before.get(imageId);
    const to = current.clusters[index]!;
    if (from === undefined || from >= previousK || to >= currentK) return;
    matrix[from]![to]! += 1;
    common += 1;
    if (from !== to) moved += 1;
  });
  return { matrix, movedShare: common ? moved / common : 0 };
}

/** Share of a set of identities taken by its most common one, and that identity. */
export function identityPurity(identities: readonly string[]): { purity: number; topIdentity: string | null; distinct: number } {
  const counts = new Map<string, number>();
  for (const identity of identities) counts.set(identity, (counts.get(identity) ?? 0) + 1);
  let topIdentity: string | null = null;
  let topCount = 0;
  for (const [identity, count] of counts) {
    if (count > topCount || (count === topCount && topIdentity !== null && identity < topIdentity)) {
      topIdentity = identity;
      topCount = count;
    }
  }
  return { purity: identities.length ? topCount / identities.length : 0, topIdentity, distinct: counts.size };
}

/** `count` image ids spread evenly over the sorted ids (deterministic, no randomness to seed). */
export function evenlySpacedSample(imageIds: readonly number[], count: number): number[] {
  const sorted = imageIds.slice().sort((a, b) => a - b);
  if (sorted.length <= count) return sorted;
  return Array.from({ length: count }, (_, i) => sorted[Math.floor((i * sorted.length) / count)]!);
}

/**
 * The learners' losses that belong with a reclustering: those of the first epoch trained
 * on it (the first epoch at or after it), else the last epoch before it.
 */
export function learnerLossesAfter(epochs: readonly EpochRecord[], clusteringEpoch: number): number[] | null {
  const sorted = epochs.slice().sort((a, b) => a.epoch - b.epoch);
  const after = sorted.find((record) => record.epoch >= clusteringEpoch);
  return (after ?? sorted.at(-1))?.learnerLosses ?? null;
}

/**
 * What the clusters' batches drew in the first epoch trained on a clustering (made after
 * epoch E, so epoch E + 1), when that epoch divided the data into the same K clusters.
 */
export function clusterUsageAfter(records: readonly EpochBatchesRecord[], clustering: ClusteringRecord): { epoch: number; usage: ClusterUsageRecord[] } | null {
  const next = records.find((record) => record.epoch === clustering.epoch + 1);
  return next && next.clusterUsage.length === clustering.k ? { epoch: next.epoch, usage: next.clusterUsage } : null;
}

export function clusterViews(
  clustering: ClusteringRecord,
  assignments: ClusterAssignments,
  identityOf: ReadonlyMap<number, string>,
  learnerLosses: readonly number[] | null,
  usage: readonly ClusterUsageRecord[] | null,
  samplesPerCluster: number,
): ClusterView[] {
  const members = Array.from({ length: clustering.k }, () => [] as number[]);
  assignments.imageIds.forEach((imageId, index) => members[assignments.clusters[index]!]?.push(imageId));
  return members.map((imageIds, cluster) => {
    const purity = identityPurity(imageIds.map((imageId) => identityOf.get(imageId)).filter((id): id is string => id !== undefined));
    return {
      cluster,
      size: imageIds.length,
      purity: purity.purity,
      topIdentity: purity.topIdentity,
      identities: purity.distinct,
      sampleImageIds: evenlySpacedSample(imageIds, samplesPerCluster),
      // With one learner (K = 1, or after fine-tuning) its loss is the whole embedding's.
      learnerLoss: learnerLosses?.[learnerLosses.length === 1 ? 0 : cluster] ?? null,
      usage: usage?.find((record) => record.cluster === cluster) ?? null,
    };
  });
}

export function clusterMovement(
  previousClustering: ClusteringRecord,
  previous: ClusterAssignments,
  clustering: ClusteringRecord,
  current: ClusterAssignments,
): ClusterMovement {
  const { matrix, movedShare } = movementMatrix(previous, current, previousClustering.k, clustering.k);
  return { fromClusteringId: previousClustering.id, fromEpoch: previousClustering.epoch, matrix, movedShare };
}
