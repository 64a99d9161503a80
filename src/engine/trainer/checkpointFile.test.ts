import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DamagedCheckpointError, readCheckpointFile, writeCheckpointFile } from './checkpointFile';

test('a checkpoint file gives back its header and arrays bit for bit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-ckpt-'));
  try {
    const path = join(dir, 'nested', 'epoch-1.ckpt');
    const odd = new Float32Array([Math.PI, -0, 1e-38, 3.4e38, Number.NaN]);
    const written = writeCheckpointFile(path, { meta: { epoch: 1, note: 'é' }, arrays: [
      { name: 'a', shape: [5], values: odd },
      { name: 'b', shape: [2, 1], values: new Float32Array([7, 8]) },
    ] });
    const read = readCheckpointFile<{ epoch: number; note: string }>(path);
    assert.deepEqual(read.meta, { epoch: 1, note: 'é' });
    assert.deepEqual(read.arrays.map((a) => [a.name, a.shape]), [['a', [5]], ['b', [2, 1]]]);
    assert.deepEqual(Buffer.from(read.arrays[0]!.values.buffer), Buffer.from(odd.buffer));
    assert.deepEqual(Array.from(read.arrays[1]!.values), [7, 8]);
    // The digest both sides give is the SHA-256 of the file after its magic and digest (42 bytes).
    assert.equal(written, createHash('sha256').update(readFileSync(path).subarray(42)).digest('hex'));
    assert.equal(read.sha256, written);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a truncated or foreign file is refused with its path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-ckpt-'));
  try {
    const path = join(dir, 'x.ckpt');
    writeCheckpointFile(path, { meta: {}, arrays: [{ name: 'w', shape: [100], values: new Float32Array(100) }] });
    writeFileSync(path, readFileSync(path).subarray(0, 200));
    assert.throws(() => readCheckpointFile(path), /x\.ckpt: checkpoint is damaged/);
    writeFileSync(path, 'hello world, not a checkpoint');
    assert.throws(() => readCheckpointFile(path), /x\.ckpt is not a Fluke checkpoint/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a checkpoint with one flipped bit is refused as damaged, naming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-ckpt-'));
  try {
    const path = join(dir, 'flip.ckpt');
    writeCheckpointFile(path, { meta: { epoch: 3 }, arrays: [{ name: 'w', shape: [64], values: new Float32Array(64).fill(0.5) }] });
    const bytes = readFileSync(path);
    assert.equal(readCheckpointFile<{ epoch: number }>(path).meta.epoch, 3);
    bytes[bytes.length - 10]! ^= 0x04;
    writeFileSync(path, bytes);
    assert.throws(() => readCheckpointFile(path), (error: Error) => error instanceof DamagedCheckpointError && /flip\.ckpt: checkpoint is damaged \(its SHA-256 does not match/.test(error.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
