import type { SeededRandom } from '../../random/seededRandom';
import { checkedBatchSize } from './checkedBatchSize';
import type { MinedTriplets, Miner } from './miner';
import { TripletList } from './tripletList';

export interface DistanceWeightedOptions {
  /** n: the dimension of the (unit) vectors, which sets the distance density q(d). */
  dimension: number;
  /** Distances below are clamped to it (0.5 in Wu et al.). */
  cutoff?: number;
  /** Negatives at or beyond it give no loss and are never drawn (beta + alpha = 1.4). */
  nonzeroLossCutoff?: number;
}

/**
 * Distance-weighted sampling (Wu et al. 2017). Pairwise distances of uniform points on the
 * unit sphere in n dims have density q(d) ~ d^(n-2) (1 - d^2/4)^((n-3)/2); a negative is drawn
 * with weight 1/q(d), d clamped to >= cutoff, weight 0 for same-class items and for
 * d >= nonzeroLossCutoff. One negative per (anchor, positive) pair, drawn independently; when
 * every weight of an anchor is 0, the negative is drawn uniformly among its negatives.
 */
export class DistanceWeightedMiner implements Miner {
  readonly dimension: number;
  readonly cutoff: number;
  readonly nonzeroLossCutoff: number;

  constructor({ dimension, cutoff = 0.5, nonzeroLossCutoff = 1.4 }: DistanceWeightedOptions) {
    if (!Number.isInteger(dimension) || dimension < 1) throw new Error(`DistanceWeightedMiner: dimension must be a positive integer, got ${dimension}`);
    this.dimension = dimension;
    this.cutoff = cutoff;
    this.nonzeroLossCutoff = nonzeroLossCutoff;
  }

  /** Sampling weights of anchor's candidates (normalised, 0 for non-candidates); null if all are 0. */
  negativeWeights(distances: Float32Array, labels: Int32Array, anchor: number): Float64Array | null {
    const size = labels.length;
    const n = this.dimension;
    const logWeights = new Float64Array(size).fill(-Infinity);
    let maxLog = -Infinity;
    for (let j = 0; j < size; j++) {
      const raw = distances[anchor * size + j]!;
      if (labels[j] === labels[anchor] || !(raw < this.nonzeroLossCutoff)) continue;
      const d = Math.max(raw, this.cutoff);
      // log(1/q(d)); 1 - d^2/4 kept positive for d near the sphere's diameter.
      const logWeight = -(n - 2) * Math.log(d) - ((n - 3) / 2) * Math.log(Math.max(1 - (d * d) / 4, 1e-8));
      logWeights[j] = logWeight;
      if (logWeight > maxLog) maxLog = logWeight;
    }
    if (maxLog === -Infinity) return null;
    const weights = new Float64Array(size);
    let total = 0;
    for (let j = 0; j < size; j++) {
      weights[j] = Math.exp(logWeights[j]! - maxLog);
      total += weights[j]!;
    }
    for (let j = 0; j < size; j++) weights[j]! /= total;
    return weights;
  }

  mine(distances: Float32Array, labels: Int32Array, random: SeededRandom): MinedTriplets {
    const size = checkedBatchSize(distances, labels);
    const triplets = new TripletList();
    for (let anchor = 0; anchor < size; anchor++) {
      const weights = this.negativeWeights(distances, labels, anchor);
      const negatives: number[] = [];
      for (let j = 0; j < size; j++) if (labels[j] !== labels[anchor]) negatives.push(j);
      if (negatives.length === 0) continue;
      for (let positive = 0; positive < size; positive++) {
        if (positive === anchor || labels[positive] !== labels[anchor]) continue;
        let negative = -1;
        if (weights === null) {
          negative = negatives[random.int(negatives.length)]!;
        } else {
          // Walk the cumulative weights; rounding that leaves the draw past the end lands on the last weighted one.
          let target = random.next();
          for (const candidate of negatives) {
            if (weights[candidate] === 0) continue;
            negative = candidate;
            target -= weights[candidate]!;
            if (target < 0) break;
          }
        }
        triplets.add(anchor, positive, negative);
      }
    }
    return triplets.toTriplets();
  }
}
