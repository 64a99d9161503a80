import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { npyAsFloat32, parseNpy, readNpy, writeNpy } from './npy';

const dir = mkdtempSync(join(tmpdir(), 'fluke-npy-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('float32 and int32 arrays round-trip through a file', () => {
  const path = join(dir, 'e.npy');
  writeNpy(path, [2, 3], new Float32Array([1, 2, 3, 4.5, -5, 6]));
  const read = readNpy(path);
  assert.equal(read.descr, '<f4');
  assert.deepEqual(read.shape, [2, 3]);
  assert.deepEqual(Array.from(read.values as Float32Array), [1, 2, 3, 4.5, -5, 6]);
  writeNpy(join(dir, 'l.npy'), [4], new Int32Array([7, -1, 0, 2]));
  const labels = readNpy(join(dir, 'l.npy'));
  assert.deepEqual(labels.shape, [4]);
  assert.deepEqual(Array.from(labels.values as Int32Array), [7, -1, 0, 2]);
});

test('reads what NumPy writes (float64, int64, bool) and NumPy reads what we write', () => {
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : null;
  assert.ok(python, 'this test needs Debian python3 with numpy at /usr/bin/python3');
  const script = `
import numpy as np, sys
d = sys.argv[1]
np.save(d + '/f8.npy', np.arange(6, dtype=np.float64).reshape(3, 2) / 4)
np.save(d + '/i8.npy', np.array([3, 1, 4], dtype=np.int64))
np.save(d + '/b.npy', np.array([True, False, True]))
ours = np.load(d + '/ours.npy')
print(ours.dtype, ours.shape, float(ours.sum()))
`;
  writeNpy(join(dir, 'ours.npy'), [2, 2], new Float32Array([0.5, 1, 1.5, 2]));
  const result = spawnSync(python, ['-c', script, dir], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), 'float32 (2, 2) 5.0');
  const f8 = readNpy(join(dir, 'f8.npy'));
  assert.deepEqual(f8.shape, [3, 2]);
  assert.deepEqual(Array.from(npyAsFloat32(f8)), [0, 0.25, 0.5, 0.75, 1, 1.25]);
  assert.deepEqual(Array.from(npyAsFloat32(readNpy(join(dir, 'i8.npy')))), [3, 1, 4]);
  assert.deepEqual(Array.from(readNpy(join(dir, 'b.npy')).values as Uint8Array), [1, 0, 1]);
});

test('bad files are rejected with the file name and the reason', () => {
  const notNpy = join(dir, 'text.npy');
  writeFileSync(notNpy, 'hello world, not numpy');
  assert.throws(() => readNpy(notNpy), (error: Error) => error.message.startsWith(notNpy) && /magic/.test(error.message));
  assert.throws(() => readNpy(join(dir, 'absent.npy')), /absent\.npy: no such file/);
  const full = join(dir, 'full.npy');
  writeNpy(full, [4, 4], new Float32Array(16));
  const bytes = readFileSync(full);
  assert.throws(() => parseNpy(bytes.subarray(0, bytes.length - 8), 'cut.npy'), /cut\.npy: truncated data/);
  const bigEndian = Buffer.from(bytes.toString('latin1').replace("'<f4'", "'>f4'"), 'latin1');
  assert.throws(() => parseNpy(bigEndian, 'be.npy'), /unsupported dtype >f4/);
});
