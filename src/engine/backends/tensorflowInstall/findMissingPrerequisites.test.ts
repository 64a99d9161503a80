import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findMissingPrerequisites } from './findMissingPrerequisites';

test('findMissingPrerequisites names every missing tool at once', () => {
  const home = mkdtempSync(join(tmpdir(), 'fluke-tf-prereq-'));
  try {
    const found = findMissingPrerequisites(home, { PATH: join(home, 'empty-bin') });
    assert.deepEqual(
      found.missing.map((line) => line.split(' ')[0]),
      ['python3', 'npm', 'g++', 'make'],
    );
    assert.match(found.missing[0]!, /set FLUKE_PYTHON/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('findMissingPrerequisites finds nothing missing on this machine, and Node headers beside this Node', () => {
  const home = mkdtempSync(join(tmpdir(), 'fluke-tf-prereq-'));
  try {
    const found = findMissingPrerequisites(home, process.env);
    assert.deepEqual(found.missing, []);
    assert.notEqual(found.nodeDir, null);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
