import type { SeededRandom } from '../../random/seededRandom';

/** Index tuples a miner picks inside one batch: triplet t is (anchors[t], positives[t], negatives[t]). */
export interface MinedTriplets {
  anchors: Int32Array;
  positives: Int32Array;
  negatives: Int32Array;
}

/**
 * Picks which triplets of a batch the loss trains on. Any miner works with any loss: the
 * seam is the index tuples (as in pytorch-metric-learning).
 */
export interface Miner {
  /**
   * @param distances B*B Euclidean distances, row-major, of the batch's (normalised) embeddings
   * @param labels class id of each of the B batch items
   */
  mine(distances: Float32Array, labels: Int32Array, random: SeededRandom): MinedTriplets;
}
