export interface MapAtRResult {
  mapAtR: number;
  rPrecision: number;
}

/**
 * MAP@R and R-precision (Musgrave et al. 2020, "A Metric Learning Reality Check"). For a query
 * with R same-identity items in the gallery, over its R nearest neighbours:
 * R-precision = (relevant among them) / R, and MAP@R = (1/R) * sum over ranks i <= R of
 * precision@i at the ranks i that are relevant. `neighbourLabels` is row-major [queries, k]
 * with k >= every R; queries with R = 0 must be left out by the caller.
 */
export function mapAtR(neighbourLabels: Int32Array, k: number, queryLabels: Int32Array, relevantCounts: Int32Array): MapAtRResult {
  const queryCount = queryLabels.length;
  if (relevantCounts.length !== queryCount) throw new Error(`mapAtR: ${relevantCounts.length} relevant counts for ${queryCount} queries`);
  if (neighbourLabels.length !== queryCount * k) throw new Error(`mapAtR: ${neighbourLabels.length} neighbour labels for ${queryCount} queries x k=${k}`);
  if (queryCount === 0) return { mapAtR: 0, rPrecision: 0 };
  let averagePrecisionSum = 0;
  let rPrecisionSum = 0;
  for (let q = 0; q < queryCount; q++) {
    const R = relevantCounts[q]!;
    if (R < 1) throw new Error(`mapAtR: query ${q} has no relevant item (R = ${R})`);
    if (R > k) throw new Error(`mapAtR: query ${q} needs ${R} neighbours, only ${k} given`);
    let relevantSoFar = 0;
    let precisionSum = 0;
    for (let rank = 1; rank <= R; rank++) {
      if (neighbourLabels[q * k + rank - 1] === queryLabels[q]) {
        relevantSoFar++;
        precisionSum += relevantSoFar / rank;
      }
    }
    averagePrecisionSum += precisionSum / R;
    rPrecisionSum += relevantSoFar / R;
  }
  return { mapAtR: averagePrecisionSum / queryCount, rPrecision: rPrecisionSum / queryCount };
}
