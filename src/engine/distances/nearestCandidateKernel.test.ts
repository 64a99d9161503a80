import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bindKernel, kernelMemory, nearestCandidateModule } from './nearestCandidateKernel';

test('the SIMD tile returns |g|^2 - 2 q.g for every pair under the query threshold', () => {
  const memory = kernelMemory(4096);
  const tile = bindKernel(nearestCandidateModule(), memory);
  const buffer = memory.buffer;
  const floats = new Float32Array(buffer);
  const ints = new Int32Array(buffer);
  const dim = 8;
  // 4 query rows at byte 0, 4 gallery rows at byte 256, norms at 512, thresholds at 544, output at 1024.
  for (let i = 0; i < 4 * dim; i++) floats[i] = (i % 5) - 2;
  for (let i = 0; i < 4 * dim; i++) floats[64 + i] = ((i * 7) % 3) - 1;
  const expected = new Map<string, number>();
  for (let g = 0; g < 4; g++) {
    let norm = 0;
    for (let c = 0; c < dim; c++) norm += floats[64 + g * dim + c]! ** 2;
    floats[128 + g] = norm;
    for (let q = 0; q < 4; q++) {
      let dot = 0;
      for (let c = 0; c < dim; c++) dot += floats[q * dim + c]! * floats[64 + g * dim + c]!;
      expected.set(`${q},${g}`, norm - 2 * dot);
    }
  }
  // Query 2 asks for nothing; query 3 only for scores <= 2.
  floats.set([Infinity, Infinity, -Infinity, 2], 136);
  const found = tile(0, 256, 512, 544, 1024, dim * 4, 0, 4, 0, 4);
  const got = new Map<string, number>();
  for (let t = 0; t < found; t++) got.set(`${ints[256 + 3 * t]},${ints[257 + 3 * t]}`, floats[258 + 3 * t]!);
  const wanted = [...expected].filter(([key, score]) => key[0] === '0' || key[0] === '1' || (key[0] === '3' && score <= 2));
  assert.deepEqual([...got].sort(), wanted.sort());
  assert.ok(wanted.some(([key]) => key[0] === '3') && wanted.length < 12, 'the threshold case is neither empty nor everything');
});
