import { hungarian } from './hungarian';

/**
 * Relabels a new clustering so that each learner keeps roughly its data (method.md
 * Decision 2): old cluster i and new cluster j cost |members(i) symmetric-difference
 * members(j)|; the Hungarian assignment of minimum total cost pairs them, and new cluster j
 * takes the label i of its matched old cluster. Returns the relabelled new assignments.
 */
export function matchClusters(previous: Int32Array, next: Int32Array, k: number): Int32Array {
  if (previous.length !== next.length) throw new Error(`matchClusters: ${previous.length} old and ${next.length} new assignments`);
  const overlap = new Float64Array(k * k);
  const oldSizes = new Float64Array(k);
  const newSizes = new Float64Array(k);
  for (let p = 0; p < previous.length; p++) {
    const before = previous[p]!;
    const after = next[p]!;
    if (!(before >= 0 && before < k && after >= 0 && after < k)) throw new Error(`matchClusters: item ${p} has cluster ${before} -> ${after}, outside 0..${k - 1}`);
    overlap[before * k + after]++;
    oldSizes[before]++;
    newSizes[after]++;
  }
  const cost = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) cost[i * k + j] = oldSizes[i]! + newSizes[j]! - 2 * overlap[i * k + j]!;
  }
  const newOfOld = hungarian(cost, k);
  const oldOfNew = new Int32Array(k);
  for (let i = 0; i < k; i++) oldOfNew[newOfOld[i]!] = i;
  return Int32Array.from(next, (cluster) => oldOfNew[cluster]!);
}
