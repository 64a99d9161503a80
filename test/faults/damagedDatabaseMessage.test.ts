/**
 * A database damaged in the middle of the file (pages overwritten after the header) opens,
 * then fails in whichever query reads a damaged page. Every command that reads it must say
 * which file is damaged, exit 1, and print no stack trace; fluke serve answers the failing
 * request with that same line and goes on answering the others.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readExperimentText } from '../../src/experiment/readExperimentText';
import { closeStore, openStore } from '../../src/store/openStore';
import { ensureExperiment } from '../../src/store/experiments';
import { registerImages } from '../../src/store/images';
import { createRun } from '../../src/store/runs';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { listImages, listRuns, storeInfo } from '../../src/protocol/rpc';
import { ensureCliBuilt, runFluke, startFluke } from '../cli/bundledFluke';

const pageBytes = 4096;

/** 20 runs of 500 images each, all in the file itself (no write-ahead log left). */
function fillDatabase(dir: string, db: string): void {
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
}

function damagedMessage(db: string): RegExp {
  return new RegExp(`^${db.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: database disk image is malformed \\(the file is damaged`, 'm');
}

test('a database damaged mid-file: runs, show and export name the file, exit 1, no stack trace', async () => {
  ensureCliBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'fluke-fault-damaged-db-'));
  const db = join(dir, 'fluke.db');
  try {
    fillDatabase(dir, db);
    // Every third page after the first two: the header and schema page stay intact, so the file still opens.
    const size = statSync(db).size;
    const fd = openSync(db, 'r+');
    for (let page = 2; page * pageBytes < size; page += 3) writeSync(fd, Buffer.alloc(pageBytes, 0x5a), 0, pageBytes, page * pageBytes);
    closeSync(fd);

    for (const args of [['runs'], ['runs', '--json'], ['show', '1'], ['export', '1', '--format', 'csv']]) {
      const result = await runFluke([...args, '--db', db]);
      assert.equal(result.code, 1, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, damagedMessage(db), args.join(' '));
      assert.doesNotMatch(result.stderr, /\n\s+at /, `${args.join(' ')}: no stack trace`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a database whose image pages are damaged: fluke serve answers runs/images with the line naming the file, and keeps answering', async () => {
  ensureCliBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'fluke-fault-damaged-db-serve-'));
  const db = join(dir, 'fluke.db');
  try {
    fillDatabase(dir, db);
    const inspect = new Database(db, { readonly: true });
    const imagePages = (inspect.prepare("SELECT pageno FROM dbstat WHERE name = 'images' AND pagetype = 'leaf'").all() as Array<{ pageno: number }>).map((row) => row.pageno);
    inspect.close();
    assert.ok(imagePages.length > 10, `${imagePages.length} leaf pages of images`);
    const fd = openSync(db, 'r+');
    // SQLite numbers pages from 1.
    for (const page of imagePages) writeSync(fd, Buffer.alloc(pageBytes, 0x5a), 0, pageBytes, (page - 1) * pageBytes);
    closeSync(fd);

    const serve = startFluke(['serve', '--read-only', '--db', db]);
    const exited = new Promise<number | null>((resolve) => serve.on('close', resolve));
    const connection = createMessageConnection(new StreamMessageReader(serve.stdout!), new StreamMessageWriter(serve.stdin!));
    connection.listen();
    assert.equal((await connection.sendRequest(storeInfo, {})).path, db);
    await assert.rejects(connection.sendRequest(listImages, { runId: 1 }), (error: Error) => {
      assert.match(error.message, damagedMessage(db));
      return true;
    });
    assert.equal((await connection.sendRequest(listRuns, {})).length, 20, 'the runs, on intact pages, are still listed');
    connection.dispose();
    serve.stdin!.end();
    assert.equal(await exited, 0, 'serve ends when its input closes');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
