import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFlukeCli } from './runFlukeCli';

test('collects stdout, streams stderr lines and reports the exit code', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'fluke-cli-'));
  try {
    const cliPath = join(folder, 'cli.js');
    writeFileSync(cliPath, "console.log(JSON.stringify(process.argv.slice(2))); console.error('step 1'); console.error('step 2'); process.exit(4);");
    const lines: string[] = [];
    const result = await runFlukeCli({ nodePath: process.execPath, cliPath, args: ['doctor', '--json'], cwd: folder, onStderrLine: (line) => lines.push(line) });
    assert.deepEqual(JSON.parse(result.stdout), ['doctor', '--json']);
    assert.deepEqual(lines, ['step 1', 'step 2']);
    assert.equal(result.exitCode, 4);
    await assert.rejects(runFlukeCli({ nodePath: join(folder, 'nope'), cliPath, args: [], cwd: folder }), /Node\.js not found/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
