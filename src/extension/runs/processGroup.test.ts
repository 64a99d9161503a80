import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { isProcessAlive, stopProcessGroup } from './processGroup';

function spawnDetached(script: string) {
  const child = spawn(process.execPath, ['-e', script], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  return child;
}

test('SIGTERM ends a process that honours it, within the grace period', async () => {
  const child = spawnDetached("process.stdout.write('up'); setInterval(() => {}, 1000)");
  await once(child.stdout!, 'data');
  assert.equal(isProcessAlive(child.pid!), true);
  const exited = once(child, 'exit');
  assert.equal(await stopProcessGroup(child.pid!, { graceMs: 5000 }), 'terminated');
  const [, signal] = await exited;
  assert.equal(signal, 'SIGTERM');
  assert.equal(isProcessAlive(child.pid!), false);
});

test('SIGKILL follows when the process ignores SIGTERM past the grace period', async () => {
  const child = spawnDetached("process.on('SIGTERM', () => {}); process.stdout.write('up'); setInterval(() => {}, 1000)");
  await once(child.stdout!, 'data');
  const exited = once(child, 'exit');
  assert.equal(await stopProcessGroup(child.pid!, { graceMs: 300 }), 'killed');
  const [, signal] = await exited;
  assert.equal(signal, 'SIGKILL');
});

test('a pid that is gone is reported as not running', async () => {
  const child = spawn(process.execPath, ['-e', '0']);
  await once(child, 'exit');
  assert.equal(isProcessAlive(child.pid!), false);
  assert.equal(await stopProcessGroup(child.pid!), 'not-running');
});
