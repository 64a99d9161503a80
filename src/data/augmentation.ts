import type { AugmentationConfig } from '../protocol/experiment';
import type { SeededRandom } from '../random/seededRandom';
import type { ImageSize } from './imageSource';

/** Pixel values v in 0..255 become v / 127.5 - 1, in [-1, 1] (zero padding becomes -1). */
export function normalisePixel(value: number): number {
  return value / 127.5 - 1;
}

interface PhotoTransform {
  /** Output pixel (x, y) samples the source at (a*x + b*y + c, d*x + e*y + f). */
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
  brightness: number;
  contrast: number;
}

/**
 * One random geometric and photometric transform: a random resized crop (area share in
 * cropScale, aspect ratio within 3/4..4/3 of the image's), a rotation about the crop centre,
 * an optional horizontal flip, brightness and contrast factors.
 */
function drawTransform(size: ImageSize, config: AugmentationConfig, random: SeededRandom): PhotoTransform {
  const { width, height } = size;
  let cropWidth = width;
  let cropHeight = height;
  let centreX = width / 2;
  let centreY = height / 2;
  if (config.randomResizedCrop) {
    const area = random.uniform(config.cropScale[0], config.cropScale[1]);
    const aspect = Math.exp(random.uniform(Math.log(3 / 4), Math.log(4 / 3)));
    cropWidth = Math.min(width, width * Math.sqrt(area * aspect));
    cropHeight = Math.min(height, height * Math.sqrt(area / aspect));
    centreX = cropWidth / 2 + random.next() * (width - cropWidth);
    centreY = cropHeight / 2 + random.next() * (height - cropHeight);
  }
  const angle = (random.uniform(-config.rotationDegrees, config.rotationDegrees) * Math.PI) / 180;
  const flip = config.horizontalFlip && random.next() < 0.5 ? -1 : 1;
  const scaleX = (cropWidth / width) * flip;
  const scaleY = cropHeight / height;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // Source = centre + R(angle) * S * (output - output centre).
  const a = cos * scaleX;
  const b = -sin * scaleY;
  const d = sin * scaleX;
  const e = cos * scaleY;
  return {
    a,
    b,
    c: centreX - a * (width / 2) - b * (height / 2),
    d,
    e,
    f: centreY - d * (width / 2) - e * (height / 2),
    brightness: 1 + random.uniform(-config.brightness, config.brightness),
    contrast: 1 + random.uniform(-config.contrast, config.contrast),
  };
}

function renderPhoto(source: Uint8Array, sourceOffset: number, size: ImageSize, transform: PhotoTransform, out: Float32Array, outOffset: number): void {
  const { width, height, channels } = size;
  const imageValues = width * height * channels;
  const { a, b, c, d, e, f } = transform;
  let sum = 0;
  let target = outOffset;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Pixel centres: sample at (x + 0.5, y + 0.5) and shift back to index space.
      const sx = a * (x + 0.5) + b * (y + 0.5) + c - 0.5;
      const sy = d * (x + 0.5) + e * (y + 0.5) + f - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      // Bilinear taps; one outside the photo gets weight 0 (black, like the cache's padding).
      const inX0 = x0 >= 0 && x0 < width;
      const inX1 = x0 + 1 >= 0 && x0 + 1 < width;
      const inY0 = y0 >= 0 && y0 < height;
      const inY1 = y0 + 1 >= 0 && y0 + 1 < height;
      const w00 = inX0 && inY0 ? (1 - fx) * (1 - fy) : 0;
      const w10 = inX1 && inY0 ? fx * (1 - fy) : 0;
      const w01 = inX0 && inY1 ? (1 - fx) * fy : 0;
      const w11 = inX1 && inY1 ? fx * fy : 0;
      if (w00 + w10 + w01 + w11 === 0) {
        for (let k = 0; k < channels; k++) out[target++] = 0;
        continue;
      }
      const cx0 = Math.min(width - 1, Math.max(0, x0));
      const cx1 = Math.min(width - 1, Math.max(0, x0 + 1));
      const row0 = Math.min(height - 1, Math.max(0, y0)) * width;
      const row1 = Math.min(height - 1, Math.max(0, y0 + 1)) * width;
      const p00 = sourceOffset + (row0 + cx0) * channels;
      const p10 = sourceOffset + (row0 + cx1) * channels;
      const p01 = sourceOffset + (row1 + cx0) * channels;
      const p11 = sourceOffset + (row1 + cx1) * channels;
      for (let k = 0; k < channels; k++) {
        const value = w00 * source[p00 + k]! + w10 * source[p10 + k]! + w01 * source[p01 + k]! + w11 * source[p11 + k]!;
        out[target++] = value;
        sum += value;
      }
    }
  }
  const mean = sum / imageValues;
  const { contrast, brightness } = transform;
  for (let i = outOffset; i < outOffset + imageValues; i++) {
    const adjusted = ((out[i]! - mean) * contrast + mean) * brightness;
    out[i] = normalisePixel(adjusted < 0 ? 0 : adjusted > 255 ? 255 : adjusted);
  }
}

/**
 * A batch of images as floats [B, H, W, C], normalised by `normalisePixel` (v / 127.5 - 1).
 * With `training` each image gets its own random crop, rotation, brightness and contrast (and
 * horizontal flip only if configured); without it the cached pixels are only normalised.
 */
export function augmentBatch(
  pixels: Uint8Array,
  indices: number[],
  size: ImageSize,
  config: AugmentationConfig,
  random: SeededRandom,
  training: boolean,
): Float32Array {
  const imageValues = size.width * size.height * size.channels;
  const out = new Float32Array(indices.length * imageValues);
  indices.forEach((index, position) => {
    const sourceOffset = index * imageValues;
    if (sourceOffset + imageValues > pixels.length) throw new Error(`augmentBatch: image ${index} is beyond the ${pixels.length / imageValues} cached images`);
    if (!training) {
      for (let i = 0; i < imageValues; i++) out[position * imageValues + i] = normalisePixel(pixels[sourceOffset + i]!);
      return;
    }
    renderPhoto(pixels, sourceOffset, size, drawTransform(size, config, random), out, position * imageValues);
  });
  return out;
}
