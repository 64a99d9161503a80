import type { SeededRandom } from '../../random/seededRandom';
import { prepareNearestSearch, type PreparedNearestSearch } from '../distances/blockedNearest';
import { squaredNorms } from '../distances/squaredNorms';
import { kmeansPlusPlusSeeding } from './kmeansPlusPlusSeeding';

export interface KMeansOptions {
  /** Seeds the k-means++ initialisation. */
  random: SeededRandom;
  /** Independent runs from fresh k-means++ seeds; the one with the lowest inertia is kept. */
  restarts?: number;
  /** Lloyd iterations per run at most. */
  maxIterations?: number;
}

export interface KMeansResult {
  /** [k, dim] row-major. */
  centroids: Float32Array;
  /** Cluster of each point. */
  assignments: Int32Array;
  /** Sum of squared distances of the points to their centroids. */
  inertia: number;
  /** Lloyd iterations the kept run took. */
  iterations: number;
}

function lloyd(search: PreparedNearestSearch, points: Float32Array, pointNorms: Float64Array, count: number, dim: number, k: number, centroids: Float32Array, maxIterations: number): KMeansResult {
  const assignments = new Int32Array(count).fill(-1);
  const sums = new Float64Array(k * dim);
  const sizes = new Int32Array(k);
  const squaredDistance = new Float64Array(count);
  let iterations = 0;
  for (;;) {
    const nearest = search.search(centroids, k, squaredNorms(centroids, k, dim));
    let changed = 0;
    for (let p = 0; p < count; p++) {
      const cluster = nearest.items[p]!;
      if (cluster !== assignments[p]) changed++;
      assignments[p] = cluster;
      squaredDistance[p] = Math.max(0, pointNorms[p]! + nearest.scores[p]!);
    }
    if (changed === 0 || iterations === maxIterations) break;
    iterations++;
    sums.fill(0);
    sizes.fill(0);
    for (let p = 0; p < count; p++) {
      const cluster = assignments[p]!;
      sizes[cluster]++;
      for (let a = p * dim, b = cluster * dim, end = a + dim; a < end; a++, b++) sums[b] += points[a]!;
    }
    const taken = new Set<number>();
    for (let c = 0; c < k; c++) {
      if (sizes[c]! > 0) {
        for (let a = c * dim, end = a + dim; a < end; a++) centroids[a] = sums[a]! / sizes[c]!;
        continue;
      }
      // An empty cluster restarts at the point farthest from its centroid (as scikit-learn does).
      let farthest = -1;
      for (let p = 0; p < count; p++) {
        if (!taken.has(p) && (farthest < 0 || squaredDistance[p]! > squaredDistance[farthest]!)) farthest = p;
      }
      taken.add(farthest);
      centroids.set(points.subarray(farthest * dim, farthest * dim + dim), c * dim);
    }
  }
  let inertia = 0;
  for (let p = 0; p < count; p++) inertia += squaredDistance[p]!;
  return { centroids, assignments, inertia, iterations };
}

/**
 * k-means (Lloyd) with k-means++ seeding and restarts; the assignment step is the blocked
 * exact nearest-centroid search. Stops when no assignment changes or at `maxIterations`.
 */
export function kmeans(points: Float32Array, dim: number, k: number, options: KMeansOptions): KMeansResult {
  const random = options.random;
  const restarts = options.restarts ?? 1;
  const maxIterations = options.maxIterations ?? 100;
  if (!Number.isInteger(dim) || dim <= 0 || points.length % dim !== 0) throw new Error(`kmeans: ${points.length} values do not form rows of dim ${dim}`);
  const count = points.length / dim;
  if (!Number.isInteger(k) || k < 1) throw new Error(`kmeans: k must be a positive integer, got ${k}`);
  if (k > count) throw new Error(`kmeans: k = ${k} is more than the ${count} points`);
  if (!Number.isInteger(restarts) || restarts < 1) throw new Error(`kmeans: restarts must be a positive integer, got ${restarts}`);
  if (!Number.isInteger(maxIterations) || maxIterations < 0) throw new Error(`kmeans: maxIterations must be a non-negative integer, got ${maxIterations}`);
  const pointNorms = squaredNorms(points, count, dim);
  // The points go into the search kernel's memory once; each iteration copies only the centroids.
  const search = prepareNearestSearch(points, count, dim, k, 1);
  let best: KMeansResult | null = null;
  for (let run = 0; run < restarts; run++) {
    const result = lloyd(search, points, pointNorms, count, dim, k, kmeansPlusPlusSeeding(points, count, dim, k, random), maxIterations);
    if (best === null || result.inertia < best.inertia) best = result;
  }
  return best!;
}
