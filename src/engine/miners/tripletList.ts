import type { MinedTriplets } from './miner';

/** Growable list of (anchor, positive, negative) that ends as MinedTriplets. */
export class TripletList {
  private readonly anchors: number[] = [];
  private readonly positives: number[] = [];
  private readonly negatives: number[] = [];

  add(anchor: number, positive: number, negative: number): void {
    this.anchors.push(anchor);
    this.positives.push(positive);
    this.negatives.push(negative);
  }

  toTriplets(): MinedTriplets {
    return { anchors: Int32Array.from(this.anchors), positives: Int32Array.from(this.positives), negatives: Int32Array.from(this.negatives) };
  }
}
