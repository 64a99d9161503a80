/**
 * Malformed experiment files, one per row: each is refused with a message that names the file,
 * the line and the field, and the fragment given here; never a stack trace. A few go through
 * the real `fluke train` too, against a database that already holds a run: exit status 1 and
 * the database untouched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExperimentFileError } from '../../src/experiment/experimentDiagnostic';
import { loadExperimentFile } from '../../src/experiment/loadExperimentFile';
import { closeStore, openStore } from '../../src/store/openStore';
import { ensureExperiment } from '../../src/store/experiments';
import { createRun, listRuns } from '../../src/store/runs';
import { readExperimentText } from '../../src/experiment/readExperimentText';
import { ensureCliBuilt, runFluke } from '../cli/bundledFluke';

const gridOf100MillionRuns = JSON.stringify({
  data: { path: 'flukes' },
  grid: Object.fromEntries(
    ['method.clusters', 'epochs', 'method.reclusterEvery', 'sampling.classesPerBatch', 'sampling.imagesPerClass'].map((key) => [key, Array.from({ length: 40 }, (_, i) => i + 1)]),
  ),
});

/** [what is wrong, file text (a valid data.path is added to objects that lack one), line:column and fragment expected]. */
const cases: Array<[string, string, RegExp]> = [
  ['empty file', '', /:1:1: error: invalid JSON: value expected/],
  ['only whitespace', '   \n  ', /:2:3: error: invalid JSON: value expected/],
  ['a JSON array', '[1, 2]', /:1:1: error: an experiment file must hold a JSON object/],
  ['a JSON string', '"whale"', /:1:1: error: an experiment file must hold a JSON object/],
  ['null', 'null', /:1:1: error: an experiment file must hold a JSON object/],
  ['trailing comma', '{"name": "x",}', /:1:\d+: error: invalid JSON: property name expected/],
  ['comment', '{"name": "x" // note\n}', /:1:\d+: error: invalid JSON: comments are not allowed in JSON/],
  ['unterminated string', '{"name": "x}', /error: invalid JSON: unterminated string/],
  ['unclosed object', '{"name": "x"', /error: invalid JSON: closing brace } expected/],
  ['text after the object', '{"name": "x"} {}', /error: invalid JSON: end of file expected/],
  ['single quotes', "{'name': 'x'}", /error: invalid JSON: invalid symbol/],
  ['NaN literal', '{"epochs": NaN}', /error: invalid JSON: invalid symbol/],
  ['a control character', '{"name": \u0000}', /error: invalid JSON: invalid symbol/],
  ['deeply nested arrays', `{"x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`, /:1:\d+: error: the JSON nests more than 64 levels deep/],
  ['deeply nested objects', `{"x": ${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`, /:1:\d+: error: the JSON nests more than 64 levels deep/],
  ['unknown top-level field', '{"epoch": 3}', /error at \/epoch: unknown field "epoch"/],
  ['unknown nested field', '{"model": {"depth": 3}}', /error at \/model\/depth: unknown field "depth"/],
  ['name not a string', '{"name": 42}', /error at \/name: must be string/],
  ['data not an object', '{"data": "flukes"}', /error at \/data: must be object/],
  ['unknown data format', '{"data": {"path": "flukes", "format": "coco"}}', /error at \/data\/format: must be one of "auto"/],
  ['image height too small', '{"data": {"path": "flukes", "imageHeight": 2}}', /error at \/data\/imageHeight: must be >= 8/],
  ['image width too large', '{"data": {"path": "flukes", "imageWidth": 100000}}', /error at \/data\/imageWidth: must be <= 2048/],
  ['images too large for wasm', '{"data": {"path": "flukes", "imageHeight": 1024, "imageWidth": 2048}, "runtime": {"backend": "wasm"}}', /error at \/data\/imageHeight: data\.imageHeight x data\.imageWidth 1024x2048 is too large for the wasm backend/],
  ['two channels', '{"data": {"path": "flukes", "channels": 2}}', /error at \/data\/channels: must be one of 1, 3/],
  ['empty trainIdentities', '{"data": {"path": "flukes", "trainIdentities": []}}', /error at \/data\/trainIdentities: trainIdentities is empty/],
  ['missing dataset', '{"data": {"path": "no-such-folder"}}', /error at \/data\/path: dataset path .*no-such-folder does not exist/],
  ['fractional epochs', '{"epochs": 2.5}', /error at \/epochs: must be integer/],
  ['negative epochs', '{"epochs": -1}', /error at \/epochs: must be >= 1/],
  ['epochs as a string', '{"epochs": "10"}', /error at \/epochs: must be integer/],
  ['epochs beyond a double', '{"epochs": 1e400}', /error at \/epochs: must be integer/],
  ['blocksPerStage [1000]', '{"model": {"blocksPerStage": [1000]}}', /error at \/model\/blocksPerStage\/0: must be <= 64/],
  ['no stages', '{"model": {"blocksPerStage": []}}', /error at \/model\/blocksPerStage: must NOT have fewer than 1 items/],
  ['width 0', '{"model": {"width": 0}}', /error at \/model\/width: must be >= 1/],
  ['unknown backbone', '{"model": {"backbone": "vit"}}', /error at \/model\/backbone: must be one of "resnet", "layers-model"/],
  ['layers-model without a path', '{"model": {"backbone": "layers-model"}}', /error at \/model\/layersModelPath: backbone "layers-model" needs layersModelPath/],
  ['more clusters than dimensions', '{"model": {"embeddingSize": 4}, "method": {"clusters": 8}}', /error at \/method\/clusters: 8 clusters need at least 8 embedding dimensions/],
  ['unknown loss', '{"loss": {"type": "arcface"}}', /error at \/loss\/type: must be one of "margin"/],
  ['negative margin', '{"loss": {"margin": -1}}', /error at \/loss\/margin: must be >= 0/],
  ['unknown miner', '{"sampling": {"miner": "smart"}}', /error at \/sampling\/miner: must be one of "distance-weighted"/],
  ['one class per batch', '{"sampling": {"classesPerBatch": 1}}', /error at \/sampling\/classesPerBatch: a batch needs at least 2 classes/],
  ['cutoffs crossed', '{"sampling": {"cutoff": 1.5, "nonzeroLossCutoff": 1.4}}', /error at \/sampling\/nonzeroLossCutoff: nonzeroLossCutoff \(1\.4\) must be above cutoff \(1\.5\)/],
  ['unknown backend', '{"runtime": {"backend": "tpu"}}', /error at \/runtime\/backend: must be one of "auto"/],
  ['negative seed', '{"runtime": {"seed": -5}}', /error at \/runtime\/seed: must be >= 0/],
  ['grid not an object', '{"grid": [1, 2]}', /error at \/grid: must be object/],
  ['grid value not a list', '{"grid": {"method.clusters": 4}}', /error at \/grid\/method\.clusters: must be array/],
  ['grid on an unknown field', '{"grid": {"method.klusters": [1, 2]}}', /error at \/grid\/method\.klusters: "method\.klusters" is not a config field a grid can vary/],
  ['grid value of the wrong type', '{"grid": {"method.clusters": [2, "many"]}}', /error at \/grid\/method\.clusters: must be integer \(grid run "clusters=many"\)/],
  ['grid of 100 million runs (5 keys x 40 values)', gridOf100MillionRuns, /error at \/grid: grid makes 102,400,000 runs .*at most 1000 runs per experiment file/],
  ['recall@0', '{"evaluation": {"recallAt": [0]}}', /error at \/evaluation\/recallAt\/0: must be >= 1/],
];

/** The file's text: a JSON object without data gets a dataset that exists, so only the intended fault is reported. */
function withDataset(text: string): string {
  return text.startsWith('{"') && !text.includes('"data"') ? text.replace(/^\{/, '{"data": {"path": "flukes"}, ') : text;
}

test(`${cases.length} malformed experiment files: each refused with a message naming the file, line and field`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-fault-experiments-'));
  mkdirSync(join(dir, 'flukes'));
  try {
    cases.forEach(([what, text, expected], index) => {
      const file = join(dir, `case-${index}.experiment.json`);
      writeFileSync(file, withDataset(text));
      assert.throws(
        () => loadExperimentFile(file),
        (error: unknown) => {
          assert.ok(error instanceof ExperimentFileError, `${what}: threw ${String(error)}`);
          assert.ok(error.message.startsWith(`${file}:`), `${what}: the message names the file: ${error.message}`);
          assert.match(error.message, expected, what);
          return true;
        },
        what,
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('fluke train on malformed files: exit 1, the message, no stack trace, and the database keeps what it held', async () => {
  ensureCliBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'fluke-fault-train-files-'));
  mkdirSync(join(dir, 'flukes'));
  const db = join(dir, '.fluke', 'fluke.db');
  const store = openStore(db);
  const experimentPath = join(dir, 'kept.experiment.json');
  const config = readExperimentText(withDataset('{"name": "kept"}'), experimentPath).runs[0]!.config;
  createRun(store, { experimentId: ensureExperiment(store, experimentPath, 'kept').id, name: 'kept', config, gridValues: {}, pid: null, host: null, processIdentity: null });
  closeStore(store);
  const throughCli = cases.filter(([what]) => /deeply nested arrays|100 million|too large for wasm|blocksPerStage|empty file/.test(what));
  try {
    for (const [what, text, expected] of throughCli) {
      const file = join(dir, `${what.replace(/\W+/g, '-')}.experiment.json`);
      writeFileSync(file, withDataset(text));
      const result = await runFluke(['train', file, '--db', db], { cwd: dir });
      assert.equal(result.code, 1, `${what}: ${result.stderr}`);
      assert.match(result.stderr, expected, what);
      assert.ok(result.stderr.includes(file), `${what}: names ${file}`);
      assert.doesNotMatch(result.stderr, /\n\s+at /, `${what}: no stack trace`);
      assert.equal(result.stdout, '', `${what}: no trainer event`);
    }
    const after = openStore(db);
    assert.deepEqual(listRuns(after).map((run) => [run.name, run.status]), [['kept', 'queued']]);
    closeStore(after);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('fluke train --backend wasm on images too large for it: the run fails with a message naming data.imageHeight, not a wasm crash', async () => {
  ensureCliBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'fluke-fault-wasm-size-'));
  mkdirSync(join(dir, 'flukes'));
  const file = join(dir, 'large.experiment.json');
  // runtime.backend auto: only a warning in the file; the trainer refuses once wasm is the backend.
  writeFileSync(file, JSON.stringify({ data: { path: 'flukes', imageHeight: 1024, imageWidth: 2048 } }));
  try {
    const result = await runFluke(['train', file, '--db', join(dir, 'fluke.db'), '--backend', 'wasm'], { cwd: dir });
    assert.equal(result.code, 1, result.stderr);
    const ended = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string; status?: string; error?: string }).find((event) => event.type === 'run-ended');
    assert.equal(ended?.status, 'failed');
    assert.match(ended?.error ?? '', /^data\.imageHeight x data\.imageWidth 1024x2048 is too large for the wasm backend/);
    assert.doesNotMatch(result.stderr, /memory access out of bounds/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
