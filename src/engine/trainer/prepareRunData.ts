/**
 * The run's images: read the dataset, split it by identity, decode the pixels through the
 * image cache, drop what cannot be read (recorded as data problems), and register the rest
 * with the store. On resume the images the run registered are used again, in the same order,
 * so image ids, splits and the training order stay those of the first start.
 */
import { expandWithFlippedIdentities, flippedSuffix } from '../../data/flippedIdentities';
import { ImageCache } from '../../data/imageCache';
import type { ImageSize } from '../../data/imageSource';
import { loadDataset } from '../../data/loadDataset';
import { splitByIdentity } from '../../data/splits/splitByIdentity';
import type { DataProblem, DatasetItem } from '../../data/dataset';
import type { ExperimentConfig } from '../../protocol/experiment';
import type { ImageSplit } from '../../protocol/records';
import type { RunSink } from './runSink';

export interface RunData {
  /** Decoded pixels, one row per image, N*H*W*C uint8. */
  pixels: Uint8Array;
  size: ImageSize;
  /** Store id, identity and split of each pixel row. */
  imageIds: number[];
  identities: string[];
  /** Pixel rows of each split. */
  train: number[];
  query: number[];
  gallery: number[];
  /** Class id of each training image (by train position), 0..trainClasses-1. */
  trainLabels: Int32Array;
  trainClasses: number;
}

function describeProblem(problem: DataProblem): { path: string; problem: string } {
  return { path: problem.path, problem: problem.line === null ? problem.problem : `line ${problem.line}: ${problem.problem}` };
}

export async function prepareRunData(config: ExperimentConfig, experimentDir: string, sink: RunSink, cacheDir: string): Promise<RunData> {
  const size: ImageSize = { height: config.data.imageHeight, width: config.data.imageWidth, channels: config.data.channels, fit: config.data.fit };
  const cache = new ImageCache(cacheDir);
  const registered = sink.registeredImages();
  if (registered.length > 0) {
    // Mirrored copies are not files: they are made again from their originals.
    const originals = registered.filter((image) => !(image.split === 'train' && image.identity.endsWith(flippedSuffix)));
    const loaded = await cache.load(originals, size);
    const unreadable = loaded.problems.map(describeProblem);
    if (unreadable.length > 0) {
      throw new Error(`resume: ${unreadable.length} image(s) of the run can no longer be read, e.g. ${unreadable[0]!.path}: ${unreadable[0]!.problem}`);
    }
    let items: DatasetItem[] = originals;
    let pixels = loaded.pixels;
    const splits: ImageSplit[] = originals.map((image) => image.split);
    if (originals.length < registered.length) {
      const train = splits.flatMap((split, row) => (split === 'train' ? [row] : []));
      const expanded = expandWithFlippedIdentities(items, pixels, train, size);
      items = expanded.items;
      pixels = expanded.pixels;
      splits.push(...train.map((): ImageSplit => 'train'));
    }
    if (items.length !== registered.length) throw new Error(`resume: the run registered ${registered.length} images, ${items.length} were rebuilt`);
    const byPath = new Map(registered.map((image) => [image.path, image.id]));
    return assemble(pixels, size, items, splits, items.map((item) => byPath.get(item.path)!));
  }

  const dataset = await loadDataset(config.data, experimentDir);
  if (dataset.items.length === 0) throw new Error(`data.path: no images found in ${dataset.root} (format ${dataset.format})`);
  const split = splitByIdentity(dataset.items, {
    testIdentityFraction: config.data.testIdentityFraction,
    queryFraction: config.data.queryFraction,
    newWhaleLabel: config.data.newWhaleLabel,
    trainIdentities: config.data.trainIdentities,
    seed: config.runtime.seed,
  });
  const ordered = [
    ...split.train.map((index) => ({ index, split: 'train' as const })),
    ...split.query.map((index) => ({ index, split: 'query' as const })),
    ...split.gallery.map((index) => ({ index, split: 'gallery' as const })),
  ];
  const orderedItems = ordered.map(({ index }) => dataset.items[index]!);
  const loaded = await cache.load(orderedItems, size);
  sink.recordDataProblems([...dataset.problems, ...loaded.problems].map(describeProblem));

  const imageValues = size.height * size.width * size.channels;
  const keep = ordered.flatMap((_, row) => (loaded.ok[row] ? [row] : []));
  let pixels: Uint8Array = new Uint8Array(keep.length * imageValues);
  keep.forEach((row, position) => pixels.set(loaded.pixels.subarray(row * imageValues, (row + 1) * imageValues), position * imageValues));
  let items = keep.map((row) => orderedItems[row]!);
  const splits: ImageSplit[] = keep.map((row) => ordered[row]!.split);
  if (config.data.augmentation.flipAsNewIdentity) {
    const train = splits.flatMap((value, row) => (value === 'train' ? [row] : []));
    const expanded = expandWithFlippedIdentities(items, pixels, train, size);
    items = expanded.items;
    pixels = expanded.pixels;
    splits.push(...train.map((): ImageSplit => 'train'));
  }
  if (!splits.includes('train')) throw new Error(`data: no training images (every identity of ${dataset.root} is held out or unreadable)`);
  if (!splits.includes('query')) throw new Error(`data: no query images (raise data.testIdentityFraction, or give identities with 2+ photos)`);
  const imageIds = sink.registerImages(items.map((item, row) => ({ path: item.path, identity: item.identity, split: splits[row]! })));
  return assemble(pixels, size, items, splits, imageIds);
}

function assemble(pixels: Uint8Array, size: ImageSize, items: DatasetItem[], splits: ImageSplit[], imageIds: number[]): RunData {
  const rowsOf = (wanted: ImageSplit) => splits.flatMap((split, row) => (split === wanted ? [row] : []));
  const train = rowsOf('train');
  // Class ids from sorted identity names, so they do not depend on file order.
  const classes = [...new Set(train.map((row) => items[row]!.identity))].sort();
  const classOf = new Map(classes.map((identity, index) => [identity, index]));
  return {
    pixels,
    size,
    imageIds,
    identities: items.map((item) => item.identity),
    train,
    query: rowsOf('query'),
    gallery: rowsOf('gallery'),
    trainLabels: Int32Array.from(train, (row) => classOf.get(items[row]!.identity)!),
    trainClasses: classes.length,
  };
}
