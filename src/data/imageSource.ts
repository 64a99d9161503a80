import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { flippedSuffix } from './flippedIdentities';
import type { IdxArray } from './idx/readIdx';
import { readIdxFile } from './idx/readIdx';
import type { ImageSize } from './imageSize';

export type { ImageSize } from './imageSize';

/** A virtual item path `<idx file>#<index>` split into its parts; null for a plain file. */
export function parseVirtualPath(path: string): { file: string; index: number } | null {
  const match = /^(.*)#(\d+)$/.exec(path);
  return match ? { file: match[1]!, index: Number(match[2]) } : null;
}

/** A mirrored copy (`<path>~flipped`, from expandWithFlippedIdentities): the original's path; null otherwise. */
function flippedOriginal(path: string): string | null {
  return path.endsWith(flippedSuffix) ? path.slice(0, -flippedSuffix.length) : null;
}

/** Size and modification time of the file behind an item (the IDX file for a virtual one, the original for a mirrored one). */
export function statItem(path: string): { size: number; mtimeMs: number } {
  const original = flippedOriginal(path) ?? path;
  const stats = statSync(parseVirtualPath(original)?.file ?? original);
  return { size: stats.size, mtimeMs: stats.mtimeMs };
}

/**
 * Opens items as sharp pipelines resized to a size: photos through sharp's decoders (EXIF
 * orientation applied), IDX items from their raw bytes, mirrored copies (`~flipped`) from
 * their original, so thumbnails of flip-as-new-identity training images work too. Parsed IDX files are kept, so a
 * dataset of 70,000 virtual items reads each file once.
 */
export class ImageSource {
  private readonly idxFiles = new Map<string, IdxArray>();

  constructor() {
    // Each image is decoded once: libvips's operation cache would only cost memory and time.
    sharp.cache(false);
  }

  private idxImage(file: string, index: number): { data: Uint8Array; height: number; width: number } {
    let idx = this.idxFiles.get(file);
    if (!idx) {
      idx = readIdxFile(file);
      this.idxFiles.set(file, idx);
    }
    const [count, height, width] = idx.dimensions;
    if (idx.dimensions.length !== 3 || count === undefined || height === undefined || width === undefined) {
      throw new Error(`${file}: IDX images must have 3 dimensions, found ${idx.dimensions.join('x')}`);
    }
    if (index >= count) throw new Error(`${file}: image ${index} out of range (${count} images)`);
    const pixels = height * width;
    return { data: idx.data.subarray(index * pixels, (index + 1) * pixels), height, width };
  }

  /**
   * The resize pipeline shared by the cache (raw pixels) and thumbnails (PNG). The file is
   * read first, so reading one image overlaps with decoding another.
   */
  async resized(path: string, size: ImageSize): Promise<sharp.Sharp> {
    const original = flippedOriginal(path);
    if (original !== null) return (await this.resized(original, size)).flop();
    const virtual = parseVirtualPath(path);
    let pipeline: sharp.Sharp;
    if (virtual) {
      const image = this.idxImage(virtual.file, virtual.index);
      pipeline = sharp(Buffer.from(image.data), { raw: { width: image.width, height: image.height, channels: 1 } });
    } else {
      pipeline = sharp(await readFile(path), { failOn: 'truncated' }).rotate();
    }
    return pipeline
      .resize({
        width: size.width,
        height: size.height,
        fit: size.fit === 'pad' ? 'contain' : 'cover',
        position: 'centre',
        background: { r: 0, g: 0, b: 0, alpha: 1 },
      })
      .removeAlpha()
      .toColourspace(size.channels === 1 ? 'b-w' : 'srgb');
  }

  /** Decoded, resized pixels of one item, H*W*C uint8 row-major. */
  async pixels(path: string, size: ImageSize): Promise<Uint8Array> {
    const virtual = flippedOriginal(path) === null ? parseVirtualPath(path) : null;
    if (virtual) {
      const image = this.idxImage(virtual.file, virtual.index);
      // Already the wanted size and grey: no resampling at all (the common Fashion-MNIST case).
      if (image.height === size.height && image.width === size.width && size.channels === 1) return Uint8Array.from(image.data);
    }
    const { data, info } = await (await this.resized(path, size)).raw().toBuffer({ resolveWithObject: true });
    if (info.width !== size.width || info.height !== size.height || info.channels !== size.channels) {
      throw new Error(`${path}: decoded to ${info.width}x${info.height}x${info.channels}, expected ${size.width}x${size.height}x${size.channels}`);
    }
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
}
