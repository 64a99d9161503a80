/**
 * Which of `count` points a map shows when there are more than `cap`: a seeded sample,
 * returned in ascending order. The same seed and count give the same sample, so a run's maps
 * show the same images at every epoch and the panel can move each one between epochs.
 */
import { SeededRandom } from '../../random/seededRandom';

export function sampleForProjection(count: number, cap: number, seed: number): number[] {
  const all = Array.from({ length: count }, (_, index) => index);
  if (count <= cap) return all;
  return new SeededRandom(seed).shuffle(all).slice(0, cap).sort((a, b) => a - b);
}
