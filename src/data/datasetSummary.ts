import type { DataProblem, LoadedDataset } from './dataset';

export interface DatasetSummary {
  format: LoadedDataset['format'];
  root: string;
  images: number;
  /** Identities other than new_whale. */
  identities: number;
  newWhale: number;
  /** How many identities have this many photos, by bucket ("1" to "10", "11-20", ..., "1001+"). */
  photosPerIdentity: Array<{ photos: string; identities: number }>;
  problems: DataProblem[];
}

const buckets: Array<[number, number]> = [
  ...Array.from({ length: 10 }, (_, i): [number, number] => [i + 1, i + 1]),
  [11, 20],
  [21, 50],
  [51, 100],
  [101, 1000],
  [1001, Infinity],
];

/** Counts for `fluke data inspect`: images, identities, new_whale photos and the photos-per-identity histogram. */
export function summarizeDataset(dataset: LoadedDataset, newWhaleLabel: string, extraProblems: DataProblem[] = []): DatasetSummary {
  const counts = new Map<string, number>();
  let newWhale = 0;
  for (const item of dataset.items) {
    if (item.identity === newWhaleLabel) newWhale++;
    else counts.set(item.identity, (counts.get(item.identity) ?? 0) + 1);
  }
  const photosPerIdentity = buckets
    .map(([low, high]) => ({
      photos: low === high ? String(low) : high === Infinity ? `${low}+` : `${low}-${high}`,
      identities: [...counts.values()].filter((count) => count >= low && count <= high).length,
    }))
    .filter((bucket) => bucket.identities > 0);
  return {
    format: dataset.format,
    root: dataset.root,
    images: dataset.items.length,
    identities: counts.size,
    newWhale,
    photosPerIdentity,
    problems: [...dataset.problems, ...extraProblems],
  };
}
