import type { DatasetFormat } from '../protocol/experiment';

/** One photo and whose it is. `path` is absolute, or virtual (`<idx file>#<index>`) for IDX data. */
export interface DatasetItem {
  path: string;
  identity: string;
}

/** Something wrong with the data that was skipped, not fatal: a corrupt image, a missing file, a bad row. */
export interface DataProblem {
  path: string;
  /** 1-based line in a CSV file, when the problem comes from one. */
  line: number | null;
  problem: string;
}

export type ConcreteDatasetFormat = Exclude<DatasetFormat, 'auto'>;

export interface LoadedDataset {
  format: ConcreteDatasetFormat;
  /** The folder the dataset was read from (absolute). */
  root: string;
  items: DatasetItem[];
  problems: DataProblem[];
}

/** A dataset that cannot be read at all (missing folder, no usable columns): names the path. */
export class DatasetError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'DatasetError';
  }
}
