/**
 * The image cache: decoding and resizing JPEG photos (sharp, 2 at a time, libvips on 1 thread
 * each) against Pillow (2 processes, draft mode) at the same sizes and fits, and reading the
 * cached pixels back from the pack against numpy's np.load of the same array. The photos are
 * synthetic flukes written as 640 x 320 JPEGs first. Rounds alternate the reference and ours;
 * notes give the spread and how far our pixels are from Pillow's.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { BenchContext, BenchRow, BenchSuite } from '../benchRow';
import { benchRatio } from '../benchRow';
import { runPythonReference } from '../python';
import { referenceName, type ReferenceEnvironment } from '../referenceEnvironment';
import { median, roundsNote } from '../roundStatistics';
import type { DatasetItem } from '../../data/dataset';
import { readNpy } from '../../data/npy';
import { ImageCache, type ImageSize } from '../../data/imageCache';
import { drawFlukeIdentity } from '../../data/synthetic/flukeIdentity';
import { renderFlukePhoto } from '../../data/synthetic/generateSyntheticFlukes';
import { drawPhotoConditions } from '../../data/synthetic/photoConditions';
import { SeededRandom } from '../../random/seededRandom';

interface ReferenceResult {
  images: number;
  decodeSeconds: number;
  loadSeconds: number;
  environment: ReferenceEnvironment;
}

async function writeJpegs(folder: string, count: number): Promise<DatasetItem[]> {
  const random = new SeededRandom(17);
  const items: DatasetItem[] = [];
  mkdirSync(folder, { recursive: true });
  let identity = drawFlukeIdentity(random);
  for (let i = 0; i < count; i++) {
    if (i % 5 === 0) identity = drawFlukeIdentity(random);
    const png = await renderFlukePhoto(identity, drawPhotoConditions(random, 0.5), 640, 320);
    const path = join(folder, `${String(i).padStart(5, '0')}.jpg`);
    await sharp(png).jpeg({ quality: 90 }).toFile(path);
    items.push({ path, identity: `w_${Math.floor(i / 5)}` });
  }
  return items;
}

function row(name: string, ours: number | null, reference: string, referenceValue: number | null, note: string): BenchRow {
  return { group: 'imageCache', name, unit: 'images/s', higherIsBetter: true, ours, reference, referenceValue, ratio: benchRatio(ours, referenceValue, true), note };
}

async function measureSize(context: BenchContext, folder: string, items: DatasetItem[], size: ImageSize, rounds: number): Promise<BenchRow[]> {
  const label = `${size.width}x${size.height} ${size.fit}`;
  const listing = join(folder, 'list.txt');
  writeFileSync(listing, items.map((item) => item.path).join('\n'));
  const referencePixels = join(folder, `pillow-${size.width}x${size.height}-${size.fit}.npy`);
  // libvips starts its threads on first use; Pillow's pool decodes two photos before its clock too.
  await sharp(items[0]!.path).resize(size.width, size.height).raw().toBuffer();
  const references: ReferenceResult[] = [];
  let referenceError = '';
  const coldRates: number[] = [];
  const warmRates: number[] = [];
  let identical = true;
  let cold: Awaited<ReturnType<ImageCache['load']>> | null = null;
  for (let round = 0; round < rounds; round++) {
    context.log(`imageCache: round ${round + 1}/${rounds}, Pillow then ours, ${items.length} JPEGs to ${label}`);
    const reference = runPythonReference<ReferenceResult>(
      context.python,
      'image_cache_reference.py',
      ['--list', listing, '--height', String(size.height), '--width', String(size.width), '--fit', size.fit, '--out', referencePixels],
    );
    if (reference.value) references.push(reference.value);
    else referenceError = reference.error ?? 'no result';
    // A fresh cache folder each round: the cold load decodes every photo.
    const cache = new ImageCache(join(folder, `cache-${size.fit}-${round}`));
    let started = performance.now();
    cold = await cache.load(items, size);
    coldRates.push(items.length / ((performance.now() - started) / 1000));
    started = performance.now();
    const warm = await cache.load(items, size);
    warmRates.push(items.length / ((performance.now() - started) / 1000));
    identical &&= Buffer.compare(Buffer.from(cold.pixels), Buffer.from(warm.pixels)) === 0;
  }
  const failed = cold!.ok.filter((ok) => !ok).length;
  const reference = references.at(-1);
  if (!reference) {
    return [row(`decode + resize JPEG 640x320 -> ${label}`, median(coldRates), 'Pillow 2 processes', null, `reference not run: ${referenceError}`)];
  }
  const theirs = readNpy(referencePixels).values as Uint8Array;
  let difference = 0;
  for (let i = 0; i < theirs.length; i++) difference += Math.abs(theirs[i]! - cold!.pixels[i]!);
  const meanDifference = difference / theirs.length;
  const decodeRates = references.map((r) => items.length / r.decodeSeconds);
  const loadRates = references.map((r) => items.length / r.loadSeconds);
  const decodeNote = `${roundsNote(coldRates, decodeRates)}; ${items.length} photos, ${failed} failed; mean |ours - Pillow| = ${meanDifference.toFixed(2)} grey levels; sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}, ${sharp.concurrency()} thread per decode)`;
  return [
    row(`decode + resize JPEG 640x320 -> ${label}`, median(coldRates), `${referenceName(reference.environment, 'PIL', 'Pillow')}, 2 processes, draft`, median(decodeRates), decodeNote),
    row(`read cached ${label} pixels (pack)`, median(warmRates), `${referenceName(reference.environment, 'numpy')} np.load of the same array`, median(loadRates),
      `${roundsNote(warmRates, loadRates)}; ${identical ? 'same pixels as the cold load' : 'PIXELS DIFFER from the cold load'}; ours also stats every photo to notice changed files`),
  ];
}

/** Cached pixels at 64x128: reading 10,000 items (the photos repeated) from the pack. */
async function measureLargeRead(context: BenchContext, folder: string, items: DatasetItem[]): Promise<BenchRow> {
  const size: ImageSize = { height: 64, width: 128, channels: 3, fit: 'pad' };
  const cache = new ImageCache(join(folder, 'cache-pad-0'));
  const many = Array.from({ length: 10_000 }, (_, i) => items[i % items.length]!);
  context.log('imageCache: reading 10,000 cached 64x128 images');
  const started = performance.now();
  await cache.load(many, size);
  const seconds = (performance.now() - started) / 1000;
  return {
    group: 'imageCache',
    name: 'read 10,000 cached 64x128x3 images',
    unit: 's',
    higherIsBetter: false,
    ours: seconds,
    reference: null,
    referenceValue: null,
    ratio: null,
    note: `${items.length} distinct photos repeated: one stat per item, pixels read from the pack in merged runs`,
  };
}

export const imageCacheSuite: BenchSuite = async (context) => {
  // Two decodes at a time (the cache's own limit), each on one libvips thread: 2 threads, like Pillow's 2 processes.
  sharp.concurrency(1);
  const folder = mkdtempSync(join(tmpdir(), 'fluke-bench-images-'));
  try {
    const count = context.quick ? 60 : 300;
    context.log(`imageCache: writing ${count} synthetic 640x320 JPEGs`);
    const items = await writeJpegs(join(folder, 'photos'), count);
    const rounds = context.quick ? 1 : 3;
    const rows = [
      ...(await measureSize(context, folder, items, { height: 64, width: 128, channels: 3, fit: 'pad' }, rounds)),
      ...(await measureSize(context, folder, items, { height: 64, width: 128, channels: 3, fit: 'crop' }, rounds)),
    ];
    rows.push(await measureLargeRead(context, folder, items));
    return rows;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
};
