import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

test('wasm starts on 2 threads in Node, computes what the cpu backend does, and lets the process exit', () => {
  const probe = join(__dirname, 'fixtures', 'threadedWasmProbe.ts');
  // A worker left referenced would keep the child alive until this timeout.
  const child = spawnSync(process.execPath, ['--import', 'tsx', probe], { encoding: 'utf8', timeout: 25_000 });
  assert.equal(child.signal, null, `the child did not exit on its own: ${child.stderr}`);
  assert.equal(child.status, 0, child.stderr);
  const line = child.stdout.split('\n').find((l) => l.startsWith('{'));
  assert.ok(line, `no result line in: ${child.stdout}`);
  const { detail, errors } = JSON.parse(line) as { detail: string; errors: number[] };
  assert.match(detail, /SIMD, 2 threads\)/);
  errors.forEach((error, i) => assert.ok(error < 1e-5, `result ${i} differs from cpu by ${error}`));
});
