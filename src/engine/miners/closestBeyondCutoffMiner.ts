import { checkedBatchSize } from './checkedBatchSize';
import type { MinedTriplets, Miner } from './miner';
import { TripletList } from './tripletList';

/**
 * The scheme of the divide-and-conquer reference code (lib/loss/sampler.py): every positive
 * pair of an anchor is kept, each with one of the anchor's nearest negatives at distance >=
 * cutoff (negatives nearer than the cutoff are too noisy to learn from): the i-th positive
 * (by index) takes the i-th nearest such negative, wrapping around when there are fewer
 * negatives than positives. Ties go to the lower index; an anchor with no negative beyond the
 * cutoff is skipped.
 */
export class ClosestBeyondCutoffMiner implements Miner {
  constructor(readonly cutoff = 0.5) {}

  mine(distances: Float32Array, labels: Int32Array): MinedTriplets {
    const size = checkedBatchSize(distances, labels);
    const triplets = new TripletList();
    for (let anchor = 0; anchor < size; anchor++) {
      const row = (j: number) => distances[anchor * size + j]!;
      const positives: number[] = [];
      const negatives: number[] = [];
      for (let j = 0; j < size; j++) {
        if (j === anchor) continue;
        if (labels[j] === labels[anchor]) positives.push(j);
        else if (row(j) >= this.cutoff) negatives.push(j);
      }
      if (negatives.length === 0) continue;
      negatives.sort((a, b) => row(a) - row(b) || a - b);
      positives.forEach((positive, i) => triplets.add(anchor, positive, negatives[i % negatives.length]!));
    }
    return triplets.toTriplets();
  }
}
