import type { SeededRandom } from '../../random/seededRandom';
import { checkedBatchSize } from './checkedBatchSize';
import type { MinedTriplets, Miner } from './miner';
import { TripletList } from './tripletList';

/**
 * Semi-hard mining (FaceNet): for each (anchor, positive) pair, one negative drawn uniformly
 * among those with d(a,p) < d(a,n) < d(a,p) + margin; a pair with no such negative gives no
 * triplet.
 */
export class SemiHardMiner implements Miner {
  constructor(readonly margin = 0.2) {}

  mine(distances: Float32Array, labels: Int32Array, random: SeededRandom): MinedTriplets {
    const size = checkedBatchSize(distances, labels);
    const triplets = new TripletList();
    const candidates: number[] = [];
    for (let anchor = 0; anchor < size; anchor++) {
      for (let positive = 0; positive < size; positive++) {
        if (positive === anchor || labels[positive] !== labels[anchor]) continue;
        const positiveDistance = distances[anchor * size + positive]!;
        candidates.length = 0;
        for (let negative = 0; negative < size; negative++) {
          const negativeDistance = distances[anchor * size + negative]!;
          if (labels[negative] !== labels[anchor] && negativeDistance > positiveDistance && negativeDistance < positiveDistance + this.margin) candidates.push(negative);
        }
        if (candidates.length > 0) triplets.add(anchor, positive, candidates[random.int(candidates.length)]!);
      }
    }
    return triplets.toTriplets();
  }
}
