import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { ImageSource } from '../imageSource';
import { imageDecodeProblems, imageHeaderProblems } from './imageHeaderProblems';

/** A good JPEG, a .jpg holding text, an empty file, and a JPEG cut off after its header. */
async function brokenSet(): Promise<Record<'good' | 'text' | 'empty' | 'truncated', string>> {
  const folder = mkdtempSync(join(tmpdir(), 'fluke-inspect-'));
  const paths = { good: join(folder, 'good.jpg'), text: join(folder, 'text.jpg'), empty: join(folder, 'empty.png'), truncated: join(folder, 'truncated.jpg') };
  // Noise, so the compressed pixels (not the header's tables) make up most of the file.
  const noise = Buffer.from(Array.from({ length: 320 * 160 * 3 }, (_, i) => (i * 7919) % 251));
  await sharp(noise, { raw: { width: 320, height: 160, channels: 3 } }).jpeg({ quality: 90 }).toFile(paths.good);
  writeFileSync(paths.text, 'this is not a photo\n');
  writeFileSync(paths.empty, '');
  const jpeg = readFileSync(paths.good);
  writeFileSync(paths.truncated, jpeg.subarray(0, Math.floor(jpeg.length * 0.6)));
  return paths;
}

test('the header read lists a text file and an empty file named .jpg/.png, not the good or the cut-off JPEG', async () => {
  const paths = await brokenSet();
  const problems = await imageHeaderProblems(Object.values(paths));
  assert.deepEqual(problems.map((problem) => problem.path), [paths.empty, paths.text]);
  for (const problem of problems) assert.match(problem.problem, /^cannot decode image: /);
  assert.deepEqual(await imageHeaderProblems([`${paths.good}`, '/data/train-images-idx3-ubyte#7']), [], 'items inside an IDX file are skipped');
});

test('the full decode also finds the JPEG cut off after its header', async () => {
  const paths = await brokenSet();
  const source = new ImageSource();
  const problems = await imageDecodeProblems(Object.values(paths), (path) => source.pixels(path, { height: 8, width: 16, channels: 1, fit: 'pad' }));
  assert.deepEqual(problems.map((problem) => problem.path), [paths.empty, paths.text, paths.truncated].sort());
});
