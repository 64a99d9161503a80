import { checkedBatchSize } from './checkedBatchSize';
import { closestNegative } from './closestNegative';
import type { MinedTriplets, Miner } from './miner';
import { TripletList } from './tripletList';

/** Hard mining: for each (anchor, positive) pair, the anchor's closest negative (ties: lower index). */
export class HardMiner implements Miner {
  mine(distances: Float32Array, labels: Int32Array): MinedTriplets {
    const size = checkedBatchSize(distances, labels);
    const triplets = new TripletList();
    for (let anchor = 0; anchor < size; anchor++) {
      const closest = closestNegative(distances, labels, size, anchor);
      if (closest < 0) continue;
      for (let positive = 0; positive < size; positive++) {
        if (positive !== anchor && labels[positive] === labels[anchor]) triplets.add(anchor, positive, closest);
      }
    }
    return triplets.toTriplets();
  }
}
