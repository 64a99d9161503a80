/**
 * The learner each mapped image falls to. A training image's learner is its cluster (learner k
 * trains on cluster k); any other image gets the cluster whose centre (the mean embedding of
 * its mapped training images) is nearest. -1 when no training image is mapped.
 */
export function learnersOf(values: Float32Array, dim: number, clusters: readonly number[]): number[] {
  const k = Math.max(-1, ...clusters) + 1;
  const centres = new Float64Array(k * dim);
  const counts = new Array<number>(k).fill(0);
  clusters.forEach((cluster, i) => {
    if (cluster < 0) return;
    counts[cluster]!++;
    for (let d = 0; d < dim; d++) centres[cluster * dim + d]! += values[i * dim + d]!;
  });
  for (let c = 0; c < k; c++) for (let d = 0; d < dim; d++) centres[c * dim + d]! /= Math.max(1, counts[c]!);
  return clusters.map((cluster, i) => {
    if (cluster >= 0) return cluster;
    let best = -1;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) continue;
      let distance = 0;
      for (let d = 0; d < dim; d++) distance += (values[i * dim + d]! - centres[c * dim + d]!) ** 2;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = c;
      }
    }
    return best;
  });
}
