import type { SeededRandom } from '../../random/seededRandom';
import { bindKernel, kernelMemory, nearestCandidateModule } from '../distances/nearestCandidateKernel';
import { squaredNorms } from '../distances/squaredNorms';

/**
 * k-means++ seeding: the first centre uniform, each next one drawn with probability
 * proportional to D^2, the squared distance to the nearest centre so far. D^2 is updated by
 * the SIMD kernel, which returns only the points the new centre is nearer to (points loaded
 * into its memory once). With fewer distinct points than k, the rest repeat uniform draws.
 */
export function kmeansPlusPlusSeeding(points: Float32Array, count: number, dim: number, k: number, random: SeededRandom): Float32Array {
  const rowFloats = Math.ceil(dim / 4) * 4;
  const rowBytes = rowFloats * 4;
  const paddedCount = Math.ceil(count / 4) * 4;
  // Layout (bytes): points | centre + a padding row | their norms | thresholds | candidates.
  const centreBase = paddedCount * rowBytes;
  const normBase = centreBase + 2 * rowBytes;
  const thresholdBase = normBase + 8;
  const outBase = thresholdBase + paddedCount * 4;
  const memory = kernelMemory(outBase + paddedCount * 12);
  const tile = bindKernel(nearestCandidateModule(), memory);
  const floats = new Float32Array(memory.buffer);
  const ints = new Int32Array(memory.buffer);
  for (let p = 0; p < count; p++) floats.set(points.subarray(p * dim, p * dim + dim), p * rowFloats);
  floats[normBase / 4 + 1] = Number.NaN;
  const pointNorms = squaredNorms(points, count, dim);
  const nearestSquared = new Float64Array(count).fill(Infinity);
  for (let q = 0; q < paddedCount; q++) floats[thresholdBase / 4 + q] = q < count ? Infinity : -Infinity;

  const centroids = new Float32Array(k * dim);
  let chosen = random.int(count);
  for (let c = 0; c < k; c++) {
    const centre = points.subarray(chosen * dim, chosen * dim + dim);
    centroids.set(centre, c * dim);
    floats.set(centre, centreBase / 4);
    floats[normBase / 4] = pointNorms[chosen]!;
    const found = tile(0, centreBase, normBase, thresholdBase, outBase, rowBytes, 0, paddedCount, 0, 2);
    for (let f = 0, at = outBase / 4; f < found; f++, at += 3) {
      const point = ints[at]!;
      const squared = Math.max(0, pointNorms[point]! + floats[at + 2]!);
      if (squared < nearestSquared[point]!) {
        nearestSquared[point] = squared;
        floats[thresholdBase / 4 + point] = floats[at + 2]!;
      }
    }
    if (c + 1 === k) break;
    let total = 0;
    for (let p = 0; p < count; p++) total += nearestSquared[p]!;
    if (!(total > 0)) {
      chosen = random.int(count);
      continue;
    }
    let target = random.next() * total;
    chosen = count - 1;
    for (let p = 0; p < count; p++) {
      target -= nearestSquared[p]!;
      if (target < 0) {
        chosen = p;
        break;
      }
    }
  }
  return centroids;
}
