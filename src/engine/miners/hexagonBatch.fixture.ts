import { distanceMatrix } from '../distances/distanceMatrix';
import type { MinedTriplets } from './miner';

/**
 * Test batch: six unit vectors at 0, 60, ..., 300 degrees, two per class, so that every
 * distance is a chord of 1 (60 deg), sqrt(3) (120 deg) or 2 (180 deg).
 */
export function hexagonBatch(): { labels: Int32Array; distances: Float32Array } {
  const circle = new Float32Array(12);
  for (let i = 0; i < 6; i++) {
    circle[2 * i] = Math.cos((i * Math.PI) / 3);
    circle[2 * i + 1] = Math.sin((i * Math.PI) / 3);
  }
  return { labels: Int32Array.of(0, 0, 1, 1, 2, 2), distances: distanceMatrix(circle, 6, 2) };
}

/** Triplets as [anchor, positive, negative] rows, for comparing with hand-written lists. */
export function tripletRows(triplets: MinedTriplets): number[][] {
  return Array.from(triplets.anchors, (anchor, t) => [anchor, triplets.positives[t]!, triplets.negatives[t]!]);
}
