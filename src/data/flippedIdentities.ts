import type { DatasetItem } from './dataset';
import type { ImageSize } from './imageSize';

/** Suffix of the identity (and of the virtual path) of a mirrored photo. */
export const flippedSuffix = '~flipped';

export interface FlipExpansion {
  /** The original items followed by one mirrored copy of each training item. */
  items: DatasetItem[];
  /** The original pixels followed by the mirrored copies' pixels, in the same order. */
  pixels: Uint8Array;
  /** The training indices: the original ones and those of the mirrored copies. */
  train: number[];
}

/**
 * `flipAsNewIdentity`: a fluke seen in a mirror is another fluke (the lobes swap), so each
 * training photo is mirrored left-right once, here on the cached pixels, and its copy labelled
 * `<identity>~flipped`, a new identity with as many photos as the original. Test items are not
 * touched, so evaluation is unchanged. The trainer uses the returned items, pixels and train
 * indices in place of the originals.
 */
export function expandWithFlippedIdentities(items: DatasetItem[], pixels: Uint8Array, train: number[], size: ImageSize): FlipExpansion {
  const { width, height, channels } = size;
  const imageValues = width * height * channels;
  if (pixels.length !== items.length * imageValues) {
    throw new Error(`expandWithFlippedIdentities: ${pixels.length} pixel values for ${items.length} images of ${width}x${height}x${channels}`);
  }
  const expanded = new Uint8Array((items.length + train.length) * imageValues);
  expanded.set(pixels);
  const flippedItems: DatasetItem[] = [];
  const flippedIndices: number[] = [];
  train.forEach((index, position) => {
    const item = items[index]!;
    flippedItems.push({ path: `${item.path}${flippedSuffix}`, identity: `${item.identity}${flippedSuffix}` });
    const target = (items.length + position) * imageValues;
    const source = index * imageValues;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const from = source + (y * width + (width - 1 - x)) * channels;
        const to = target + (y * width + x) * channels;
        for (let k = 0; k < channels; k++) expanded[to + k] = pixels[from + k]!;
      }
    }
    flippedIndices.push(items.length + position);
  });
  return { items: [...items, ...flippedItems], pixels: expanded, train: [...train, ...flippedIndices] };
}
