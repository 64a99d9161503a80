import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AugmentationConfig } from '../protocol/experiment';
import { SeededRandom } from '../random/seededRandom';
import { augmentBatch, normalisePixel } from './augmentation';
import { expandWithFlippedIdentities, flippedSuffix } from './flippedIdentities';

const size = { height: 8, width: 16, channels: 3 as const, fit: 'pad' as const };
const imageValues = 8 * 16 * 3;
const none: AugmentationConfig = {
  randomResizedCrop: false,
  cropScale: [1, 1],
  rotationDegrees: 0,
  brightness: 0,
  contrast: 0,
  horizontalFlip: false,
  flipAsNewIdentity: false,
};
const strong: AugmentationConfig = { ...none, randomResizedCrop: true, cropScale: [0.5, 0.9], rotationDegrees: 10, brightness: 0.3, contrast: 0.3 };

/** Three images of a left-to-right ramp, each in its own brightness. */
function rampImages(): Uint8Array {
  const pixels = new Uint8Array(3 * imageValues);
  for (let image = 0; image < 3; image++) {
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 16; x++) {
        for (let k = 0; k < 3; k++) pixels[image * imageValues + (y * 16 + x) * 3 + k] = 40 + image * 30 + x * 8 + k;
      }
    }
  }
  return pixels;
}

test('evaluation batches are only normalised: v / 127.5 - 1, in the order asked', () => {
  const pixels = rampImages();
  const batch = augmentBatch(pixels, [2, 0], size, strong, new SeededRandom(1), false);
  assert.equal(batch.length, 2 * imageValues);
  for (let i = 0; i < imageValues; i++) {
    assert.equal(batch[i], Math.fround(normalisePixel(pixels[2 * imageValues + i]!)));
    assert.equal(batch[imageValues + i], Math.fround(normalisePixel(pixels[i]!)));
  }
  assert.equal(normalisePixel(0), -1);
  assert.equal(normalisePixel(255), 1);
});

test('training with every augmentation off reproduces the image (the sampling grid is exact)', () => {
  const pixels = rampImages();
  const batch = augmentBatch(pixels, [1], size, none, new SeededRandom(1), true);
  for (let i = 0; i < imageValues; i++) assert.ok(Math.abs(batch[i]! - normalisePixel(pixels[imageValues + i]!)) < 1e-5, `value ${i}`);
});

test('training augmentation changes each image differently, the same for the same seed, within [-1, 1]', () => {
  const pixels = rampImages();
  const a = augmentBatch(pixels, [0, 0], size, strong, new SeededRandom(5), true);
  const b = augmentBatch(pixels, [0, 0], size, strong, new SeededRandom(5), true);
  assert.deepEqual(a, b);
  const first = a.subarray(0, imageValues);
  const second = a.subarray(imageValues);
  assert.notDeepEqual(first, second, 'two draws of one image differ');
  assert.ok(a.every((value) => value >= -1 && value <= 1));
  const plain = augmentBatch(pixels, [0], size, none, new SeededRandom(5), false);
  assert.ok(first.some((value, i) => Math.abs(value - plain[i]!) > 0.05), 'augmented differs from plain');
});

test('no horizontal flip unless configured: the ramp keeps rising left to right', () => {
  const pixels = rampImages();
  const mild: AugmentationConfig = { ...none, rotationDegrees: 2 };
  const slope = (batch: Float32Array) => batch[(4 * 16 + 12) * 3]! - batch[(4 * 16 + 3) * 3]!;
  const random = new SeededRandom(3);
  for (let i = 0; i < 20; i++) assert.ok(slope(augmentBatch(pixels, [0], size, mild, random, true)) > 0);
  const flipping = { ...mild, horizontalFlip: true };
  const slopes = Array.from({ length: 40 }, () => slope(augmentBatch(pixels, [0], size, flipping, random, true)));
  assert.ok(slopes.some((value) => value < 0) && slopes.some((value) => value > 0), 'about half are mirrored');
});

test('expandWithFlippedIdentities appends a mirrored copy of each training photo as a new identity', () => {
  const pixels = rampImages();
  const items = [
    { path: '/a.jpg', identity: 'w_1' },
    { path: '/b.jpg', identity: 'w_2' },
    { path: '/c.jpg', identity: 'w_3' },
  ];
  const expanded = expandWithFlippedIdentities(items, pixels, [0, 2], size);
  assert.deepEqual(expanded.items.slice(3), [
    { path: `/a.jpg${flippedSuffix}`, identity: `w_1${flippedSuffix}` },
    { path: `/c.jpg${flippedSuffix}`, identity: `w_3${flippedSuffix}` },
  ]);
  assert.deepEqual(expanded.train, [0, 2, 3, 4]);
  assert.deepEqual(expanded.pixels.subarray(0, pixels.length), pixels);
  const at = (image: number, x: number, y: number, k: number) => expanded.pixels[image * imageValues + (y * 16 + x) * 3 + k];
  for (let x = 0; x < 16; x++) {
    assert.equal(at(3, x, 5, 1), at(0, 15 - x, 5, 1));
    assert.equal(at(4, x, 2, 2), at(2, 15 - x, 2, 2));
  }
  assert.throws(() => expandWithFlippedIdentities(items, pixels.subarray(1), [0], size), /pixel values for 3 images/);
});
