import { SeededRandom } from '../../random/seededRandom';
import type { DatasetItem } from '../dataset';

/** Indices into the item list: training photos, and the test identities' queries and gallery. */
export interface IdentitySplit {
  train: number[];
  query: number[];
  gallery: number[];
}

export interface SplitOptions {
  /** Share of identities held out for testing (ignored when `trainIdentities` is given). */
  testIdentityFraction: number;
  /** Share of each test identity's photos used as queries. */
  queryFraction: number;
  newWhaleLabel: string;
  /** Identities to train on; every other one is a test identity. */
  trainIdentities: string[] | null;
  seed: number;
}

/**
 * Splits by identity, so evaluation is on whales never trained on. Test identities are drawn
 * with the seed; each one's photos are shuffled and split into queries and gallery (at least
 * one of each when it has two or more photos; a single photo goes to the gallery, where it can
 * still be found). `new_whale` photos are never trained on: they are distractor queries.
 */
export function splitByIdentity(items: DatasetItem[], options: SplitOptions): IdentitySplit {
  const random = new SeededRandom(options.seed);
  const photosOf = new Map<string, number[]>();
  const newWhale: number[] = [];
  items.forEach((item, index) => {
    if (item.identity === options.newWhaleLabel) {
      newWhale.push(index);
      return;
    }
    const photos = photosOf.get(item.identity);
    if (photos) photos.push(index);
    else photosOf.set(item.identity, [index]);
  });
  // Sorted first so that the split depends on the seed and the set of identities, not on file order.
  const identities = [...photosOf.keys()].sort();
  let testIdentities: Set<string>;
  if (options.trainIdentities) {
    const trainSet = new Set(options.trainIdentities);
    testIdentities = new Set(identities.filter((identity) => !trainSet.has(identity)));
  } else {
    const shuffled = random.shuffle([...identities]);
    const fraction = Math.min(1, Math.max(0, options.testIdentityFraction));
    let testCount = Math.round(shuffled.length * fraction);
    if (fraction > 0 && testCount === 0 && shuffled.length > 1) testCount = 1;
    testIdentities = new Set(shuffled.slice(0, testCount));
  }
  const split: IdentitySplit = { train: [], query: [], gallery: [] };
  for (const identity of identities) {
    const photos = photosOf.get(identity)!;
    if (!testIdentities.has(identity)) {
      split.train.push(...photos);
      continue;
    }
    if (photos.length === 1) {
      split.gallery.push(photos[0]!);
      continue;
    }
    const shuffled = random.shuffle([...photos]);
    const queryCount = Math.min(photos.length - 1, Math.max(1, Math.round(photos.length * options.queryFraction)));
    split.query.push(...shuffled.slice(0, queryCount));
    split.gallery.push(...shuffled.slice(queryCount));
  }
  split.query.push(...newWhale);
  for (const part of [split.train, split.query, split.gallery]) part.sort((a, b) => a - b);
  return split;
}
