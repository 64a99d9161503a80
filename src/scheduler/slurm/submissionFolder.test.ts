import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeStore, openStore, type Store } from '../../store/openStore';
import { storeId } from '../../store/storeIdentity';
import { claimSubmissionFolder, removeTaskFolder, taskFolder } from './submissionFolder';

function withStore(run: (store: Store, dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-submission-folder-'));
  const store = openStore(join(dir, 'fluke.db'));
  try {
    run(store, dir);
  } finally {
    closeStore(store);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A task folder as a job leaves it: its log and a checkpoint. */
function writeTask(folder: string): string {
  mkdirSync(join(folder, 'checkpoints'), { recursive: true });
  writeFileSync(join(folder, 'checkpoints', 'run-1-epoch-1.ckpt'), 'weights');
  writeFileSync(join(folder, 'events.jsonl'), '{}\n');
  return join(folder, 'events.jsonl');
}

test("a job array's folder is under the database's id, and a folder left with the same name is never reused", () => {
  withStore((store, dir) => {
    const first = claimSubmissionFolder(store, 5);
    assert.equal(first, join(dir, 'slurm', storeId(store), 'runs-5'));
    writeTask(taskFolder(first, 0));
    const again = claimSubmissionFolder(store, 5);
    assert.equal(again, join(dir, 'slurm', storeId(store), 'runs-5-2'));
    assert.ok(existsSync(join(first, 'task-0', 'events.jsonl')), 'the earlier folder is left as it was');
    assert.equal(claimSubmissionFolder(store, 5), join(dir, 'slurm', storeId(store), 'runs-5-3'));
  });
});

test("removing a task's folder takes its checkpoints, and the job array's folder with its last task", () => {
  withStore((store) => {
    const submission = claimSubmissionFolder(store, 1);
    const logs = [writeTask(taskFolder(submission, 0)), writeTask(taskFolder(submission, 1))];
    writeFileSync(join(submission, 'job.sbatch'), '#!/bin/sh\n');
    removeTaskFolder(store, logs[0]!);
    assert.equal(existsSync(taskFolder(submission, 0)), false);
    assert.ok(existsSync(taskFolder(submission, 1)), 'the other task keeps its folder');
    removeTaskFolder(store, logs[1]!);
    assert.equal(existsSync(submission), false, 'no task left: the job array folder goes');
  });
});

test('a run log outside the database\'s own submissions removes nothing', () => {
  withStore((store, dir) => {
    const elsewhere = [
      join(dir, 'slurm', 'another-database-id', 'runs-1', 'task-0'),
      join(dir, 'slurm', 'runs-1', 'task-0'),
      join(dir, 'outside', 'task-0'),
      join(dir, 'slurm', storeId(store), 'runs-1', 'not-a-task'),
    ];
    for (const folder of elsewhere) removeTaskFolder(store, writeTask(folder));
    for (const folder of elsewhere) assert.ok(existsSync(join(folder, 'checkpoints', 'run-1-epoch-1.ckpt')), `${folder} is left`);
    removeTaskFolder(store, join(dir, 'slurm', storeId(store), 'task-0', 'events.jsonl'));
    assert.ok(existsSync(join(dir, 'slurm', storeId(store))), 'the submissions root itself is never removed');
  });
});
