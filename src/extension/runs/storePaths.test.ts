import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveDatabasePath, runLogPath } from './storePaths';

test('the database setting is relative to the workspace folder unless absolute; logs sit beside it, under the database\'s id', () => {
  assert.equal(resolveDatabasePath('.fluke/fluke.db', '/w'), '/w/.fluke/fluke.db');
  assert.equal(resolveDatabasePath('  ', '/w'), '/w/.fluke/fluke.db');
  assert.equal(resolveDatabasePath('/data/runs.db', '/w'), '/data/runs.db');
  assert.equal(runLogPath('/w/.fluke/fluke.db', '5f0e', 12), '/w/.fluke/logs/5f0e/run-12.log');
});
