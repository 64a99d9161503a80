import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { flippedSuffix } from './flippedIdentities';
import { ImageCache } from './imageCache';

const size = { height: 16, width: 32, channels: 3 as const, fit: 'pad' as const };

async function solidPng(path: string, width: number, height: number, colour: { r: number; g: number; b: number }): Promise<void> {
  // compressionLevel 0: the file size depends only on the dimensions, so a test can swap contents at equal size.
  await sharp({ create: { width, height, channels: 3, background: colour } }).png({ compressionLevel: 0 }).toFile(path);
}

test('a second load reads the pack, not the images: garbling a file at the same size and mtime goes unnoticed', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'fluke-cache-'));
  const items = [0, 1, 2].map((i) => ({ path: join(folder, `${i}.png`), identity: `w_${i}` }));
  const stamp = new Date('2026-01-02T03:04:05Z');
  for (const [i, item] of items.entries()) {
    await solidPng(item.path, 64, 32, { r: 50 * i, g: 100, b: 200 });
    utimesSync(item.path, stamp, stamp);
  }
  const cache = new ImageCache(join(folder, 'cache'));
  const first = await cache.load(items, size);
  assert.deepEqual(first.ok, [true, true, true]);
  assert.deepEqual([...first.pixels.subarray(32 * 16 * 3, 32 * 16 * 3 + 3)], [50, 100, 200]);
  const pack = cache.packPath(items, size);
  const packTime = statSync(pack).mtimeMs;

  writeFileSync(items[1]!.path, Buffer.alloc(statSync(items[1]!.path).size, 7));
  utimesSync(items[1]!.path, stamp, stamp);
  const second = await cache.load(items, size);
  assert.deepEqual(second.ok, [true, true, true]);
  assert.deepEqual(second.pixels, first.pixels);
  assert.equal(statSync(pack).mtimeMs, packTime, 'nothing changed: the pack is not rewritten');
});

test('a changed file is decoded again and the pack rewritten; a subset reuses the same pack', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'fluke-cache-'));
  const items = [0, 1].map((i) => ({ path: join(folder, `${i}.png`), identity: `w_${i}` }));
  for (const item of items) await solidPng(item.path, 64, 32, { r: 10, g: 20, b: 30 });
  const cache = new ImageCache(join(folder, 'cache'));
  await cache.load(items, size);
  await solidPng(items[1]!.path, 64, 32, { r: 240, g: 20, b: 30 });
  utimesSync(items[1]!.path, new Date(), new Date(Date.now() + 5000));
  const reloaded = await cache.load(items, size);
  assert.deepEqual([...reloaded.pixels.subarray(32 * 16 * 3, 32 * 16 * 3 + 3)], [240, 20, 30]);
  // A different cache object (a new process) finds the new pixels in the pack.
  const again = await new ImageCache(join(folder, 'cache')).load([items[1]!], size);
  assert.deepEqual([...again.pixels.subarray(0, 3)], [240, 20, 30]);
});

test('pad letterboxes with black, crop fills the frame; grey is one channel', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'fluke-cache-'));
  const square = { path: join(folder, 'square.png'), identity: 'w' };
  await solidPng(square.path, 40, 40, { r: 200, g: 200, b: 200 });
  const cache = new ImageCache(join(folder, 'cache'));
  const padded = await cache.load([square], size);
  const pixel = (pixels: Uint8Array, x: number, y: number, channels: number) => pixels[(y * size.width + x) * channels]!;
  assert.equal(pixel(padded.pixels, 1, 8, 3), 0, 'left bar is black');
  assert.equal(pixel(padded.pixels, 16, 8, 3), 200, 'centre is the photo');
  const cropped = await cache.load([square], { ...size, fit: 'crop' });
  assert.equal(pixel(cropped.pixels, 1, 8, 3), 200);
  const grey = await cache.load([square], { ...size, channels: 1, fit: 'crop' });
  assert.equal(grey.pixels.length, 16 * 32);
  assert.ok(Math.abs(pixel(grey.pixels, 5, 5, 1) - 200) <= 2);
});

test('a missing file is zero-filled and listed; thumbnails are PNGs, made once', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'fluke-cache-'));
  const photo = { path: join(folder, 'a.png'), identity: 'w' };
  await solidPng(photo.path, 80, 40, { r: 1, g: 2, b: 3 });
  const cache = new ImageCache(join(folder, 'cache'));
  const loaded = await cache.load([photo, { path: join(folder, 'gone.png'), identity: 'w' }], size);
  assert.deepEqual(loaded.ok, [true, false]);
  assert.deepEqual(loaded.problems, [{ path: join(folder, 'gone.png'), line: null, problem: 'file not found' }]);
  const thumbnail = await cache.thumbnail(photo.path, 48, 24);
  assert.ok(existsSync(thumbnail));
  const metadata = await sharp(readFileSync(thumbnail)).metadata();
  assert.deepEqual([metadata.format, metadata.width, metadata.height], ['png', 48, 24]);
  const made = statSync(thumbnail).mtimeMs;
  assert.equal(await cache.thumbnail(photo.path, 48, 24), thumbnail);
  assert.equal(statSync(thumbnail).mtimeMs, made);
});

test('a mirrored copy (<path>~flipped) loads and thumbnails as the mirror image of its original', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'fluke-cache-'));
  const path = join(folder, 'half.png');
  // Left half dark, right half light.
  const raw = Buffer.alloc(64 * 32 * 3);
  for (let y = 0; y < 32; y++) for (let x = 32; x < 64; x++) raw.fill(220, (y * 64 + x) * 3, (y * 64 + x) * 3 + 3);
  await sharp(raw, { raw: { width: 64, height: 32, channels: 3 } }).png().toFile(path);
  const cache = new ImageCache(join(folder, 'cache'));
  const loaded = await cache.load([{ path, identity: 'w' }, { path: `${path}${flippedSuffix}`, identity: `w${flippedSuffix}` }], size);
  assert.deepEqual(loaded.ok, [true, true]);
  const at = (image: number, x: number) => loaded.pixels[image * 16 * 32 * 3 + (8 * 32 + x) * 3]!;
  assert.ok(at(0, 2) < 20 && at(0, 29) > 200);
  assert.ok(at(1, 2) > 200 && at(1, 29) < 20);
  const thumbnail = await sharp(await cache.thumbnail(`${path}${flippedSuffix}`, 32, 16)).raw().toBuffer();
  assert.ok(thumbnail[(8 * 32 + 2) * 3]! > 200);
});

test('cached pixels come back in the order asked, for items in pack order, reordered and repeated', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'fluke-cache-'));
  const items = [0, 1, 2, 3].map((i) => ({ path: join(folder, `${i}.png`), identity: `w_${i}` }));
  for (const [i, item] of items.entries()) await solidPng(item.path, 64, 32, { r: 60 * i, g: 10 + i, b: 200 - i });
  const cache = new ImageCache(join(folder, 'cache'));
  const decoded = await cache.load(items, size);
  const imageBytes = size.height * size.width * size.channels;
  const imageOf = (index: number) => [...decoded.pixels.subarray(index * imageBytes, (index + 1) * imageBytes)];
  // In pack order: one read straight into the output; shuffled, repeated or with gaps (a run
  // spanning more images than it reads): through the buffer.
  for (const order of [[0, 1, 2, 3], [1, 2], [3, 1, 0, 2], [2, 2, 0, 2, 3, 1, 1], [0, 3], [3, 0]]) {
    const loaded = await cache.load(order.map((i) => items[i]!), size);
    assert.deepEqual(loaded.ok, order.map(() => true));
    order.forEach((i, at) => assert.deepEqual([...loaded.pixels.subarray(at * imageBytes, (at + 1) * imageBytes)], imageOf(i), `order ${order.join(',')}, position ${at}`));
  }
});
