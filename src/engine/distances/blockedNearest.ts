import { nearestCandidateKernel } from './nearestCandidateKernel';

/** The best k gallery rows per query row, by |g|^2 - 2 q.g (the squared distance less |q|^2). */
export interface BlockedNearest {
  k: number;
  /** [queries, k] row-major gallery row ids (or the item ids given), -1 where the gallery ran out. */
  items: Int32Array;
  /** [queries, k] row-major squared distance minus |q|^2 (float32 precision); Infinity where the gallery ran out. */
  scores: Float64Array;
}

// A gallery tile of 256 rows x 128 dims (128 KiB) stays in L2 while tiles of 64 queries stream
// past it; the SIMD kernel shares each loaded value between 4 queries x 2 gallery rows.
const GALLERY_TILE = 256;
const QUERY_TILE = 64;

/** Copies [count, dim] rows into memory at `base`, each row padded with zeros to rowFloats. */
function copyPadded(target: Float32Array, base: number, rows: Float32Array, count: number, dim: number, rowFloats: number): void {
  if (dim === rowFloats) {
    target.set(rows.subarray(0, count * dim), base);
    return;
  }
  for (let r = 0; r < count; r++) target.set(rows.subarray(r * dim, r * dim + dim), base + r * rowFloats);
}

/**
 * Exact nearest gallery rows for each query row: a blocked loop whose dot products run in a
 * WebAssembly SIMD kernel (float32), which hands back only the candidates that beat each
 * query's current k-th best. When `queryItem` and `galleryItem` are given, a gallery row whose
 * item equals the query's item is skipped (an item is not its own neighbour) and the result
 * holds item ids. Ties go to the lower item id.
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
  if (kept === 0 || queryCount === 0) return { k: kept, items: new Int32Array(queryCount * kept).fill(-1), scores: new Float64Array(queryCount * kept).fill(Infinity) };
  const rowFloats = Math.ceil(dim / 4) * 4;
  const rowBytes = rowFloats * 4;
  const paddedQueries = Math.ceil(queryCount / 4) * 4;
  const paddedGallery = Math.ceil(galleryCount / 2) * 2;
  const sameRows = queries.buffer === gallery.buffer && queries.byteOffset === gallery.byteOffset && queryCount === galleryCount;
  // Memory layout (bytes): queries | gallery (unless the same rows) | gallery norms | thresholds | candidates.
  const queryBase = 0;
  const galleryBase = sameRows ? queryBase : queryBase + paddedQueries * rowBytes;
  const normBase = galleryBase + (sameRows ? paddedQueries * rowBytes : paddedGallery * rowBytes);
  const thresholdBase = normBase + Math.max(paddedGallery, paddedQueries) * 4;
  const outBase = thresholdBase + paddedQueries * 4;
  const totalBytes = outBase + QUERY_TILE * GALLERY_TILE * 12;
  const { buffer, tile } = nearestCandidateKernel(totalBytes);
  const floats = new Float32Array(buffer);
  const ints = new Int32Array(buffer);
  copyPadded(floats, queryBase / 4, queries, queryCount, dim, rowFloats);
  if (!sameRows) copyPadded(floats, galleryBase / 4, gallery, galleryCount, dim, rowFloats);
  // Padding rows get a NaN norm (never a candidate) or a -Infinity threshold (never asks).
  for (let g = 0; g < paddedGallery; g++) floats[normBase / 4 + g] = g < galleryCount ? galleryNorms[g]! : Number.NaN;
  for (let q = 0; q < paddedQueries; q++) floats[thresholdBase / 4 + q] = q < queryCount ? Infinity : -Infinity;

  // Per query the best `kept` candidates so far, sorted by (score, item).
  const bestScore = new Float64Array(queryCount * kept).fill(Infinity);
  const bestItem = new Int32Array(queryCount * kept).fill(-1);
  const insert = (query: number, score: number, item: number): void => {
    const base = query * kept;
    let position = kept - 1;
    const worstScore = bestScore[base + position]!;
    if (score > worstScore || (score === worstScore && item > bestItem[base + position]!)) return;
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

  for (let g0 = 0; g0 < paddedGallery; g0 += GALLERY_TILE) {
    const g1 = Math.min(g0 + GALLERY_TILE, paddedGallery);
    for (let q0 = 0; q0 < paddedQueries; q0 += QUERY_TILE) {
      const q1 = Math.min(q0 + QUERY_TILE, paddedQueries);
      const found = tile(queryBase, galleryBase, normBase, thresholdBase, outBase, rowBytes, q0, q1, g0, g1);
      for (let c = 0, at = outBase / 4; c < found; c++, at += 3) {
        const query = ints[at]!;
        const row = ints[at + 1]!;
        const item = galleryItem === null ? row : galleryItem[row]!;
        if (queryItem !== null && item === queryItem[query]) continue;
        insert(query, floats[at + 2]!, item);
      }
      if (found > 0) {
        for (let q = q0; q < Math.min(q1, queryCount); q++) floats[thresholdBase / 4 + q] = bestScore[q * kept + kept - 1]!;
      }
    }
  }
  return { k: kept, items: bestItem, scores: bestScore };
}
