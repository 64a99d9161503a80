import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyServeExit } from './serveFailure';

test('a missing Node names the setting', () => {
  const failure = classifyServeExit({ spawnErrorCode: 'ENOENT', exitCode: null, signal: null, stderr: '' }, '/opt/node/bin/node');
  assert.equal(failure.kind, 'node-missing');
  assert.match(failure.message, /"\/opt\/node\/bin\/node" could not be run \(ENOENT\).*fluke\.nodePath/);
});

test('a NODE_MODULE_VERSION mismatch suggests the setting and a rebuild, quoting the loader', () => {
  const stderr = [
    'node:internal/modules/cjs/loader:1586',
    "Error: The module '/ext/node_modules/better-sqlite3/build/Release/better_sqlite3.node'",
    'was compiled against a different Node.js version using',
    'NODE_MODULE_VERSION 115. This version of Node.js requires',
    'NODE_MODULE_VERSION 127. Please try re-compiling or re-installing',
  ].join('\n');
  const failure = classifyServeExit({ spawnErrorCode: null, exitCode: 1, signal: null, stderr }, 'node');
  assert.equal(failure.kind, 'native-modules');
  assert.match(failure.message, /was compiled against a different Node\.js version/);
  assert.match(failure.message, /fluke\.nodePath.*Rebuild Native Modules/);
});

test('any other exit is a crash with the last stderr line', () => {
  const failure = classifyServeExit({ spawnErrorCode: null, exitCode: 3, signal: null, stderr: 'fluke serve: cannot open store /x/fluke.db\n' }, 'node');
  assert.deepEqual(failure, { kind: 'crashed', message: 'fluke serve exited with code 3: fluke serve: cannot open store /x/fluke.db' });
  assert.equal(classifyServeExit({ spawnErrorCode: null, exitCode: null, signal: 'SIGKILL', stderr: '' }, 'node').message, 'fluke serve was killed by SIGKILL');
});
