import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCheckpointFile } from './checkpointFile';
import { newestUsableCheckpoint, readOwnCheckpoint, type CheckpointEntry, type CheckpointOwner } from './resumableCheckpoint';

/** Writes a checkpoint and returns the digest it holds. */
function write(path: string, owner: CheckpointOwner | undefined, epoch: number, weight = epoch): string {
  const meta = { version: 1 as const, ...(owner ? { owner } : {}), epoch, random: [], assignments: [], optimizerStep: 0, partial: null, unwrittenClusterings: [] };
  return writeCheckpointFile(path, { meta, arrays: [{ name: 'model/w', shape: [4], values: new Float32Array([1, 2, 3, weight]) }] });
}

test('the newest intact checkpoint of the run is chosen; damaged, missing and foreign ones are passed over with the reason', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-resumable-'));
  try {
    const owner = { storeId: 'aaaa', runId: 3 };
    const [e1, e2, e3, e4] = [1, 2, 3, 4].map((epoch) => ({ epoch, path: join(dir, `epoch-${epoch}.ckpt`), sha256: null })) as [CheckpointEntry, CheckpointEntry, CheckpointEntry, CheckpointEntry];
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
    const legacy = { epoch: 1, path: join(dir, 'legacy.ckpt'), sha256: null };
    write(legacy.path, undefined, 1);
    assert.deepEqual(newestUsableCheckpoint([legacy], { storeId: 'aaaa', runId: 1 }).usable, legacy);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a valid checkpoint of the same run put in place of the one the database recorded is refused by its digest, naming the file; the resume falls back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-resumable-'));
  try {
    const owner = { storeId: 'aaaa', runId: 4 };
    const first = { epoch: 1, path: join(dir, 'run-4-epoch-1.ckpt'), sha256: write(join(dir, 'run-4-epoch-1.ckpt'), owner, 1) };
    const second = { epoch: 2, path: join(dir, 'run-4-epoch-2.ckpt'), sha256: write(join(dir, 'run-4-epoch-2.ckpt'), owner, 2) };
    assert.match(second.sha256, /^[0-9a-f]{64}$/);
    assert.equal(readOwnCheckpoint(second.path, owner, second.sha256).sha256, second.sha256);
    // Another database with the same id and run wrote its own epoch 2 under the same name.
    write(second.path, owner, 2, 99);
    assert.throws(() => readOwnCheckpoint(second.path, owner, second.sha256), (error: Error) => error.message.startsWith(`${second.path} was replaced since this database recorded it`));
    const { usable, passedOver } = newestUsableCheckpoint([second, first], owner);
    assert.deepEqual(usable, first);
    assert.match(passedOver[0]!.reason, /was replaced since this database recorded it/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a copy loads a checkpoint of the database it was copied from only by a recorded digest that matches", () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-resumable-'));
  try {
    const path = join(dir, 'run-2-epoch-1.ckpt');
    const sha256 = write(path, { storeId: 'original', runId: 2 }, 1);
    const copy = { storeId: 'copy', runId: 2, formerStoreIds: ['original'] };
    assert.equal(readOwnCheckpoint(path, copy, sha256).meta.epoch, 1);
    assert.throws(() => readOwnCheckpoint(path, copy, null), /written by database original, which this database was copied from; its digest was not recorded, so it cannot be told from a replaced one/);
    assert.throws(() => readOwnCheckpoint(path, { ...copy, runId: 3 }, sha256), /belongs to run 2 of database original, not run 3 of database copy/);
    assert.throws(() => readOwnCheckpoint(path, { storeId: 'copy', runId: 2 }, sha256), /belongs to run 2 of database original/);
    write(path, { storeId: 'original', runId: 2 }, 1, 42);
    assert.throws(() => readOwnCheckpoint(path, copy, sha256), /was replaced since this database recorded it/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
