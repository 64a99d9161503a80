import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureRun } from '../extension/panels/panelFixtures';
import { formatRunTable } from './formatRunTable';

test('run names with escape sequences, newlines and bidi overrides are printed escaped, columns aligned', () => {
  const hostile = { ...fixtureRun(1, 1, 3), name: 'evil\u001b]0;owned\u0007\u001b[2J\nline2 \u202eabc', backend: 'wasm\r' };
  const plain = { ...fixtureRun(2, 1, 3), name: 'plain' };
  const table = formatRunTable([hostile, plain]);
  assert.doesNotMatch(table, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/, 'no control character reaches the terminal');
  const lines = table.trimEnd().split('\n');
  assert.equal(lines.length, 3, 'one line per run');
  assert.ok(lines[1]!.endsWith('evil\\u001b]0;owned\\u0007\\u001b[2J\\u000aline2 \\u202eabc'));
  assert.match(lines[1]!, /wasm\\u000d/);
  assert.equal(lines[1]!.indexOf('evil'), lines[2]!.indexOf('plain'), 'the name column stays aligned');
});
