import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { duplicateFiles } from './duplicateFiles';

test('files with the same bytes are listed after the first, with both identities; same size alone is not a duplicate', () => {
  const folder = mkdtempSync(join(tmpdir(), 'fluke-duplicates-'));
  const file = (name: string, text: string) => {
    writeFileSync(join(folder, name), text);
    return join(folder, name);
  };
  const a = file('a.jpg', 'photo one');
  const sameSize = file('b.jpg', 'photo two');
  const copy = join(folder, 'c.jpg');
  copyFileSync(a, copy);
  const sameIdentityCopy = join(folder, 'd.jpg');
  copyFileSync(a, sameIdentityCopy);
  const problems = duplicateFiles([
    { path: copy, identity: 'w_2' },
    { path: a, identity: 'w_1' },
    { path: sameSize, identity: 'w_1' },
    { path: sameIdentityCopy, identity: 'w_1' },
    { path: join(folder, 'missing.jpg'), identity: 'w_3' },
  ]);
  assert.deepEqual(problems, [
    { path: copy, line: null, problem: `same file contents as ${a} (labelled w_2 here, w_1 there)` },
    { path: sameIdentityCopy, line: null, problem: `same file contents as ${a} (both w_1)` },
  ]);
});
