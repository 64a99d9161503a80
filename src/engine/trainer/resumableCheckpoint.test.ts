import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCheckpointFile } from './checkpointFile';
import { newestUsableCheckpoint, type CheckpointOwner } from './resumableCheckpoint';

function write(path: string, owner: CheckpointOwner | undefined, epoch: number): void {
  const meta = { version: 1, ...(owner ? { owner } : {}), epoch, random: [], assignments: [], optimizerStep: 0, partial: null, unwrittenClusterings: [] };
  writeCheckpointFile(path, { meta, arrays: [{ name: 'model/w', shape: [4], values: new Float32Array([1, 2, 3, epoch]) }] });
}

test('the newest intact checkpoint of the run is chosen; damaged, missing and foreign ones are passed over with the reason', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-resumable-'));
  try {
    const owner = { storeId: 'aaaa', runId: 3 };
    const [e1, e2, e3, e4] = [1, 2, 3, 4].map((epoch) => ({ epoch, path: join(dir, `epoch-${epoch}.ckpt`) })) as [{ epoch: number; path: string }, { epoch: number; path: string }, { epoch: number; path: string }, { epoch: number; path: string }];
    write(e1.path, owner, 1);
    write(e2.path, owner, 2);
    write(e3.path, { storeId: 'bbbb', runId: 3 }, 3);
    const damaged = readFileSync(e2.path);
    damaged[damaged.length - 1]! ^= 1;
    writeFileSync(e2.path, damaged);
    const { usable, passedOver } = newestUsableCheckpoint([e4, e3, e2, e1], owner);
    assert.deepEqual(usable, e1);
    assert.deepEqual(passedOver.map((entry) => entry.epoch), [4, 3, 2]);
    assert.match(passedOver[0]!.reason, /ENOENT/);
    assert.match(passedOver[1]!.reason, /belongs to run 3 of database bbbb, not run 3 of database aaaa/);
    assert.match(passedOver[2]!.reason, /checkpoint is damaged/);
    assert.deepEqual(newestUsableCheckpoint([e3, e2], owner).usable, null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a checkpoint that records no owner (written before owners were) is accepted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-resumable-'));
  try {
    const legacy = { epoch: 1, path: join(dir, 'legacy.ckpt') };
    write(legacy.path, undefined, 1);
    assert.deepEqual(newestUsableCheckpoint([legacy], { storeId: 'aaaa', runId: 1 }).usable, legacy);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
