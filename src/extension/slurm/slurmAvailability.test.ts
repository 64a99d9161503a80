import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { tmpdir } from 'node:os';
import { sbatchOnPath } from './slurmAvailability';

test('sbatch is found only as an executable file in a PATH folder', () => {
  const empty = mkdtempSync(join(tmpdir(), 'fluke-path-'));
  const withSbatch = mkdtempSync(join(tmpdir(), 'fluke-path-'));
  try {
    writeFileSync(join(withSbatch, 'sbatch'), '#!/bin/sh\n');
    assert.equal(sbatchOnPath([empty, withSbatch].join(delimiter)), false, 'not executable yet');
    chmodSync(join(withSbatch, 'sbatch'), 0o755);
    assert.equal(sbatchOnPath([empty, withSbatch].join(delimiter)), true);
    assert.equal(sbatchOnPath(empty), false);
    assert.equal(sbatchOnPath(''), false);
  } finally {
    rmSync(empty, { recursive: true, force: true });
    rmSync(withSbatch, { recursive: true, force: true });
  }
});
