import type { TileFunction } from './nearestCandidateKernel';

/** Where blockedNearest put things in the kernel's memory (byte offsets) and how it tiles. */
export interface SearchLayout {
  queryBase: number;
  galleryBase: number;
  normBase: number;
  thresholdBase: number;
  rowBytes: number;
  paddedGallery: number;
  queryCount: number;
  kept: number;
  galleryTile: number;
  queryTile: number;
}

/**
 * Runs the kernel over padded query rows [start, end) against the whole gallery and keeps, per
 * query, the best `kept` (score, item) sorted by score then item. Self-contained (no outside
 * names) because worker threads receive its source text: one call per thread, each on its own
 * query rows, own candidate area (outBase) and own rows of bestScore/bestItem.
 */
export function nearestSearchRange(
  tile: TileFunction,
  buffer: SharedArrayBuffer,
  layout: SearchLayout,
  outBase: number,
  start: number,
  end: number,
  bestScore: Float64Array,
  bestItem: Int32Array,
  queryItem: Int32Array | null,
  galleryItem: Int32Array | null,
): void {
  const { kept, queryCount } = layout;
  const floats = new Float32Array(buffer);
  const ints = new Int32Array(buffer);
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
  for (let g0 = 0; g0 < layout.paddedGallery; g0 += layout.galleryTile) {
    const g1 = Math.min(g0 + layout.galleryTile, layout.paddedGallery);
    for (let q0 = start; q0 < end; q0 += layout.queryTile) {
      const q1 = Math.min(q0 + layout.queryTile, end);
      const found = tile(layout.queryBase, layout.galleryBase, layout.normBase, layout.thresholdBase, outBase, layout.rowBytes, q0, q1, g0, g1);
      for (let c = 0, at = outBase / 4; c < found; c++, at += 3) {
        const query = ints[at]!;
        const row = ints[at + 1]!;
        const item = galleryItem === null ? row : galleryItem[row]!;
        if (queryItem !== null && item === queryItem[query]) continue;
        insert(query, floats[at + 2]!, item);
      }
      if (found > 0) {
        for (let q = q0; q < Math.min(q1, queryCount); q++) floats[layout.thresholdBase / 4 + q] = bestScore[q * kept + kept - 1]!;
      }
    }
  }
}
