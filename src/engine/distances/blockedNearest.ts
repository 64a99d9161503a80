import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { bindKernel, kernelMemory, nearestCandidateModule } from './nearestCandidateKernel';
import { nearestSearchRange, type SearchLayout } from './nearestSearchRange';

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
const CANDIDATE_BYTES = QUERY_TILE * GALLERY_TILE * 12;
/** Below this many multiply-adds (about 0.1 s of kernel time) a worker thread costs more to start than it saves. */
export const THREADED_WORK = 1e9;

// Worker threads run the same search function from its source text; `__name` is a no-op
// stand-in for the helper that TypeScript loaders insert to keep function names.
const workerSource = `
const { workerData } = require('node:worker_threads');
const __name = (target) => target;
const search = ${nearestSearchRange.toString()};
const { module, memory, layout, outBase, start, end, bestScore, bestItem, queryItem, galleryItem, done } = workerData;
const tile = new WebAssembly.Instance(module, { env: { memory } }).exports.tile;
search(tile, memory.buffer, layout, outBase, start, end, new Float64Array(bestScore), new Int32Array(bestItem), queryItem && new Int32Array(queryItem), galleryItem && new Int32Array(galleryItem));
const flag = new Int32Array(done);
Atomics.add(flag, 0, 1);
Atomics.notify(flag, 0);
`;

function shared<T extends Float64Array | Int32Array>(make: (buffer: SharedArrayBuffer) => T, length: number, bytesPerValue: number): T {
  return make(new SharedArrayBuffer(Math.max(1, length) * bytesPerValue));
}

/** Copies [count, dim] rows into memory at float index `base`, each row padded with zeros to rowFloats. */
function copyPadded(target: Float32Array, base: number, rows: Float32Array, count: number, dim: number, rowFloats: number): void {
  if (dim === rowFloats) {
    target.set(rows.subarray(0, count * dim), base);
    return;
  }
  for (let r = 0; r < count; r++) target.set(rows.subarray(r * dim, r * dim + dim), base + r * rowFloats);
}

/** Queries copied once into the kernel's memory, searched against any gallery of up to `galleryCapacity` rows. */
export interface PreparedNearestSearch {
  search(gallery: Float32Array, galleryCount: number, galleryNorms: Float64Array, queryItem?: Int32Array | null, galleryItem?: Int32Array | null): BlockedNearest;
}

function threadCount(queryCount: number, galleryCount: number, dim: number): number {
  return queryCount * galleryCount * dim < THREADED_WORK ? 1 : Math.max(1, Math.min(availableParallelism(), Math.ceil(queryCount / QUERY_TILE)));
}

/**
 * Copies the query rows into the kernel's memory once, for callers that search the same
 * queries against a changing gallery (k-means: the points against each iteration's centroids).
 * Results are those of blockedNearest with the same arguments.
 */
export function prepareNearestSearch(queries: Float32Array, queryCount: number, dim: number, galleryCapacity: number, k: number): PreparedNearestSearch {
  const rowFloats = Math.ceil(dim / 4) * 4;
  const rowBytes = rowFloats * 4;
  const paddedQueries = Math.ceil(queryCount / 4) * 4;
  const paddedCapacity = Math.ceil(galleryCapacity / 2) * 2;
  const maxThreads = threadCount(queryCount, Math.max(galleryCapacity, queryCount), dim);
  // Memory layout (bytes): queries | gallery | gallery norms | thresholds | candidates per thread.
  // A search of the queries against themselves reads the gallery from the query rows.
  const queryBase = 0;
  const galleryArea = queryBase + paddedQueries * rowBytes;
  const normBase = galleryArea + paddedCapacity * rowBytes;
  const thresholdBase = normBase + Math.max(paddedCapacity, paddedQueries) * 4;
  const outBase = thresholdBase + paddedQueries * 4;
  const memory = kernelMemory(outBase + maxThreads * CANDIDATE_BYTES);
  const floats = new Float32Array(memory.buffer);
  copyPadded(floats, queryBase / 4, queries, queryCount, dim, rowFloats);
  const module = nearestCandidateModule();
  const tile = bindKernel(module, memory);
  return {
    search(gallery, galleryCount, galleryNorms, queryItem = null, galleryItem = null) {
      const sameRows = gallery.buffer === queries.buffer && gallery.byteOffset === queries.byteOffset && galleryCount === queryCount;
      if (!sameRows && galleryCount > galleryCapacity) throw new Error(`nearest-neighbour search prepared for ${galleryCapacity} gallery rows, given ${galleryCount}`);
      const kept = Math.max(0, Math.min(k, galleryCount));
      if (kept === 0 || queryCount === 0) return { k: kept, items: new Int32Array(queryCount * kept).fill(-1), scores: new Float64Array(queryCount * kept).fill(Infinity) };
      const threads = Math.min(maxThreads, threadCount(queryCount, galleryCount, dim));
      const paddedGallery = Math.ceil(galleryCount / 2) * 2;
      const galleryBase = sameRows ? queryBase : galleryArea;
      if (!sameRows) copyPadded(floats, galleryBase / 4, gallery, galleryCount, dim, rowFloats);
      // Padding rows get a NaN norm (never a candidate) or a -Infinity threshold (never asks).
      for (let g = 0; g < paddedGallery; g++) floats[normBase / 4 + g] = g < galleryCount ? galleryNorms[g]! : Number.NaN;
      for (let q = 0; q < paddedQueries; q++) floats[thresholdBase / 4 + q] = q < queryCount ? Infinity : -Infinity;
      const layout: SearchLayout = { queryBase, galleryBase, normBase, thresholdBase, rowBytes, paddedGallery, queryCount, kept, galleryTile: GALLERY_TILE, queryTile: QUERY_TILE };
      const bestScore = shared((buffer) => new Float64Array(buffer), queryCount * kept, 8).fill(Infinity);
      const bestItem = shared((buffer) => new Int32Array(buffer), queryCount * kept, 4).fill(-1);
      const sharedQueryItem = queryItem && shared((buffer) => new Int32Array(buffer), queryItem.length, 4);
      sharedQueryItem?.set(queryItem!);
      const sharedGalleryItem = galleryItem && shared((buffer) => new Int32Array(buffer), galleryItem.length, 4);
      sharedGalleryItem?.set(galleryItem!);
      // Query rows split in whole 4-row groups; this thread takes the first share.
      const share = Math.ceil(paddedQueries / 4 / threads) * 4;
      const done = new Int32Array(new SharedArrayBuffer(4));
      const workers: Worker[] = [];
      for (let t = 1; t < threads; t++) {
        const start = Math.min(t * share, paddedQueries);
        const end = Math.min(start + share, paddedQueries);
        workers.push(
          new Worker(workerSource, {
            eval: true,
            workerData: {
              module, memory, layout, outBase: outBase + t * CANDIDATE_BYTES, start, end,
              bestScore: bestScore.buffer, bestItem: bestItem.buffer,
              queryItem: sharedQueryItem?.buffer ?? null, galleryItem: sharedGalleryItem?.buffer ?? null, done: done.buffer,
            },
          }),
        );
      }
      nearestSearchRange(tile, memory.buffer, layout, outBase, 0, Math.min(share, paddedQueries), bestScore, bestItem, sharedQueryItem, sharedGalleryItem);
      // Synchronous by design: wait (blocking) until every worker has finished its rows.
      for (let finished = Atomics.load(done, 0); finished < threads - 1; finished = Atomics.load(done, 0)) {
        if (Atomics.wait(done, 0, finished, 600_000) === 'timed-out') throw new Error('nearest-neighbour worker threads did not finish within 10 minutes');
      }
      for (const worker of workers) void worker.terminate();
      return { k: kept, items: new Int32Array(bestItem), scores: new Float64Array(bestScore) };
    },
  };
}

/**
 * Exact nearest gallery rows for each query row: a blocked loop whose dot products run in a
 * WebAssembly SIMD kernel (float32), which hands back only the candidates that beat each
 * query's current k-th best. Large searches split the queries between the cores (worker
 * threads on one shared memory; the call stays synchronous). When `queryItem` and
 * `galleryItem` are given, a gallery row whose item equals the query's item is skipped (an item
 * is not its own neighbour) and the result holds item ids. Ties go to the lower item id.
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
  const sameRows = queries.buffer === gallery.buffer && queries.byteOffset === gallery.byteOffset && queryCount === galleryCount;
  return prepareNearestSearch(queries, queryCount, dim, sameRows ? 0 : galleryCount, k).search(gallery, galleryCount, galleryNorms, queryItem, galleryItem);
}
