import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogTail } from './logTail';

function withFolder(run: (folder: string) => Promise<void>) {
  return async () => {
    const folder = mkdtempSync(join(tmpdir(), 'fluke-tail-'));
    try {
      await run(folder);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  };
}

test(
  'delivers whole lines as they are appended, across a rename, and the last partial line at the end',
  withFolder(async (folder) => {
    const path = join(folder, 'pending.log');
    const lines: string[] = [];
    const tail = new LogTail(path, (line) => lines.push(line), { pollMs: 10_000 });
    await tail.poll();
    assert.deepEqual(lines, []);
    writeFileSync(path, 'first\nsec');
    await tail.poll();
    assert.deepEqual(lines, ['first']);
    assert.equal(tail.deliveredOffset, 'first\n'.length);
    renameSync(path, join(folder, 'run-1.log'));
    appendFileSync(join(folder, 'run-1.log'), 'ond\r\n{"type":"log"}\n\u00e9t\u00e9');
    await tail.poll();
    assert.deepEqual(lines, ['first', 'second', '{"type":"log"}']);
    await tail.finish();
    assert.deepEqual(lines, ['first', 'second', '{"type":"log"}', '\u00e9t\u00e9']);
  }),
);

test(
  'starts at the given offset (a resumed run appending to its old log)',
  withFolder(async (folder) => {
    const path = join(folder, 'run-2.log');
    writeFileSync(path, 'old line\n');
    const lines: string[] = [];
    const tail = new LogTail(path, (line) => lines.push(line), { fromOffset: 9, pollMs: 10_000 });
    appendFileSync(path, 'new line\n');
    await tail.poll();
    await tail.close();
    assert.deepEqual(lines, ['new line']);
  }),
);

test(
  'a multi-byte character split between two writes arrives whole',
  withFolder(async (folder) => {
    const path = join(folder, 'run-3.log');
    const bytes = Buffer.from('fluke \u{1F40B}\n');
    const lines: string[] = [];
    const tail = new LogTail(path, (line) => lines.push(line), { pollMs: 10_000 });
    writeFileSync(path, bytes.subarray(0, 8));
    await tail.poll();
    appendFileSync(path, bytes.subarray(8));
    await tail.poll();
    await tail.close();
    assert.deepEqual(lines, ['fluke \u{1F40B}']);
  }),
);
