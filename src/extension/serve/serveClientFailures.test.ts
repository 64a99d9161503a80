import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeInfo } from '../../protocol/rpc';
import { ServeClient, type ServeLog } from './serveClient';

/** Real processes that fail the way a broken serve does; the working serve is tested in serveClient.test.ts. */
function failingServe(folder: string, script: string) {
  const cliPath = join(folder, 'cli.js');
  writeFileSync(cliPath, script);
  const lines: string[] = [];
  const log: ServeLog = { info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) };
  return { cliPath, lines, log };
}

test('a serve that keeps crashing is restarted with backoff, then given up with its last words', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'fluke-serve-fail-'));
  try {
    const { cliPath, lines, log } = failingServe(folder, "process.stderr.write('cannot open store\\n'); process.exit(3);");
    const client = ServeClient.start({ nodePath: process.execPath, cliPath, databasePath: 'x.db', cwd: folder, log, restartDelaysMs: [20, 40], maxQuickCrashes: 2 });
    const failed = new Promise((resolve) => client.onDidFail(resolve));
    await failed;
    await assert.rejects(client.request(storeInfo, {}), /fluke serve exited with code 3: cannot open store/);
    assert.equal(lines.filter((line) => line.startsWith('info starting fluke serve')).length, 3);
    assert.ok(lines.some((line) => line.includes('restarting in 20 ms')));
    assert.ok(lines.some((line) => line.includes('restarting in 40 ms')));
    client.dispose();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('native modules built for another Node fail at once, without restarts', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'fluke-serve-fail-'));
  try {
    const { cliPath, lines, log } = failingServe(
      folder,
      "process.stderr.write('Error: was compiled against a different Node.js version using NODE_MODULE_VERSION 115\\n'); process.exit(1);",
    );
    const client = ServeClient.start({ nodePath: process.execPath, cliPath, databasePath: 'x.db', cwd: folder, log });
    await assert.rejects(client.request(storeInfo, {}), /native modules .* do not load.*fluke\.nodePath/);
    assert.equal(client.lastFailure?.kind, 'native-modules');
    assert.equal(lines.filter((line) => line.startsWith('info starting')).length, 1);
    client.dispose();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a missing Node is reported, and restart() tries again', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'fluke-serve-fail-'));
  try {
    const { lines, log } = failingServe(folder, '');
    const client = ServeClient.start({ nodePath: join(folder, 'no-node'), cliPath: 'cli.js', databasePath: 'x.db', cwd: folder, log });
    await assert.rejects(client.request(storeInfo, {}), /could not be run \(ENOENT\)/);
    client.restart();
    await assert.rejects(client.request(storeInfo, {}), /could not be run \(ENOENT\)/);
    assert.equal(lines.filter((line) => line.startsWith('info starting')).length, 2);
    client.dispose();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
