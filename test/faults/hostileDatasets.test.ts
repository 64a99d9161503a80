/**
 * Hostile data files through the real `fluke`: CSVs (not UTF-8, rows leading out of the
 * dataset, broken quoting, a missing column), images (truncated JPEG, zero bytes, text named
 * .jpg, a PNG header claiming 100000 x 100000 pixels), .npy and IDX files with lying headers.
 * Each is a message naming the file (and line), exit 1, never a stack trace; a bad image is a
 * data problem naming it while the others are used, and a training run on such data still
 * completes with the problems recorded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { closeStore, openStore } from '../../src/store/openStore';
import { getRun } from '../../src/store/runs';
import { listDataProblems } from '../../src/store/runResults';
import { pngHeaderOnly } from './fixtures/pngHeaderOnly';
import { ensureCliBuilt, runFluke, trainerEvents } from '../cli/bundledFluke';
import { tinyWorkspace } from '../cli/tinyExperiment';

/** A .npy file with the given header dictionary and data bytes. */
function npy(header: string, data: Buffer): Buffer {
  const unpadded = 10 + header.length + 1;
  const text = `${header}${' '.repeat((64 - (unpadded % 64)) % 64)}\n`;
  const prefix = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0, 0]);
  prefix.writeUInt16LE(text.length, 8);
  return Buffer.concat([prefix, Buffer.from(text, 'latin1'), data]);
}

function assertRefused(result: { code: number | null; stderr: string; stdout: string }, expected: RegExp, what: string): void {
  assert.equal(result.code, 1, `${what}: exit 1 (${result.stderr})`);
  assert.match(result.stderr, expected, what);
  assert.doesNotMatch(result.stderr, /\n\s+at /, `${what}: no stack trace`);
}

test('hostile CSVs: not UTF-8, ../ and absolute paths, broken quoting, a missing column; each names the file and line', async () => {
  ensureCliBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'fluke-fault-csv-'));
  const photo = await sharp({ create: { width: 32, height: 16, channels: 3, background: { r: 1, g: 2, b: 3 } } }).jpeg().toBuffer();
  writeFileSync(join(dir, 'outside.jpg'), photo);
  const cases: Array<[string, Buffer | string, RegExp]> = [
    ['Latin-1 identities', Buffer.from('Image,Id\na.jpg,M\xfcller\nb.jpg,M\xe4ller\n', 'latin1'), /train\.csv:2: not valid UTF-8/],
    ['a row reaching out with ../', 'Image,Id\na.jpg,w1\n../../outside.jpg,w2\n', /train\.csv:3: image "\.\.\/\.\.\/outside\.jpg" is outside the dataset's image folder/],
    ['an absolute path', 'Image,Id\n/etc/passwd,w1\n', /train\.csv:2: image "\/etc\/passwd" is outside the dataset's image folder/],
    ['a quote never closed', 'Image,Id\n"a.jpg,w1\nb.jpg,w2\n', /train\.csv:2:1: quoted field is never closed/],
    ['a missing column', 'Image,Identity\na.jpg,w1\n', /train\.csv:1: missing column id/i],
    ['binary garbage', Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x9c, 0x0a]), /train\.csv:1: not valid UTF-8/],
  ];
  try {
    for (const [what, content, expected] of cases) {
      const dataset = join(dir, what.replace(/\W+/g, '-'));
      mkdirSync(join(dataset, 'train'), { recursive: true });
      writeFileSync(join(dataset, 'train', 'a.jpg'), photo);
      writeFileSync(join(dataset, 'train', 'b.jpg'), photo);
      writeFileSync(join(dataset, 'train.csv'), content);
      const result = await runFluke(['data', 'inspect', dataset, '--format', 'kaggle']);
      assertRefused(result, expected, what);
      assert.ok(result.stderr.includes(join(dataset, 'train.csv')), `${what}: names the CSV file`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('hostile images are data problems naming each file; a run on them completes and records them', async () => {
  ensureCliBuilt();
  const workspace = await tinyWorkspace('fluke-fault-images-', { epochs: 1 });
  try {
    const flukes = join(workspace.dir, 'flukes');
    const good = readFileSync(join(flukes, 'train', readFileSync(join(flukes, 'train.csv'), 'utf8').split('\n')[1]!.split(',')[0]!));
    const jpeg = await sharp(good).jpeg().toBuffer();
    const hostile: Record<string, Buffer> = {
      'truncated.jpg': jpeg.subarray(0, Math.floor(jpeg.length / 2)),
      'zero-bytes.jpg': Buffer.alloc(0),
      'text.jpg': Buffer.from('this is not a photo\n'),
      'huge-dimensions.png': pngHeaderOnly(100_000, 100_000),
    };
    for (const [name, bytes] of Object.entries(hostile)) writeFileSync(join(flukes, 'train', name), bytes);
    const csv = readFileSync(join(flukes, 'train.csv'), 'utf8');
    writeFileSync(join(flukes, 'train.csv'), `${csv.trimEnd()}\n${Object.keys(hostile).map((name, i) => `${name},w_hostile${i}`).join('\n')}\n`);

    const inspected = await runFluke(['data', 'inspect', flukes, '--decode', '--json']);
    assert.equal(inspected.code, 0, inspected.stderr);
    const problems = (JSON.parse(inspected.stdout) as { problems: Array<{ path: string; problem: string }> }).problems;
    assert.deepEqual(problems.map((p) => p.path.split('/').pop()).sort(), Object.keys(hostile).sort());

    const trained = await runFluke(['train', workspace.experiment, '--db', workspace.db], { cwd: workspace.dir });
    assert.equal(trained.code, 0, trained.stderr);
    const started = trainerEvents(trained.stdout).find((event) => event.type === 'run-started');
    assert.ok(started && started.type === 'run-started');
    const store = openStore(workspace.db);
    try {
      assert.equal(getRun(store, started.runId)?.status, 'completed');
      const recorded = listDataProblems(store, started.runId).map((p) => p.path.split('/').pop());
      for (const name of Object.keys(hostile)) assert.ok(recorded.includes(name), `${name} is a recorded data problem (${recorded.join(', ')})`);
    } finally {
      closeStore(store);
    }
  } finally {
    rmSync(workspace.dir, { recursive: true, force: true });
  }
});

test('hostile .npy and IDX files: headers that lie about their size are messages naming the file', async () => {
  ensureCliBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'fluke-fault-arrays-'));
  try {
    writeFileSync(join(dir, 'labels.txt'), 'a\nb\na\nb\n');
    const arrays: Array<[string, Buffer, RegExp]> = [
      ['huge-shape.npy', npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000, 1000000), }", Buffer.alloc(64)), /huge-shape\.npy: truncated data: shape \(1000000000, 1000000\)/],
      ['truncated.npy', npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4, 4), }", Buffer.alloc(20)), /truncated\.npy: truncated data/],
      ['not-numpy.npy', Buffer.from('PK\u0003\u0004 a zip file'), /not-numpy\.npy: not a \.npy file/],
      ['empty.npy', Buffer.alloc(0), /empty\.npy: not a \.npy file/],
    ];
    for (const [name, bytes, expected] of arrays) {
      writeFileSync(join(dir, name), bytes);
      assertRefused(await runFluke(['metrics', '--embeddings', join(dir, name), '--labels', join(dir, 'labels.txt')]), expected, name);
    }

    // Fashion-MNIST IDX files whose image header claims 60 million images of 100000 x 100000 pixels.
    const idx = join(dir, 'fashion');
    mkdirSync(idx);
    const images = Buffer.alloc(16 + 64);
    images.set([0, 0, 8, 3]);
    images.writeUInt32BE(60_000_000, 4);
    images.writeUInt32BE(100_000, 8);
    images.writeUInt32BE(100_000, 12);
    writeFileSync(join(idx, 'train-images-idx3-ubyte'), images);
    writeFileSync(join(idx, 'train-labels-idx1-ubyte'), Buffer.concat([Buffer.from([0, 0, 8, 1, 0, 0, 0, 4]), Buffer.from([0, 1, 0, 1])]));
    const inspected = await runFluke(['data', 'inspect', idx, '--format', 'fashion-mnist', '--decode', '--json']);
    assert.equal(inspected.code, 0, inspected.stderr);
    const problems = (JSON.parse(inspected.stdout) as { problems: Array<{ path: string; problem: string }> }).problems;
    assert.equal(problems.length, 4, inspected.stdout);
    assert.ok(problems.every((p) => /train-images-idx3-ubyte: IDX data cut short/.test(p.problem)), JSON.stringify(problems));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
