import { checkedBatchSize } from './checkedBatchSize';
import { closestNegative } from './closestNegative';
import type { MinedTriplets, Miner } from './miner';
import { TripletList } from './tripletList';

/**
 * The simpler scheme of the divide-and-conquer reference code: one triplet per anchor, its
 * easiest (closest) positive and its closest negative at distance >= cutoff (negatives nearer
 * than the cutoff are too noisy to learn from). Ties go to the lower index; an anchor with no
 * positive or no negative beyond the cutoff is skipped.
 */
export class ClosestBeyondCutoffMiner implements Miner {
  constructor(readonly cutoff = 0.5) {}

  mine(distances: Float32Array, labels: Int32Array): MinedTriplets {
    const size = checkedBatchSize(distances, labels);
    const triplets = new TripletList();
    for (let anchor = 0; anchor < size; anchor++) {
      let closestPositive = -1;
      for (let j = 0; j < size; j++) {
        if (j !== anchor && labels[j] === labels[anchor] && (closestPositive < 0 || distances[anchor * size + j]! < distances[anchor * size + closestPositive]!)) closestPositive = j;
      }
      const negative = closestNegative(distances, labels, size, anchor, this.cutoff);
      if (closestPositive >= 0 && negative >= 0) triplets.add(anchor, closestPositive, negative);
    }
    return triplets.toTriplets();
  }
}
