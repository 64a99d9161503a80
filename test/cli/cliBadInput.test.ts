import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNpy } from '../../src/data/npy';
import { ensureCliBuilt, runFluke } from './bundledFluke';
import { commands } from '../../src/cli/commands';
import { CliUsageError } from '../../src/cli/cliErrors';

const dir = mkdtempSync(join(tmpdir(), 'fluke-cli-bad-'));
const db = join(dir, 'none', 'fluke.db');
test.before(() => ensureCliBuilt());
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('every subcommand answers --help and rejects an unknown flag naming it; the entry point exits 2 for both kinds of misuse', async () => {
  const write = process.stdout.write;
  for (const [name, command] of Object.entries(commands)) {
    let help = '';
    process.stdout.write = ((chunk: string | Uint8Array) => {
      help += String(chunk);
      return true;
    }) as typeof process.stdout.write;
    try {
      assert.equal(await command.run(['--help']), 0, name);
    } finally {
      process.stdout.write = write;
    }
    assert.match(help, /usage: fluke/, name);
    await assert.rejects(command.run(name === 'data' ? ['generate', '--frobnicate'] : ['--frobnicate']), (error: unknown) => error instanceof CliUsageError && /unknown flag --frobnicate/.test(error.message), name);
  }
  const [flag, command] = await Promise.all([runFluke(['runs', '--frobnicate', '--db', db]), runFluke(['trian'])]);
  assert.equal(flag.code, 2);
  assert.match(flag.stderr, /unknown flag --frobnicate/);
  assert.equal(command.code, 2);
  assert.match(command.stderr, /unknown command "trian"/);
});

test('fluke train names the file, the line and the field of a bad experiment, and creates no database', async () => {
  const malformed = join(dir, 'malformed.experiment.json');
  writeFileSync(malformed, '{\n  "epochs": 3\n  "name": "x"\n}\n');
  const schema = join(dir, 'schema.experiment.json');
  writeFileSync(schema, '{\n  "data": {"path": "."},\n  "optimizer": {"learningRate": -1}\n}\n');
  const valid = join(dir, 'valid.experiment.json');
  writeFileSync(valid, JSON.stringify({ data: { path: '.' }, grid: { 'method.clusters': [1, 2] } }));
  const [missing, syntax, field, gridIndex, resume, backend] = await Promise.all([
    runFluke(['train', join(dir, 'absent.experiment.json'), '--db', db]),
    runFluke(['train', malformed, '--db', db]),
    runFluke(['train', schema, '--db', db]),
    runFluke(['train', valid, '--db', db, '--grid-index', '2']),
    runFluke(['train', '--resume', 'abc', '--db', db]),
    runFluke(['train', valid, '--db', db, '--backend', 'gpu']),
  ]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /absent\.experiment\.json.*no such file/);
  assert.equal(syntax.code, 1);
  assert.match(syntax.stderr, new RegExp(`${malformed.replace(/[.]/g, '\\.')}:3:3: error: invalid JSON: comma expected`));
  assert.equal(field.code, 1);
  assert.match(field.stderr, /schema\.experiment\.json:3:33: error at \/optimizer\/learningRate: must be > 0/);
  assert.equal(gridIndex.code, 2);
  assert.match(gridIndex.stderr, /--grid-index must be an integer in \[0, 1\], got "2"/);
  assert.equal(resume.code, 2);
  assert.match(resume.stderr, /RUN must be a run id/);
  assert.equal(backend.code, 2);
  assert.match(backend.stderr, /--backend gpu: not a backend \(one of auto, tensorflow-gpu, tensorflow, wasm, cpu\)/);
  for (const result of [missing, syntax, field, resume]) assert.equal(result.stdout, '', 'nothing on stdout but trainer events');
  const runs = await runFluke(['runs', '--db', db]);
  assert.equal(runs.code, 1);
  assert.match(runs.stderr, /no database at .*none\/fluke\.db/);
});

test('fluke metrics rejects bad .npy files and mismatched labels, naming the flag and file', async () => {
  const embeddings = join(dir, 'e.npy');
  writeNpy(embeddings, [4, 2], new Float32Array([0, 0, 0, 1, 5, 5, 5, 6]));
  const notNpy = join(dir, 'garbage.npy');
  writeFileSync(notNpy, 'not numpy');
  const threeD = join(dir, 'three.npy');
  writeNpy(threeD, [2, 2, 2], new Float32Array(8));
  const labels = join(dir, 'labels.txt');
  writeFileSync(labels, 'a\na\nb\n');
  const [garbage, shape, count, missingLabels, badRecall] = await Promise.all([
    runFluke(['metrics', '--embeddings', notNpy, '--labels', labels]),
    runFluke(['metrics', '--embeddings', threeD, '--labels', labels]),
    runFluke(['metrics', '--embeddings', embeddings, '--labels', labels]),
    runFluke(['metrics', '--embeddings', embeddings]),
    runFluke(['metrics', '--embeddings', embeddings, '--labels', labels, '--recall', '1,x']),
  ]);
  assert.equal(garbage.code, 1);
  assert.match(garbage.stderr, /--embeddings .*garbage\.npy: not a \.npy file/);
  assert.equal(shape.code, 1);
  assert.match(shape.stderr, /expected a 2-D array \[N, D\], got shape \(2, 2, 2\)/);
  assert.equal(count.code, 1);
  assert.match(count.stderr, /--labels .*labels\.txt has 3 labels for 4 embeddings/);
  assert.equal(missingLabels.code, 2);
  assert.match(missingLabels.stderr, /--labels L is required/);
  assert.equal(badRecall.code, 2);
  assert.match(badRecall.stderr, /--recall/);
});

test('fluke metrics computes recall@K from .npy embeddings and text labels', async () => {
  // Two tight pairs far apart, and one item whose nearest neighbour is of another identity.
  const embeddings = join(dir, 'pairs.npy');
  writeNpy(embeddings, [5, 2], new Float32Array([0, 0, 0, 0.1, 10, 10, 10, 10.1, 0, 0.3]));
  const labels = join(dir, 'pairs.txt');
  writeFileSync(labels, 'a\na\nb\nb\nb\n');
  const result = await runFluke(['metrics', '--embeddings', embeddings, '--labels', labels, '--recall', '1,2', '--map-at-r', '--json']);
  assert.equal(result.code, 0, result.stderr);
  const output = JSON.parse(result.stdout) as { count: number; recallAtK: Record<string, number>; mapAtR: number | null };
  assert.equal(output.count, 5);
  // Items 0, 1, 2, 3 find their identity first; item 4 (b, at (0, 0.3)) finds a's first, then b's only at rank 3.
  assert.equal(output.recallAtK['1'], 4 / 5);
  assert.equal(output.recallAtK['2'], 4 / 5);
  assert.equal(typeof output.mapAtR, 'number');

  // Queries 0 (a) and 4 (b) against the gallery 1 (a), 2 (b), 3 (b): 0 finds a first; 4 at (0, 0.3) finds a, then b.
  const mask = join(dir, 'mask.txt');
  writeFileSync(mask, '1\n0\n0\n0\n1\n');
  const split = await runFluke(['metrics', '--embeddings', embeddings, '--labels', labels, '--query-mask', mask, '--recall', '1,2', '--map5', '--json']);
  assert.equal(split.code, 0, split.stderr);
  const splitOutput = JSON.parse(split.stdout) as { queries: number; recallAtK: Record<string, number>; map5: number };
  assert.equal(splitOutput.queries, 2);
  assert.deepEqual(splitOutput.recallAtK, { '1': 0.5, '2': 1 });
  assert.equal(splitOutput.map5, (1 + 1 / 2) / 2);
  const badMask = join(dir, 'badmask.txt');
  writeFileSync(badMask, '1\n0\nyes\n0\n1\n');
  const rejected = await runFluke(['metrics', '--embeddings', embeddings, '--labels', labels, '--query-mask', badMask]);
  assert.equal(rejected.code, 1);
  assert.match(rejected.stderr, /badmask\.txt:3: expected 0 or 1, got "yes"/);
});

test('fluke show and export reject a missing run and a bad format; the data folder check names the path', async () => {
  const workspace = join(dir, 'ws');
  mkdirSync(workspace);
  const experiment = join(workspace, 'x.experiment.json');
  writeFileSync(experiment, JSON.stringify({ data: { path: 'no-data-here' } }));
  const [train, format, show] = await Promise.all([
    runFluke(['train', experiment, '--db', db]),
    runFluke(['export', '1', '--format', 'xml', '--db', db]),
    runFluke(['show', 'one', '--db', db]),
  ]);
  assert.equal(train.code, 1);
  assert.match(train.stderr, /x\.experiment\.json:1:17: error at \/data\/path: dataset path .*no-data-here does not exist/);
  assert.equal(format.code, 2);
  assert.match(format.stderr, /--format must be csv or json, got "xml"/);
  assert.equal(show.code, 2);
  assert.match(show.stderr, /RUN must be a run id/);
});
