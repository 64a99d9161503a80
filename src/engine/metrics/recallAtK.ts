/**
 * Recall@K: the share of queries with at least one same-identity item among their K nearest
 * neighbours. `neighbourLabels` holds, per query, the labels of its `k` nearest neighbours
 * (row-major, nearest first; -1 for a missing neighbour). The caller leaves out queries that
 * cannot be answered (no same-identity item in the gallery).
 */
export function recallAtK(neighbourLabels: Int32Array, k: number, queryLabels: Int32Array, ks: number[]): Record<string, number> {
  const queryCount = queryLabels.length;
  if (neighbourLabels.length !== queryCount * k) throw new Error(`recallAtK: ${neighbourLabels.length} neighbour labels for ${queryCount} queries x k=${k}`);
  const result: Record<string, number> = {};
  for (const K of ks) {
    if (!Number.isInteger(K) || K < 1) throw new Error(`recallAtK: K must be a positive integer, got ${K}`);
    const depth = Math.min(K, k);
    let hits = 0;
    for (let q = 0; q < queryCount; q++) {
      const label = queryLabels[q]!;
      for (let r = 0; r < depth; r++) {
        if (neighbourLabels[q * k + r] === label) {
          hits++;
          break;
        }
      }
    }
    result[String(K)] = queryCount === 0 ? 0 : hits / queryCount;
  }
  return result;
}
