import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchTraining, trainCommandArguments } from './trainingLaunch';

test('train arguments carry only the options that are set', () => {
  assert.deepEqual(
    trainCommandArguments({ experimentPath: '/w/a.experiment.json', databasePath: '/w/.fluke/fluke.db', gridIndex: null, resumeRunId: null, backend: null }),
    ['train', '/w/a.experiment.json', '--db', '/w/.fluke/fluke.db'],
  );
  assert.deepEqual(
    trainCommandArguments({ experimentPath: 'a.json', databasePath: 'f.db', gridIndex: 3, resumeRunId: null, backend: null }),
    ['train', 'a.json', '--db', 'f.db', '--grid-index', '3'],
  );
  assert.deepEqual(
    trainCommandArguments({ experimentPath: 'a.json', databasePath: 'f.db', gridIndex: null, resumeRunId: 7, backend: null }),
    ['train', '--resume', '7', '--db', 'f.db'],
  );
  assert.deepEqual(
    trainCommandArguments({ experimentPath: 'a.json', databasePath: 'f.db', gridIndex: 1, resumeRunId: null, backend: 'wasm' }),
    ['train', 'a.json', '--db', 'f.db', '--grid-index', '1', '--backend', 'wasm'],
  );
});

test('the process runs detached in the given folder, stdout and stderr appended to the log', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'fluke-launch-'));
  try {
    const script = join(folder, 'fake-cli.js');
    writeFileSync(script, "console.log(JSON.stringify({ cwd: process.cwd(), args: process.argv.slice(2) })); console.error('to stderr');");
    const logPath = join(folder, 'logs', 'run-1.log');
    const child = await launchTraining({ nodePath: process.execPath, cliPath: script, args: ['train', 'x'], cwd: folder, logPath });
    await once(child, 'exit');
    const lines = readFileSync(logPath, 'utf8').trim().split('\n');
    assert.deepEqual(JSON.parse(lines[0]!), { cwd: folder, args: ['train', 'x'] });
    assert.equal(lines[1], 'to stderr');
    assert.ok(child.pid! > 0);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a missing Node names the setting to fix', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'fluke-launch-'));
  try {
    await assert.rejects(
      launchTraining({ nodePath: join(folder, 'no-such-node'), cliPath: 'cli.js', args: [], cwd: folder, logPath: join(folder, 'x.log') }),
      /Node\.js not found: .*no-such-node.*fluke\.nodePath/,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
