/**
 * A database damaged in the middle of the file (pages overwritten after the header) opens,
 * then fails in whichever query reads a damaged page. Every command that reads it must say
 * which file is damaged, exit 1, and print no stack trace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readExperimentText } from '../../src/experiment/readExperimentText';
import { closeStore, openStore } from '../../src/store/openStore';
import { ensureExperiment } from '../../src/store/experiments';
import { registerImages } from '../../src/store/images';
import { createRun } from '../../src/store/runs';
import { ensureCliBuilt, runFluke } from '../cli/bundledFluke';

const pageBytes = 4096;

test('a database damaged mid-file: runs, show and export name the file, exit 1, no stack trace', async () => {
  ensureCliBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'fluke-fault-damaged-db-'));
  const db = join(dir, 'fluke.db');
  try {
    const store = openStore(db);
    const experimentPath = join(dir, 'x.experiment.json');
    const config = readExperimentText(JSON.stringify({ name: 'x', data: { path: '.' } }), experimentPath).runs[0]!.config;
    const experiment = ensureExperiment(store, experimentPath, 'x');
    for (let run = 0; run < 20; run++) {
      const { id } = createRun(store, { experimentId: experiment.id, name: `run ${run}`, config, gridValues: {}, pid: null, host: null, processIdentity: null });
      registerImages(store, id, Array.from({ length: 500 }, (_, i) => ({ path: join(dir, `img-${i}.jpg`), identity: `w${i % 50}`, split: 'gallery' as const })));
    }
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    closeStore(store);
    // Every third page after the first two: the header and schema page stay intact, so the file still opens.
    const size = statSync(db).size;
    const fd = openSync(db, 'r+');
    for (let page = 2; page * pageBytes < size; page += 3) writeSync(fd, Buffer.alloc(pageBytes, 0x5a), 0, pageBytes, page * pageBytes);
    closeSync(fd);

    for (const args of [['runs'], ['runs', '--json'], ['show', '1'], ['export', '1', '--format', 'csv']]) {
      const result = await runFluke([...args, '--db', db]);
      assert.equal(result.code, 1, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, new RegExp(`${db.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: database disk image is malformed \\(the file is damaged`), args.join(' '));
      assert.doesNotMatch(result.stderr, /\n\s+at /, `${args.join(' ')}: no stack trace`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
