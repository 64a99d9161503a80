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
  let mean = 0;
  const { a, b, c, d, e, f } = transform;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Pixel centres: sample at (x + 0.5, y + 0.5) and shift back to index space.
      const sx = a * (x + 0.5) + b * (y + 0.5) + c - 0.5;
      const sy = d * (x + 0.5) + e * (y + 0.5) + f - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const target = outOffset + (y * width + x) * channels;
      for (let k = 0; k < channels; k++) {
        let value = 0;
        // Bilinear; samples outside the photo are black, like the cache's padding.
        for (let dy = 0; dy <= 1; dy++) {
          const yy = y0 + dy;
          if (yy < 0 || yy >= height) continue;
          const wy = dy ? fy : 1 - fy;
          for (let dx = 0; dx <= 1; dx++) {
            const xx = x0 + dx;
            if (xx < 0 || xx >= width) continue;
            value += wy * (dx ? fx : 1 - fx) * source[sourceOffset + (yy * width + xx) * channels + k]!;
          }
        }
        out[target + k] = value;
        mean += value;
      }
    }
  }
  mean /= imageValues;
  for (let i = outOffset; i < outOffset + imageValues; i++) {
    const adjusted = ((out[i]! - mean) * transform.contrast + mean) * transform.brightness;
    out[i] = normalisePixel(Math.min(255, Math.max(0, adjusted)));
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
