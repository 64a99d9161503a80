import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { SeededRandom } from '../../random/seededRandom';
import { loadDataset } from '../loadDataset';
import { drawFlukeIdentity, type FlukeIdentity } from './flukeIdentity';
import { generateSyntheticFlukes, renderFlukePhoto } from './generateSyntheticFlukes';
import { drawPhotoConditions, type PhotoConditions } from './photoConditions';

function filesOf(folder: string): Map<string, Buffer> {
  return new Map(readdirSync(join(folder, 'train')).map((name) => [name, readFileSync(join(folder, 'train', name))]));
}

test('the same seed writes the same files; another seed other whales; the set reads as Kaggle format', async () => {
  const base = mkdtempSync(join(tmpdir(), 'fluke-synth-'));
  const options = { identities: 4, photos: 3, seed: 11, difficulty: 0.5, newWhaleShare: 0.25 };
  const first = await generateSyntheticFlukes({ ...options, out: join(base, 'a') });
  await generateSyntheticFlukes({ ...options, out: join(base, 'b') });
  await generateSyntheticFlukes({ ...options, seed: 12, out: join(base, 'c') });
  assert.deepEqual(first, { csv: join(base, 'a', 'train.csv'), images: 15, identities: 4, newWhale: 3 });
  assert.equal(readFileSync(join(base, 'a', 'train.csv'), 'utf8'), readFileSync(join(base, 'b', 'train.csv'), 'utf8'));
  assert.deepEqual(filesOf(join(base, 'a')), filesOf(join(base, 'b')));
  assert.notEqual(readFileSync(join(base, 'a', 'train.csv'), 'utf8'), readFileSync(join(base, 'c', 'train.csv'), 'utf8'));

  const dataset = await loadDataset({ path: join(base, 'a'), format: 'auto', limit: null }, '/');
  assert.equal(dataset.format, 'kaggle');
  assert.deepEqual(dataset.problems, []);
  const counts = new Map<string, number>();
  for (const item of dataset.items) counts.set(item.identity, (counts.get(item.identity) ?? 0) + 1);
  assert.equal(counts.get('new_whale'), 3);
  assert.deepEqual([...counts].filter(([identity]) => identity !== 'new_whale').map(([, count]) => count), [3, 3, 3, 3]);
  const metadata = await sharp(dataset.items[0]!.path).metadata();
  assert.deepEqual([metadata.format, metadata.width, metadata.height, metadata.channels], ['png', 192, 96, 3]);
});

/** Grey pixels of a photo, 48 x 96. */
async function grey(png: Buffer): Promise<Float64Array> {
  return Float64Array.from(await sharp(png).resize(96, 48).grayscale().raw().toBuffer());
}

/** Mean squared difference of two photos over a mask, each standardised over the mask first (so overall light does not count). */
function maskedDistance(a: Float64Array, b: Float64Array, mask: boolean[]): number {
  const standardised = (pixels: Float64Array) => {
    const values = pixels.filter((_, i) => mask[i]);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    const deviation = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length) || 1;
    return values.map((value) => (value - mean) / deviation);
  };
  const x = standardised(a);
  const y = standardised(b);
  return x.reduce((sum, value, i) => sum + (value - y[i]!) ** 2, 0) / x.length;
}

/** For each photo, is its nearest other photo (under `distance`) of the same whale? Also the mean distances within and between whales. */
function nearestNeighbours(photos: Array<{ whale: number; pixels: Float64Array }>, distance: (a: number, b: number) => number) {
  let correct = 0;
  const within: number[] = [];
  const between: number[] = [];
  photos.forEach((query, q) => {
    let best = { whale: -1, d: Infinity };
    photos.forEach((other, o) => {
      if (o === q) return;
      const d = distance(q, o);
      (other.whale === query.whale ? within : between).push(d);
      if (d < best.d) best = { whale: other.whale, d };
    });
    if (best.whale === query.whale) correct++;
  });
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  return { accuracy: correct / photos.length, within: mean(within), between: mean(between) };
}

test('whales are told apart by their fluke once pose is aligned and the fluke segmented; unaligned pixels are not enough', async () => {
  const random = new SeededRandom(3);
  const whales = Array.from({ length: 10 }, () => drawFlukeIdentity(random));
  const canonical = drawPhotoConditions(new SeededRandom(99), 0);
  const pose: Array<keyof PhotoConditions> = ['centreX', 'centreY', 'scale', 'rotation', 'tilt', 'perspectiveX', 'perspectiveY'];
  // Each whale's silhouette in the common pose: white fluke, no markings, on a black scene.
  const masks: boolean[][] = [];
  for (const identity of whales) {
    const silhouette: FlukeIdentity = { ...identity, darkTone: 255, lightTone: 255, whitePatches: [], blackSpots: [], scars: [] };
    const blackScene = { ...canonical, skyTone: 0, seaTone: 0, light: 1, cast: 0, waves: [], spray: [], occlusion: null, blur: 0 };
    masks.push([...(await grey(await renderFlukePhoto(silhouette, blackScene, 192, 96)))].map((value) => value > 100));
  }
  const aligned: Array<{ whale: number; pixels: Float64Array }> = [];
  const raw: Array<{ whale: number; pixels: Float64Array }> = [];
  for (const [whale, identity] of whales.entries()) {
    for (let photo = 0; photo < 3; photo++) {
      const conditions = drawPhotoConditions(random, 0.6);
      // Aligned: this photo's own light, sea, spray, occlusion and blur, in the common pose.
      const inCommonPose = { ...conditions, ...Object.fromEntries(pose.map((key) => [key, canonical[key]])) } as PhotoConditions;
      aligned.push({ whale, pixels: await grey(await renderFlukePhoto(identity, inCommonPose, 192, 96)) });
      raw.push({ whale, pixels: await grey(await renderFlukePhoto(identity, conditions, 192, 96)) });
    }
  }
  const segmented = nearestNeighbours(aligned, (q, o) =>
    maskedDistance(aligned[q]!.pixels, aligned[o]!.pixels, masks[aligned[q]!.whale]!.map((inside, i) => inside || masks[aligned[o]!.whale]![i]!)),
  );
  assert.ok(segmented.accuracy >= 0.9, `aligned, segmented nearest-neighbour accuracy ${segmented.accuracy}`);
  assert.ok(segmented.within * 3 < segmented.between, `within-whale ${segmented.within} vs between ${segmented.between}`);
  const everywhere = new Array<boolean>(96 * 48).fill(true);
  const unaligned = nearestNeighbours(raw, (q, o) => maskedDistance(raw[q]!.pixels, raw[o]!.pixels, everywhere));
  assert.ok(unaligned.accuracy <= 0.5, `unaligned whole-photo accuracy ${unaligned.accuracy}: the task should not be trivial`);
});
