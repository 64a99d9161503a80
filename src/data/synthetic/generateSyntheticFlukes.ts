import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { SeededRandom } from '../../random/seededRandom';
import type { FlukeIdentity } from './flukeIdentity';
import { drawFlukeIdentity } from './flukeIdentity';
import type { PhotoConditions } from './photoConditions';
import { drawPhotoConditions } from './photoConditions';
import { renderFlukeSvg } from './renderFlukeSvg';

export interface SyntheticFlukeOptions {
  /** Output folder: train.csv and train/*.png are written in it. */
  out: string;
  identities: number;
  /** Photos per identity. */
  photos: number;
  seed: number;
  /** 0..1: how much photos of one whale differ (pose, light, spray, occlusion, blur). */
  difficulty: number;
  /** Share of extra photos, each of a whale seen once, labelled new_whale (default 0.1). */
  newWhaleShare?: number;
  /** Image size in pixels (default 192 x 96, the 2:1 of fluke photos). */
  width?: number;
  height?: number;
}

export interface SyntheticFlukeSummary {
  csv: string;
  images: number;
  identities: number;
  newWhale: number;
}

const renderConcurrency = 2;

/** Renders one photo to PNG bytes: the SVG through librsvg, then the photo's blur. */
export async function renderFlukePhoto(identity: FlukeIdentity, conditions: PhotoConditions, width: number, height: number): Promise<Buffer> {
  let image = sharp(Buffer.from(renderFlukeSvg(identity, conditions, width, height)));
  if (conditions.blur >= 0.3) image = image.blur(conditions.blur);
  return image.removeAlpha().png({ compressionLevel: 6 }).toBuffer();
}

/**
 * Writes a synthetic whale-fluke set in the Kaggle format (train.csv `Image,Id` and
 * train/<name>.png), the same bytes for the same options. Each identity keeps its silhouette
 * and markings across photos; each photo has its own pose, light, sea, spray and blur.
 */
export async function generateSyntheticFlukes(options: SyntheticFlukeOptions): Promise<SyntheticFlukeSummary> {
  const { identities, photos, difficulty } = options;
  if (!Number.isInteger(identities) || identities < 1) throw new Error(`identities must be a positive integer, got ${identities}`);
  if (!Number.isInteger(photos) || photos < 1) throw new Error(`photos must be a positive integer, got ${photos}`);
  if (!(difficulty >= 0 && difficulty <= 1)) throw new Error(`difficulty must be between 0 and 1, got ${difficulty}`);
  const share = options.newWhaleShare ?? 0.1;
  if (!(share >= 0 && share < 1)) throw new Error(`newWhaleShare must be in [0, 1), got ${share}`);
  const width = options.width ?? 192;
  const height = options.height ?? 96;
  const out = resolve(options.out);
  const imageFolder = join(out, 'train');
  mkdirSync(imageFolder, { recursive: true });

  const master = new SeededRandom(options.seed);
  const names = master.fork();
  const usedNames = new Set<string>();
  const uniqueName = (prefix: string, digits: number) => {
    for (;;) {
      const name = prefix + names.nextUint32().toString(16).padStart(8, '0').slice(0, digits);
      if (!usedNames.has(name)) {
        usedNames.add(name);
        return name;
      }
    }
  };
  const jobs: Array<{ file: string; label: string; identity: FlukeIdentity; conditions: PhotoConditions }> = [];
  for (let i = 0; i < identities; i++) {
    // One stream per whale, so its looks do not depend on how many photos the others have.
    const random = master.fork();
    const identity = drawFlukeIdentity(random);
    const label = uniqueName('w_', 7);
    for (let p = 0; p < photos; p++) jobs.push({ file: `${uniqueName('', 8)}.png`, label, identity, conditions: drawPhotoConditions(random, difficulty) });
  }
  const newWhale = Math.round(identities * photos * share);
  for (let i = 0; i < newWhale; i++) {
    const random = master.fork();
    jobs.push({ file: `${uniqueName('', 8)}.png`, label: 'new_whale', identity: drawFlukeIdentity(random), conditions: drawPhotoConditions(random, difficulty) });
  }
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      writeFileSync(join(imageFolder, job.file), await renderFlukePhoto(job.identity, job.conditions, width, height));
    }
  };
  await Promise.all(Array.from({ length: renderConcurrency }, worker));
  const rows = [...jobs].sort((a, b) => (a.file < b.file ? -1 : 1)).map((job) => `${job.file},${job.label}`);
  const csv = join(out, 'train.csv');
  writeFileSync(csv, ['Image,Id', ...rows].join('\n') + '\n');
  return { csv, images: jobs.length, identities, newWhale };
}
