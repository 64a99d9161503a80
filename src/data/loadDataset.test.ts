import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import type { DatasetFormat } from '../protocol/experiment';
import { DatasetError } from './dataset';
import { encodeIdx } from './idx/encodeIdx';
import { ImageCache } from './imageCache';
import { loadDataset } from './loadDataset';

function temporaryFolder(): string {
  return mkdtempSync(join(tmpdir(), 'fluke-data-'));
}

async function writePhoto(path: string, shade: number): Promise<void> {
  mkdirSync(join(path, '..'), { recursive: true });
  await sharp({ create: { width: 40, height: 20, channels: 3, background: { r: shade, g: 255 - shade, b: 90 } } }).jpeg().toFile(path);
}

const load = (path: string, format: DatasetFormat = 'auto', limit: number | null = null) => loadDataset({ path, format, limit }, '/');

test('Kaggle format: train.csv Image,Id with the photos in train/ beside it', async () => {
  const root = temporaryFolder();
  for (const [name, shade] of [['a.jpg', 10], ['b.jpg', 100], ['c.jpg', 200]] as const) await writePhoto(join(root, 'train', name), shade);
  writeFileSync(join(root, 'train.csv'), 'Image,Id\na.jpg,w_1\nb.jpg,new_whale\nc.jpg,w_1\n');
  const dataset = await load(root);
  assert.equal(dataset.format, 'kaggle');
  assert.equal(dataset.root, root);
  assert.deepEqual(dataset.items, [
    { path: join(root, 'train', 'a.jpg'), identity: 'w_1' },
    { path: join(root, 'train', 'b.jpg'), identity: 'new_whale' },
    { path: join(root, 'train', 'c.jpg'), identity: 'w_1' },
  ]);
  assert.deepEqual(dataset.problems, []);
  assert.equal((await load(root, 'auto', 2)).items.length, 2, 'limit keeps the first items');
});

test('Kaggle format given the CSV file itself, photos in the same folder', async () => {
  const root = temporaryFolder();
  await writePhoto(join(root, 'x.jpg'), 50);
  writeFileSync(join(root, 'labels.csv'), 'Image,Id\nx.jpg,w_9\n');
  const dataset = await load(join(root, 'labels.csv'));
  assert.equal(dataset.format, 'kaggle');
  assert.deepEqual(dataset.items, [{ path: join(root, 'x.jpg'), identity: 'w_9' }]);
});

test('Kaggle folder with a BOM, CRLF, a duplicate row, a missing file and a corrupt JPEG: reported, not fatal', async () => {
  const root = temporaryFolder();
  await writePhoto(join(root, 'train', 'good1.jpg'), 30);
  await writePhoto(join(root, 'train', 'good2.jpg'), 60);
  writeFileSync(join(root, 'train', 'corrupt.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5]));
  writeFileSync(
    join(root, 'train.csv'),
    '\ufeffImage,Id\r\ngood1.jpg,w_1\r\ngood2.jpg,w_1\r\ngood1.jpg,w_2\r\nmissing.jpg,w_3\r\ncorrupt.jpg,w_3\r\nonly-one-field.jpg\r\n',
  );
  const dataset = await load(root);
  assert.equal(dataset.format, 'kaggle', 'the BOM does not hide the Image column');
  assert.deepEqual(dataset.items.map((item) => item.identity), ['w_1', 'w_1', 'w_3']);
  assert.deepEqual(
    dataset.problems.map((problem) => [problem.line, problem.problem]),
    [
      [7, 'row has 1 field, column 2 (id) is missing'],
      [4, 'good1.jpg is listed twice (first on line 2); this row is ignored'],
      [5, `listed image not found: ${join(root, 'train', 'missing.jpg')}`],
    ],
  );
  const cache = new ImageCache(join(root, 'cache'));
  const loaded = await cache.load(dataset.items, { height: 16, width: 32, channels: 3, fit: 'pad' });
  assert.deepEqual(loaded.ok, [true, true, false]);
  assert.equal(loaded.problems.length, 1);
  assert.equal(loaded.problems[0]!.path, join(root, 'train', 'corrupt.jpg'));
  assert.match(loaded.problems[0]!.problem, /cannot decode image/);
  assert.ok(loaded.pixels.subarray(2 * 16 * 32 * 3).every((value) => value === 0), 'the corrupt image is zero-filled');
  assert.ok(loaded.pixels.subarray(0, 16 * 32 * 3).some((value) => value > 0));
});

test('a CSV without the expected columns names the file and the header', async () => {
  const root = temporaryFolder();
  writeFileSync(join(root, 'train.csv'), 'file,whale\na.jpg,w_1\n');
  await assert.rejects(load(root), (error: unknown) => error instanceof DatasetError && /train\.csv:1: unknown CSV columns "file,whale"/.test(error.message));
  await assert.rejects(load(root, 'kaggle'), /train\.csv:1: missing columns image, id \(header is "file,whale"/);
});

test('a CSV syntax error names the line and the column', async () => {
  const root = temporaryFolder();
  writeFileSync(join(root, 'train.csv'), 'Image,Id\na.jpg,w_1\nb.jpg,"w_2"x\n');
  await assert.rejects(load(root), /train\.csv:3:12: unexpected "x" after a closing quote/);
});

test('Happywhale format: image,species,individual_id, photos in train_images/', async () => {
  const root = temporaryFolder();
  await writePhoto(join(root, 'train_images', 'p1.jpg'), 10);
  await writePhoto(join(root, 'train_images', 'p2.jpg'), 20);
  writeFileSync(join(root, 'train.csv'), 'image,species,individual_id\np1.jpg,humpback_whale,abc123\np2.jpg,"humpback_whale",def456\n');
  const dataset = await load(root);
  assert.equal(dataset.format, 'happywhale');
  assert.deepEqual(dataset.items, [
    { path: join(root, 'train_images', 'p1.jpg'), identity: 'abc123' },
    { path: join(root, 'train_images', 'p2.jpg'), identity: 'def456' },
  ]);
});

test('folder per identity: root/<identity>/*.jpg|jpeg|png, other files ignored', async () => {
  const root = temporaryFolder();
  await writePhoto(join(root, 'whale-a', '1.jpg'), 10);
  await writePhoto(join(root, 'whale-a', '2.JPEG'), 20);
  mkdirSync(join(root, 'whale-b'));
  await sharp({ create: { width: 8, height: 8, channels: 3, background: '#345' } }).png().toFile(join(root, 'whale-b', '1.png'));
  writeFileSync(join(root, 'whale-a', 'notes.txt'), 'not a photo');
  mkdirSync(join(root, 'empty-whale'));
  const dataset = await load(root);
  assert.equal(dataset.format, 'folders');
  assert.deepEqual(dataset.items, [
    { path: join(root, 'whale-a', '1.jpg'), identity: 'whale-a' },
    { path: join(root, 'whale-a', '2.JPEG'), identity: 'whale-a' },
    { path: join(root, 'whale-b', '1.png'), identity: 'whale-b' },
  ]);
  assert.deepEqual(dataset.problems.map((problem) => problem.path), [join(root, 'empty-whale')]);
});

test('Fashion-MNIST IDX: virtual items <file>#<index> named by class, decoded by the cache from the IDX', async () => {
  const root = temporaryFolder();
  const pixels = Array.from({ length: 3 * 4 * 4 }, (_, i) => (i * 5) % 256);
  writeFileSync(join(root, 'train-images-idx3-ubyte.gz'), gzipSync(encodeIdx([3, 4, 4], pixels)));
  writeFileSync(join(root, 'train-labels-idx1-ubyte.gz'), gzipSync(encodeIdx([3], [9, 0, 12])));
  const dataset = await load(root);
  assert.equal(dataset.format, 'fashion-mnist');
  const images = join(root, 'train-images-idx3-ubyte.gz');
  assert.deepEqual(dataset.items, [
    { path: `${images}#0`, identity: 'Ankle boot' },
    { path: `${images}#1`, identity: 'T-shirt/top' },
  ]);
  assert.deepEqual(dataset.problems, [{ path: `${images}#2`, line: null, problem: 'label 12 is not a Fashion-MNIST class (0-9)' }]);
  const loaded = await new ImageCache(join(root, 'cache')).load(dataset.items, { height: 4, width: 4, channels: 1, fit: 'pad' });
  assert.deepEqual([...loaded.pixels], pixels.slice(0, 32));
});

test("the real Fashion-MNIST from Debian: 70,000 items in 10 classes", async () => {
  const folder = '/usr/share/datasets/fashion-mnist';
  assert.ok(existsSync(folder), `${folder} is missing: apt-get install dataset-fashion-mnist`);
  const dataset = await load(folder);
  assert.equal(dataset.format, 'fashion-mnist');
  assert.equal(dataset.items.length, 70000);
  assert.equal(new Set(dataset.items.map((item) => item.identity)).size, 10);
  const loaded = await new ImageCache(temporaryFolder()).load(dataset.items.slice(0, 50), { height: 28, width: 28, channels: 1, fit: 'pad' });
  assert.ok(loaded.ok.every(Boolean));
  assert.ok(loaded.pixels.some((value) => value > 200));
});

test('a missing folder names the path; an explicit format overrides detection', async () => {
  await assert.rejects(load('/no/such/dataset'), (error: unknown) => error instanceof DatasetError && error.message === 'dataset path not found: /no/such/dataset');
  const root = temporaryFolder();
  await writePhoto(join(root, 'w_1', 'a.jpg'), 10);
  await assert.rejects(load(root, 'kaggle'), new RegExp(`no train\\.csv in ${root}`));
  await assert.rejects(load(root, 'fashion-mnist'), /no Fashion-MNIST IDX files/);
  const empty = temporaryFolder();
  await assert.rejects(load(empty), /cannot tell the dataset format/);
});
