import { blockedNearest } from '../distances/blockedNearest';
import { squaredNorms } from '../distances/squaredNorms';

/** The k nearest gallery items of each query, nearest first. */
export interface NearestNeighbours {
  k: number;
  /** [queries, k] row-major, indices into the full embeddings array; -1 where the gallery ran out. */
  indices: Int32Array;
  /** [queries, k] row-major Euclidean distances; Infinity where the gallery ran out. */
  distances: Float32Array;
}

function gatherRows(embeddings: Float32Array, dim: number, indices: number[] | null, count: number): Float32Array {
  if (indices === null) return embeddings.subarray(0, count * dim);
  const rows = new Float32Array(indices.length * dim);
  for (let r = 0; r < indices.length; r++) {
    const source = indices[r]! * dim;
    rows.set(embeddings.subarray(source, source + dim), r * dim);
  }
  return rows;
}

/**
 * Exact k-nearest-neighbour search by Euclidean distance. An item is never its own neighbour
 * (when query and gallery share items, self is excluded). Ties go to the lower item index.
 * The search is blockedNearest (a SIMD kernel, float32); the distances returned are exact.
 */
export function nearestNeighbours(
  embeddings: Float32Array,
  dim: number,
  queryIndices: number[] | null,
  galleryIndices: number[] | null,
  k: number,
): NearestNeighbours {
  if (!Number.isInteger(dim) || dim <= 0) throw new Error(`nearestNeighbours: dim must be a positive integer, got ${dim}`);
  if (embeddings.length % dim !== 0) throw new Error(`nearestNeighbours: embeddings length ${embeddings.length} is not a multiple of dim ${dim}`);
  const itemCount = embeddings.length / dim;
  for (const list of [queryIndices, galleryIndices]) {
    for (const index of list ?? []) {
      if (!Number.isInteger(index) || index < 0 || index >= itemCount) throw new Error(`nearestNeighbours: index ${index} outside 0..${itemCount - 1}`);
    }
  }
  const queryCount = queryIndices?.length ?? itemCount;
  const galleryCount = galleryIndices?.length ?? itemCount;
  const queries = gatherRows(embeddings, dim, queryIndices, itemCount);
  const gallery = gatherRows(embeddings, dim, galleryIndices, itemCount);
  const queryItem = Int32Array.from(queryIndices ?? Array.from({ length: queryCount }, (_, i) => i));
  const galleryItem = Int32Array.from(galleryIndices ?? Array.from({ length: galleryCount }, (_, i) => i));
  const nearest = blockedNearest(queries, queryCount, gallery, galleryCount, dim, k, squaredNorms(gallery, galleryCount, dim), queryItem, galleryItem);
  const kept = nearest.k;
  // The search ranks in float32; the kept neighbours get exact distances (double precision,
  // from differences) and are re-ordered by them, ties to the lower index.
  const indices = new Int32Array(queryCount * kept);
  const distances = new Float32Array(queryCount * kept);
  const row: Array<{ item: number; distance: number }> = [];
  for (let q = 0; q < queryCount; q++) {
    row.length = 0;
    const queryStart = queryItem[q]! * dim;
    for (let r = 0; r < kept; r++) {
      const item = nearest.items[q * kept + r]!;
      if (item < 0) continue;
      let sum = 0;
      for (let a = queryStart, b = item * dim, end = a + dim; a < end; a++, b++) {
        const difference = embeddings[a]! - embeddings[b]!;
        sum += difference * difference;
      }
      row.push({ item, distance: Math.sqrt(sum) });
    }
    row.sort((x, y) => x.distance - y.distance || x.item - y.item);
    for (let r = 0; r < kept; r++) {
      indices[q * kept + r] = r < row.length ? row[r]!.item : -1;
      distances[q * kept + r] = r < row.length ? row[r]!.distance : Infinity;
    }
  }
  return { k: kept, indices, distances };
}
