/**
 * A small seeded generator (sfc32) so that data splits, augmentation, sampling, k-means
 * initialisation and weight initialisation are reproducible from `runtime.seed`. Its state
 * can be saved in a checkpoint and restored.
 */
export class SeededRandom {
  private state: [number, number, number, number];
  private spareNormal: number | null = null;

  constructor(seed: number) {
    this.state = [0x9e3779b9, 0x243f6a88, 0xb7e15162, seed >>> 0];
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  nextUint32(): number {
    let [a, b, c, d] = this.state;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    this.state = [a, b, c, d];
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Standard normal (Box-Muller, the spare value kept for the next call). */
  normal(): number {
    if (this.spareNormal !== null) {
      const value = this.spareNormal;
      this.spareNormal = null;
      return value;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }

  /** Shuffles in place (Fisher-Yates) and returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }

  /** A new generator derived from this one, for an independent stream. */
  fork(): SeededRandom {
    return new SeededRandom(this.nextUint32());
  }

  saveState(): number[] {
    return [...this.state, this.spareNormal ?? Number.NaN];
  }

  restoreState(saved: number[]): void {
    if (saved.length !== 5) throw new Error(`random state must have 5 numbers, got ${saved.length}`);
    this.state = [saved[0]! >>> 0, saved[1]! >>> 0, saved[2]! >>> 0, saved[3]! >>> 0];
    this.spareNormal = Number.isNaN(saved[4]) ? null : saved[4]!;
  }
}
