import { checkedBatchSize } from './checkedBatchSize';
import { closestNegative } from './closestNegative';
import type { MinedTriplets, Miner } from './miner';
import { TripletList } from './tripletList';

/**
 * Batch-hard mining (Hermans et al. 2017): one triplet per anchor, its farthest positive and
 * its closest negative (ties: lower index). Anchors without a positive or a negative are skipped.
 */
export class BatchHardMiner implements Miner {
  mine(distances: Float32Array, labels: Int32Array): MinedTriplets {
    const size = checkedBatchSize(distances, labels);
    const triplets = new TripletList();
    for (let anchor = 0; anchor < size; anchor++) {
      let farthestPositive = -1;
      for (let j = 0; j < size; j++) {
        if (j !== anchor && labels[j] === labels[anchor] && (farthestPositive < 0 || distances[anchor * size + j]! > distances[anchor * size + farthestPositive]!)) farthestPositive = j;
      }
      const negative = closestNegative(distances, labels, size, anchor);
      if (farthestPositive >= 0 && negative >= 0) triplets.add(anchor, farthestPositive, negative);
    }
    return triplets.toTriplets();
  }
}
