import type { SeededRandom } from '../../random/seededRandom';
import { checkedBatchSize } from './checkedBatchSize';
import type { MinedTriplets, Miner } from './miner';
import { TripletList } from './tripletList';

/** A control: for each (anchor, positive) pair, a negative drawn uniformly among the anchor's negatives. */
export class RandomMiner implements Miner {
  mine(distances: Float32Array, labels: Int32Array, random: SeededRandom): MinedTriplets {
    const size = checkedBatchSize(distances, labels);
    const triplets = new TripletList();
    const negatives: number[] = [];
    for (let anchor = 0; anchor < size; anchor++) {
      negatives.length = 0;
      for (let j = 0; j < size; j++) if (labels[j] !== labels[anchor]) negatives.push(j);
      if (negatives.length === 0) continue;
      for (let positive = 0; positive < size; positive++) {
        if (positive !== anchor && labels[positive] === labels[anchor]) triplets.add(anchor, positive, negatives[random.int(negatives.length)]!);
      }
    }
    return triplets.toTriplets();
  }
}
