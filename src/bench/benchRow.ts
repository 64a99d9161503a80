/** One row of `npm run bench`: this project against a reference measured in the same run. */
export interface BenchRow {
  /** Which issue area the row belongs to, e.g. "training", "retrieval", "store". */
  group: string;
  name: string;
  unit: string;
  higherIsBetter: boolean;
  ours: number | null;
  /** Name of the reference implementation (e.g. "PyTorch 1.13, 2 threads"); null when none. */
  reference: string | null;
  referenceValue: number | null;
  /** ours / reference when higher is better, reference / ours otherwise; >1 means we are faster. */
  ratio: number | null;
  /** What could not be run and why, or what was checked (e.g. "same neighbours"). */
  note: string;
}

export interface BenchContext {
  quick: boolean;
  /** Debian's python3, which has numpy, torch, faiss and scikit-learn. */
  python: string;
  /** Threads each side may use, set explicitly on both (our worker threads, the reference's BLAS/OpenMP pools). */
  threads: number;
  log(message: string): void;
}

export type BenchSuite = (context: BenchContext) => Promise<BenchRow[]>;

export function benchRatio(ours: number | null, reference: number | null, higherIsBetter: boolean): number | null {
  if (ours === null || reference === null || ours <= 0 || reference <= 0) return null;
  return higherIsBetter ? ours / reference : reference / ours;
}
