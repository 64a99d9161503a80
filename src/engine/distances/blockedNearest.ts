/** The best k gallery rows per query row, by |g|^2 - 2 q.g (the squared distance less |q|^2). */
export interface BlockedNearest {
  k: number;
  /** [queries, k] row-major gallery row ids (or the item ids given), -1 where the gallery ran out. */
  items: Int32Array;
  /** [queries, k] row-major squared distance minus |q|^2; Infinity where the gallery ran out. */
  scores: Float64Array;
}

// Tile sizes: a gallery tile of 256 rows x 128 dims (128 KiB) stays in L2 while a tile of
// queries streams past it; inside, 4 queries x 2 gallery rows share each loaded value.
const GALLERY_TILE = 256;
const QUERY_TILE = 64;

/**
 * Exact nearest gallery rows for each query row, by a blocked, cache-friendly loop with
 * double-precision dot products. When `queryItem` and `galleryItem` are given, a gallery row
 * whose item equals the query's item is skipped (an item is not its own neighbour) and the
 * result holds item ids; ties go to the lower item id.
 */
export function blockedNearest(
  queries: Float32Array,
  queryCount: number,
  gallery: Float32Array,
  galleryCount: number,
  dim: number,
  k: number,
  galleryNorms: Float64Array,
  queryItem: Int32Array | null = null,
  galleryItem: Int32Array | null = null,
): BlockedNearest {
  const kept = Math.max(0, Math.min(k, galleryCount));
  if (kept === 0) return { k: 0, items: new Int32Array(0), scores: new Float64Array(0) };
  // Per query a list of the best `kept` candidates so far, sorted by (score, item index).
  const bestScore = new Float64Array(queryCount * kept).fill(Infinity);
  const bestItem = new Int32Array(queryCount * kept).fill(-1);
  const insert = (query: number, score: number, item: number): void => {
    const base = query * kept;
    let position = kept - 1;
    const worstScore = bestScore[base + position]!;
    if (score > worstScore || (score === worstScore && (item > bestItem[base + position]!))) return;
    while (position > 0) {
      const previousScore = bestScore[base + position - 1]!;
      const previousItem = bestItem[base + position - 1]!;
      if (previousScore < score || (previousScore === score && previousItem < item)) break;
      bestScore[base + position] = previousScore;
      bestItem[base + position] = previousItem;
      position--;
    }
    bestScore[base + position] = score;
    bestItem[base + position] = item;
  };
  const offer = (query: number, galleryRow: number, dot: number): void => {
    const item = galleryItem === null ? galleryRow : galleryItem[galleryRow]!;
    if (queryItem !== null && item === queryItem[query]) return;
    const score = galleryNorms[galleryRow]! - 2 * dot;
    if (score <= bestScore[query * kept + kept - 1]!) insert(query, score, item);
  };

  for (let g0 = 0; g0 < galleryCount; g0 += GALLERY_TILE) {
    const g1 = Math.min(g0 + GALLERY_TILE, galleryCount);
    for (let q0 = 0; q0 < queryCount; q0 += QUERY_TILE) {
      const q1 = Math.min(q0 + QUERY_TILE, queryCount);
      let q = q0;
      for (; q + 4 <= q1; q += 4) {
        const a0 = q * dim;
        const a1 = a0 + dim;
        const a2 = a1 + dim;
        const a3 = a2 + dim;
        let g = g0;
        for (; g + 2 <= g1; g += 2) {
          const b0 = g * dim;
          const b1 = b0 + dim;
          let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
          for (let c = 0; c < dim; c++) {
            const x0 = gallery[b0 + c]!;
            const x1 = gallery[b1 + c]!;
            const y0 = queries[a0 + c]!;
            const y1 = queries[a1 + c]!;
            const y2 = queries[a2 + c]!;
            const y3 = queries[a3 + c]!;
            s00 += y0 * x0; s01 += y0 * x1;
            s10 += y1 * x0; s11 += y1 * x1;
            s20 += y2 * x0; s21 += y2 * x1;
            s30 += y3 * x0; s31 += y3 * x1;
          }
          offer(q, g, s00); offer(q, g + 1, s01);
          offer(q + 1, g, s10); offer(q + 1, g + 1, s11);
          offer(q + 2, g, s20); offer(q + 2, g + 1, s21);
          offer(q + 3, g, s30); offer(q + 3, g + 1, s31);
        }
        for (; g < g1; g++) {
          const b0 = g * dim;
          let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
          for (let c = 0; c < dim; c++) {
            const x0 = gallery[b0 + c]!;
            s0 += queries[a0 + c]! * x0;
            s1 += queries[a1 + c]! * x0;
            s2 += queries[a2 + c]! * x0;
            s3 += queries[a3 + c]! * x0;
          }
          offer(q, g, s0); offer(q + 1, g, s1); offer(q + 2, g, s2); offer(q + 3, g, s3);
        }
      }
      for (; q < q1; q++) {
        const a0 = q * dim;
        for (let g = g0; g < g1; g++) {
          const b0 = g * dim;
          let s0 = 0;
          for (let c = 0; c < dim; c++) s0 += queries[a0 + c]! * gallery[b0 + c]!;
          offer(q, g, s0);
        }
      }
    }
  }

  return { k: kept, items: bestItem, scores: bestScore };
}
