/**
 * Hostile requests and a hostile database for the real `fluke serve`: raw JSON-RPC frames
 * (bad Content-Length, a method that is no string, ids of every kind, wrong parameter types)
 * and thumbnails of images a database names outside its dataset or that are no photo. Each is
 * answered with an error, or skipped, and a valid request afterwards is still answered.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { StreamMessageReader, type Message } from 'vscode-jsonrpc/node';
import { readExperimentText } from '../../src/experiment/readExperimentText';
import { closeStore, openStore } from '../../src/store/openStore';
import { ensureExperiment } from '../../src/store/experiments';
import { createRun, markRunEnded, markRunRunning } from '../../src/store/runs';
import { registerImages } from '../../src/store/images';
import { pngHeaderOnly } from './fixtures/pngHeaderOnly';
import { ensureCliBuilt, finished, startFluke } from '../cli/bundledFluke';

interface Answer {
  id: number | string | null;
  result?: unknown;
  error?: { code: number; message: string };
}

/** A `fluke serve` spoken to in raw bytes; answers are read with the ordinary framing. */
function rawServe(dbPath: string, extraArgs: string[] = []) {
  const child = startFluke(['serve', '--db', dbPath, ...extraArgs]);
  const exited = finished(child);
  const answers: Answer[] = [];
  const waiting: Array<() => void> = [];
  new StreamMessageReader(child.stdout!).listen((message: Message) => {
    answers.push(message as unknown as Answer);
    waiting.splice(0).forEach((wake) => wake());
  });
  const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  return {
    exited,
    send: (bytes: string) => child.stdin!.write(bytes),
    frame,
    request: (id: number | string, method: string, params: unknown) => frame(JSON.stringify({ jsonrpc: '2.0', id, method, params })),
    /** The answer with this id (and an error message matching `pattern`, if given); waits up to 10 s. */
    async answer(id: number | string | null, pattern?: RegExp): Promise<Answer> {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const found = answers.find((answer) => answer.id === id && (!pattern || pattern.test(answer.error?.message ?? '')));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no answer with id ${String(id)}; answers: ${JSON.stringify(answers)}`);
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
    close: () => child.stdin!.end(),
  };
}

test('fluke serve answers malformed frames and requests with JSON-RPC errors and keeps answering valid ones', async () => {
  ensureCliBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'fluke-fault-rpc-'));
  const dbPath = join(dir, 'fluke.db');
  closeStore(openStore(dbPath));
  const serve = rawServe(dbPath);
  try {
    serve.send(serve.request(1, 'store/info', {}));
    assert.equal(((await serve.answer(1)).result as { path: string }).path, dbPath);

    // A method that is a number: an invalid-request error with the request's id.
    serve.send(serve.frame(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 42, params: {} })));
    assert.equal((await serve.answer(2)).error?.code, -32600);
    assert.match((await serve.answer(2)).error!.message, /method must be a string/);

    // A body that is not JSON: a parse error with id null.
    serve.send(serve.frame('{"jsonrpc": "2.0", "id": 3, "method": '));
    assert.equal((await serve.answer(null, /parse error/)).error?.code, -32700);

    // Frames without, with a negative, and with an absurd Content-Length, each followed by a valid request.
    serve.send(`Content-Type: application/json\r\n\r\n{"jsonrpc":"2.0","id":90,"method":"store/info"}${serve.request(4, 'store/info', {})}`);
    assert.ok((await serve.answer(4)).result, 'answered after a frame with no Content-Length');
    serve.send(`Content-Length: -20\r\n\r\n{"jsonrpc":"2.0","id":91,"method":"store/info"}${serve.request(5, 'store/info', {})}`);
    assert.ok((await serve.answer(5)).result, 'answered after a negative Content-Length');
    serve.send(`Content-Length: 99999999999999\r\n\r\n{}${serve.request(6, 'store/info', {})}`);
    assert.ok((await serve.answer(6)).result, 'answered after an absurd Content-Length');

    // Unknown method, wrong parameter types, huge and odd ids.
    serve.send(serve.request(7, 'runs/format-disk', {}));
    assert.equal((await serve.answer(7)).error?.code, -32601);
    serve.send(serve.request(8, 'runs/get', { runId: 'one' }));
    assert.match((await serve.answer(8)).error!.message, /runId must be an integer/);
    serve.send(serve.request(9, 'runs/epochs', { runIds: [1, '2'] }));
    assert.match((await serve.answer(9)).error!.message, /runIds must be an array of integers/);
    serve.send(serve.request(10, 'runs/get', [1]));
    assert.match((await serve.answer(10)).error!.message, /runId must be an integer/);
    serve.send(serve.request(11, 'images/thumbnail', { runId: 1, imageId: 1, width: 1e9, height: -1 }));
    assert.match((await serve.answer(11)).error!.message, /width and height in \[1, 4096\]/);
    serve.send(serve.request(12, 'images/thumbnail', { path: '/etc/passwd', width: 10, height: 10 }));
    assert.match((await serve.answer(12)).error!.message, /runId must be an integer/);
    serve.send(serve.request(Number.MAX_SAFE_INTEGER, 'runs/get', { runId: Number.MAX_SAFE_INTEGER }));
    assert.equal((await serve.answer(Number.MAX_SAFE_INTEGER)).result, null);
    const longId = 'x'.repeat(100_000);
    serve.send(serve.request(longId, 'runs/list', {}));
    assert.deepEqual((await serve.answer(longId)).result, []);
    serve.send(serve.frame(JSON.stringify({ jsonrpc: '2.0', id: { nested: 1 }, method: 'runs/list' })));
    assert.equal((await serve.answer(null, /id must be a number or a string/)).error?.code, -32600);
    serve.send(serve.frame(JSON.stringify([{ jsonrpc: '2.0', id: 13, method: 'runs/list' }])));
    assert.equal((await serve.answer(null, /batches are not supported/)).error?.code, -32600);

    serve.send(serve.request(14, 'store/info', {}));
    assert.ok((await serve.answer(14)).result, 'still answering after every malformed frame');
  } finally {
    serve.close();
    const result = await serve.exited;
    rmSync(dir, { recursive: true, force: true });
    assert.equal(result.code, 0, result.stderr);
  }
});

test('images/thumbnail reads only regular image files inside the run\'s dataset folder, whatever the database names', async () => {
  ensureCliBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'fluke-fault-thumb-'));
  const data = join(dir, 'data');
  mkdirSync(data);
  const photo = await sharp({ create: { width: 64, height: 32, channels: 3, background: { r: 10, g: 90, b: 160 } } }).jpeg().toBuffer();
  writeFileSync(join(data, 'good.jpg'), photo);
  writeFileSync(join(dir, 'outside.jpg'), photo);
  symlinkSync(join(dir, 'outside.jpg'), join(data, 'link-out.jpg'));
  symlinkSync('/dev/zero', join(data, 'zero.jpg'));
  execFileSync('mkfifo', [join(data, 'fifo.jpg')]);
  mkdirSync(join(data, 'folder.jpg'));
  writeFileSync(join(data, 'huge-file.jpg'), '');
  truncateSync(join(data, 'huge-file.jpg'), 129 * 1024 * 1024);
  writeFileSync(join(data, 'truncated.jpg'), photo.subarray(0, Math.floor(photo.length / 2)));
  writeFileSync(join(data, 'empty.jpg'), '');
  writeFileSync(join(data, 'text.jpg'), 'not a photo at all\n');
  writeFileSync(join(data, 'huge-dimensions.png'), pngHeaderOnly(100_000, 100_000));

  const dbPath = join(dir, '.fluke', 'fluke.db');
  const store = openStore(dbPath);
  const experimentPath = join(dir, 'hostile.experiment.json');
  const config = readExperimentText(JSON.stringify({ name: 'hostile', data: { path: 'data' } }), experimentPath).runs[0]!.config;
  const experiment = ensureExperiment(store, experimentPath, 'hostile');
  const newRun = () => createRun(store, { experimentId: experiment.id, name: 'hostile', config, gridValues: {}, pid: null, host: null, processIdentity: null }).id;
  const runId = newRun();
  const otherRunId = newRun();
  const names = ['good.jpg', 'link-out.jpg', 'zero.jpg', 'fifo.jpg', 'folder.jpg', 'missing.jpg', 'huge-file.jpg', 'truncated.jpg', 'empty.jpg', 'text.jpg', 'huge-dimensions.png'];
  const paths = [...names.map((name) => join(data, name)), join(dir, 'outside.jpg'), `${data}/../outside.jpg`, '/etc/passwd', '/no/such/file.jpg', 'relative.jpg'];
  const ids = registerImages(store, runId, paths.map((path) => ({ path, identity: 'w', split: 'gallery' })));
  const [otherImage] = registerImages(store, otherRunId, [{ path: join(data, 'good.jpg'), identity: 'w', split: 'gallery' }]);
  const idOf = (path: string) => ids[paths.indexOf(path)]!;
  closeStore(store);

  const serve = rawServe(dbPath);
  let next = 100;
  const thumbnail = async (run: number, imageId: number): Promise<Answer> => {
    const id = next++;
    serve.send(serve.request(id, 'images/thumbnail', { runId: run, imageId, width: 32, height: 16 }));
    return serve.answer(id);
  };
  const refusal = async (path: string) => (await thumbnail(runId, idOf(path))).error?.message.replace(/image \d+/, 'image N') ?? 'answered';
  try {
    assert.ok(((await thumbnail(runId, idOf(join(data, 'good.jpg')))).result as { thumbnailPath: string }).thumbnailPath.endsWith('.png'));
    const outside = /image N of run \d+: its path is not inside the run's dataset folder/;
    for (const path of [join(dir, 'outside.jpg'), `${data}/../outside.jpg`, '/etc/passwd', '/no/such/file.jpg']) assert.match(await refusal(path), outside, path);
    // An existing and a missing file outside the dataset get the same answer.
    assert.equal(await refusal('/etc/passwd'), await refusal('/no/such/file.jpg'));
    assert.match(await refusal('relative.jpg'), /not absolute/);
    const unreadable = /image N of run \d+: not a readable regular file inside the dataset folder/;
    for (const name of ['link-out.jpg', 'zero.jpg', 'fifo.jpg', 'folder.jpg', 'missing.jpg']) assert.match(await refusal(join(data, name)), unreadable, name);
    assert.match(await refusal(join(data, 'huge-file.jpg')), /larger than 128 MiB/);
    for (const name of ['truncated.jpg', 'empty.jpg', 'text.jpg', 'huge-dimensions.png']) {
      assert.match(await refusal(join(data, name)), /cannot make a thumbnail of image N of run \d+: /, name);
    }
    assert.match((await thumbnail(runId, otherImage!)).error!.message, /the run has no such image/);
    assert.match((await thumbnail(999, idOf(join(data, 'good.jpg')))).error!.message, /no such run/);
    // The FIFO did not hang the server: a later request is answered.
    assert.ok((await thumbnail(otherRunId, otherImage!)).result);
  } finally {
    serve.close();
    const result = await serve.exited;
    assert.equal(result.code, 0, result.stderr);
  }

  // Restricted Mode: the extension passes the workspace folder; a database naming a dataset elsewhere gets nothing.
  for (const [imagesUnder, expected] of [[join(dir, 'elsewhere'), /image \d+ of run \d+: the run's dataset folder is not inside .*elsewhere/], [dir, null]] as const) {
    mkdirSync(imagesUnder, { recursive: true });
    const restricted = rawServe(dbPath, ['--images-under', imagesUnder]);
    try {
      restricted.send(restricted.request(1, 'images/thumbnail', { runId, imageId: idOf(join(data, 'good.jpg')), width: 32, height: 16 }));
      const answer = await restricted.answer(1);
      if (expected) assert.match(answer.error?.message ?? 'answered', expected);
      else assert.ok(answer.result, JSON.stringify(answer));
    } finally {
      restricted.close();
      await restricted.exited;
    }
  }
  const reopened = openStore(dbPath);
  const kept = (reopened.db.prepare('SELECT COUNT(*) AS n FROM images').get() as { n: number }).n;
  closeStore(reopened);
  rmSync(dir, { recursive: true, force: true });
  assert.equal(kept, paths.length + 1, 'every registered image is still in the store');
});

test('serve --read-only (Restricted Mode) answers queries, refuses every change with error -32001, and leaves the file byte-for-byte as it was', { timeout: 60_000 }, async () => {
  ensureCliBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'fluke-serve-read-only-'));
  const dbPath = join(dir, '.fluke', 'fluke.db');
  const store = openStore(dbPath);
  const experimentPath = join(dir, 'browse.experiment.json');
  const config = readExperimentText(JSON.stringify({ name: 'browse', data: { path: dir } }), experimentPath).runs[0]!.config;
  const experiment = ensureExperiment(store, experimentPath, 'browse');
  const newRun = () => createRun(store, { experimentId: experiment.id, name: 'browse', config, gridValues: {}, pid: null, host: null, processIdentity: null }).id;
  const finishedRun = newRun();
  markRunEnded(store, finishedRun, 'completed', null);
  // A run whose process is gone: a writing open would mark it crashed.
  const goneRun = newRun();
  markRunRunning(store, goneRun, { pid: 999_999_999, host: hostname(), processIdentity: null, backend: 'cpu' });
  closeStore(store);
  const bytes = () => createHash('sha256').update(readFileSync(dbPath)).digest('hex');
  const before = bytes();

  const serve = rawServe(dbPath, ['--images-under', dir, '--read-only']);
  try {
    const answer = async (id: number, method: string, params: unknown) => {
      serve.send(serve.request(id, method, params));
      return serve.answer(id);
    };
    const runs = (await answer(1, 'runs/list', {})).result as Array<{ id: number; status: string }>;
    assert.deepEqual(runs.map((run) => [run.id, run.status]).sort(), [[finishedRun, 'completed'], [goneRun, 'running']]);
    assert.equal(((await answer(2, 'runs/get', { runId: finishedRun })).result as { name: string }).name, 'browse');
    assert.deepEqual((await answer(3, 'runs/epochs', { runIds: [finishedRun] })).result, []);
    assert.match(((await answer(4, 'store/info', {})).result as { storeId: string }).storeId, /^[0-9a-f]{32}$/);
    const changes: Array<[string, unknown]> = [
      ['runs/delete', { runId: finishedRun }],
      ['runs/reconcile', {}],
      ['slurm/submit', { experimentPath }],
      ['slurm/cancel', { runId: goneRun }],
      ['slurm/resubmit', { runId: goneRun }],
    ];
    for (const [index, [method, params]] of changes.entries()) {
      const refused = await answer(10 + index, method, params);
      assert.equal(refused.error?.code, -32001, `${method}: ${JSON.stringify(refused)}`);
      assert.match(refused.error!.message, new RegExp(`^${method} is refused: fluke serve has the database open read-only`));
    }
    assert.equal(((await answer(20, 'runs/list', {})).result as unknown[]).length, 2, 'no run was deleted');
  } finally {
    serve.close();
    const result = await serve.exited;
    assert.equal(result.code, 0, result.stderr);
  }
  assert.equal(bytes(), before, 'the database file changed');
  // Reading a WAL database makes an empty log beside it (SQLite's shared-memory scheme); nothing is written into it.
  assert.equal(statSync(`${dbPath}-wal`, { throwIfNoEntry: false })?.size ?? 0, 0, 'the write-ahead log holds writes');

  // No database yet: an empty one is answered from memory, and no file is made.
  const missing = join(dir, 'none', 'fluke.db');
  const empty = rawServe(missing, ['--read-only']);
  try {
    empty.send(empty.request(1, 'runs/list', {}));
    assert.deepEqual((await empty.answer(1)).result, []);
  } finally {
    empty.close();
    assert.equal((await empty.exited).code, 0);
  }
  assert.ok(!existsSync(join(dir, 'none')), 'a read-only serve created the database');
  rmSync(dir, { recursive: true, force: true });
});
