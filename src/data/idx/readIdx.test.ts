import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdx } from './encodeIdx';
import { parseIdx, readIdxFile } from './readIdx';

test('parses a plain and a gzipped IDX file the same way', () => {
  const bytes = encodeIdx([2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
  const folder = mkdtempSync(join(tmpdir(), 'idx-'));
  writeFileSync(join(folder, 'plain-idx3-ubyte'), bytes);
  writeFileSync(join(folder, 'zipped-idx3-ubyte.gz'), gzipSync(bytes));
  for (const file of ['plain-idx3-ubyte', 'zipped-idx3-ubyte.gz']) {
    const idx = readIdxFile(join(folder, file));
    assert.deepEqual(idx.dimensions, [2, 2, 3]);
    assert.deepEqual([...idx.data], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
  }
});

test('rejects a bad magic number, another value type and a cut-short file, naming the file', () => {
  assert.throws(() => parseIdx(Buffer.from([1, 0, 8, 1, 0, 0, 0, 1, 5]), 'a.idx'), /a\.idx: not an IDX file/);
  assert.throws(() => parseIdx(Buffer.from([0, 0, 0x0d, 1, 0, 0, 0, 1, 5, 5, 5, 5]), 'b.idx'), /b\.idx: IDX value type 0xd/);
  assert.throws(() => parseIdx(encodeIdx([3], [1, 2, 3]).subarray(0, 10), 'c.idx'), /c\.idx: IDX data cut short/);
});

test("reads Debian's Fashion-MNIST files (60,000 + 10,000 images of 28x28, labels 0-9)", () => {
  const folder = '/usr/share/datasets/fashion-mnist';
  assert.ok(existsSync(folder), `${folder} is missing: apt-get install dataset-fashion-mnist`);
  const images = readIdxFile(join(folder, 'train-images-idx3-ubyte.gz'));
  const labels = readIdxFile(join(folder, 'train-labels-idx1-ubyte.gz'));
  assert.deepEqual(images.dimensions, [60000, 28, 28]);
  assert.deepEqual(labels.dimensions, [60000]);
  assert.equal(Math.max(...labels.data), 9);
  assert.deepEqual(readIdxFile(join(folder, 't10k-images-idx3-ubyte.gz')).dimensions, [10000, 28, 28]);
  // Real photos of clothes: the first image is neither blank nor saturated.
  const first = images.data.subarray(0, 784);
  const mean = first.reduce((sum, value) => sum + value, 0) / 784;
  assert.ok(mean > 10 && mean < 200, `first image mean ${mean}`);
});
