/**
 * UMAP down to two dimensions through umap-js, its random numbers drawn from the project's
 * seeded generator so that a seed gives the same map on every machine.
 */
import { UMAP } from 'umap-js';
import { SeededRandom } from '../../random/seededRandom';

/** umap-js's own defaults, fixed here so an upgrade of the library does not change stored maps silently. */
const neighbours = 15;
const minDistance = 0.1;

export function umapProjection(values: Float32Array, count: number, dim: number, seed: number): Float32Array {
  if (count <= neighbours) throw new Error(`UMAP needs more than ${neighbours} points, got ${count}`);
  const random = new SeededRandom(seed);
  const umap = new UMAP({ nComponents: 2, nNeighbors: neighbours, minDist: minDistance, random: () => random.next() });
  const rows = Array.from({ length: count }, (_, i) => Array.from(values.subarray(i * dim, (i + 1) * dim)));
  const layout = umap.fit(rows);
  const xy = new Float32Array(count * 2);
  layout.forEach(([x, y], i) => {
    xy[2 * i] = x!;
    xy[2 * i + 1] = y!;
  });
  return xy;
}
