import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maxGridRuns } from './expandGrid';
import { readExperimentText, validateExperimentText } from './readExperimentText';
import { loadExperimentFile } from './loadExperimentFile';
import { ExperimentFileError } from './experimentDiagnostic';

const dir = mkdtempSync(join(tmpdir(), 'fluke-experiment-'));
mkdirSync(join(dir, 'flukes'));
const filePath = join(dir, 'whales.experiment.json');
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('an almost empty file gets every default and the file name as its name', () => {
  const result = readExperimentText('{"data": {"path": "flukes"}}', filePath);
  assert.deepEqual(result.diagnostics, []);
  assert.equal(result.runs.length, 1);
  const config = result.runs[0]!.config;
  assert.equal(config.name, 'whales');
  assert.equal(config.loss.margin, 0.2);
  assert.equal(config.loss.beta, 1.2);
  assert.equal(config.sampling.miner, 'distance-weighted');
  assert.deepEqual(config.evaluation.recallAt, [1, 2, 4, 8]);
  assert.equal(config.data.imageHeight * 2, config.data.imageWidth);
  assert.equal(config.data.augmentation.horizontalFlip, false);
  assert.equal(config.runtime.backend, 'auto');
});

test('a grid expands to the cross product with readable run names', () => {
  const text = JSON.stringify({ name: 'sweep', data: { path: 'flukes' }, grid: { 'method.clusters': [1, 2, 4], 'loss.type': ['margin', 'triplet'] } });
  const result = readExperimentText(text, filePath);
  assert.deepEqual(result.diagnostics, []);
  assert.equal(result.runs.length, 6);
  assert.equal(result.runs[5]!.name, 'sweep clusters=4 type=triplet');
  assert.deepEqual(result.runs[5]!.gridValues, { 'method.clusters': 4, 'loss.type': 'triplet' });
  assert.equal(result.runs[5]!.config.method.clusters, 4);
  assert.equal(result.runs[0]!.config.method.clusters, 1);
});

test('malformed JSON is reported with its line and column', () => {
  const diagnostics = validateExperimentText('{\n  "epochs": 3,\n  "name": "x",,\n}', filePath);
  assert.ok(diagnostics.length > 0);
  assert.equal(diagnostics[0]!.severity, 'error');
  assert.equal(diagnostics[0]!.line, 3);
  assert.match(diagnostics[0]!.message, /invalid JSON/);
});

test('a schema error names the JSON path and points at the value', () => {
  const text = '{\n  "data": {"path": "flukes"},\n  "method": {\n    "clusters": "four"\n  }\n}';
  const diagnostics = validateExperimentText(text, filePath);
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0]!.path, '/method/clusters');
  assert.match(diagnostics[0]!.message, /integer/);
  assert.equal(diagnostics[0]!.line, 4);
  assert.equal(diagnostics[0]!.column, 17);
});

test('an unknown field and an unknown enum value are both reported', () => {
  const text = JSON.stringify({ data: { path: 'flukes' }, sampling: { minr: 'hard' }, runtime: { backend: 'tpu' } });
  const diagnostics = validateExperimentText(text, filePath);
  const byPath = new Map(diagnostics.map((d) => [d.path, d.message]));
  assert.match(byPath.get('/sampling/minr') ?? '', /unknown field "minr"/);
  assert.match(byPath.get('/runtime/backend') ?? '', /"wasm"/);
});

test('semantic checks: missing dataset, clusters vs embedding size, finetune after the end, tiny batches', () => {
  const text = JSON.stringify({
    data: { path: 'no-such-folder' },
    model: { embeddingSize: 100 },
    method: { clusters: 3, finetuneEpoch: 50 },
    epochs: 10,
    sampling: { classesPerBatch: 1 },
  });
  const diagnostics = validateExperimentText(text, filePath);
  const find = (path: string) => diagnostics.find((d) => d.path === path);
  assert.equal(find('/data/path')?.severity, 'error');
  assert.match(find('/data/path')!.message, /no-such-folder/);
  assert.equal(find('/model/embeddingSize')?.severity, 'warning');
  assert.equal(find('/method/finetuneEpoch')?.severity, 'warning');
  assert.equal(find('/sampling/classesPerBatch')?.severity, 'error');
});

test('selectBy must name a metric the evaluation computes', () => {
  const diagnosticsFor = (evaluation: object) =>
    validateExperimentText(JSON.stringify({ data: { path: 'flukes' }, evaluation }), filePath).filter((d) => d.path === '/evaluation/selectBy');
  assert.equal(diagnosticsFor({ selectBy: 'recall@16', recallAt: [1, 2, 4] })[0]?.severity, 'error');
  assert.equal(diagnosticsFor({ selectBy: 'nmi', nmi: false })[0]?.severity, 'error');
  assert.deepEqual(diagnosticsFor({ selectBy: 'recall@4', recallAt: [1, 2, 4] }), []);
  assert.deepEqual(diagnosticsFor({}), []);
});

test('divide and conquer defaults: the auto schedule, k-means as the reference, batch norm re-estimated; an empty slice phase is flagged', () => {
  const [run] = readExperimentText(JSON.stringify({ data: { path: 'flukes' }, method: { clusters: 4 } }), filePath).runs;
  const { method } = run!.config;
  assert.deepEqual([method.divideFromEpoch, method.fullEmbeddingEpoch, method.finetuneEpoch], ['auto', 'auto', 'auto']);
  assert.deepEqual([method.kmeansRestarts, method.kmeansMaxIterations, method.clusterAssignment, method.batchNorm], [5, 100, 'kmeans', 'reestimate-mixed']);
  const empty = validateExperimentText(JSON.stringify({ data: { path: 'flukes' }, method: { clusters: 4, divideFromEpoch: 6, fullEmbeddingEpoch: 6 }, epochs: 10 }), filePath);
  assert.match(empty.find((d) => d.path === '/method/divideFromEpoch')?.message ?? '', /no epoch trains the 4 slices/);
  const fine = validateExperimentText(JSON.stringify({ data: { path: 'flukes' }, method: { clusters: 4, divideFromEpoch: 5, fullEmbeddingEpoch: 6 }, epochs: 10 }), filePath);
  assert.equal(fine.some((d) => d.path === '/method/divideFromEpoch'), false);
});

test('grid problems point into the grid', () => {
  const unknownPath = validateExperimentText(JSON.stringify({ data: { path: 'flukes' }, grid: { 'method.klusters': [1, 2] } }), filePath);
  assert.equal(unknownPath[0]?.path, '/grid/method.klusters');
  const badValue = validateExperimentText(JSON.stringify({ data: { path: 'flukes' }, grid: { 'method.clusters': [2, 'many'] } }), filePath);
  assert.equal(badValue[0]?.path, '/grid/method.clusters');
  assert.match(badValue[0]!.message, /clusters=many/);
  const semantic = validateExperimentText(JSON.stringify({ data: { path: 'flukes' }, model: { embeddingSize: 4 }, grid: { 'method.clusters': [2, 8] } }), filePath);
  assert.equal(semantic[0]?.path, '/grid/method.clusters');
  assert.equal(semantic[0]?.severity, 'error');
});

test('loadExperimentFile throws naming the file and field, and loads a good file', () => {
  const bad = join(dir, 'bad.experiment.json');
  writeFileSync(bad, '{\n  "epochs": 0\n}\n');
  assert.throws(
    () => loadExperimentFile(bad),
    (error: unknown) => error instanceof ExperimentFileError && error.message.includes(`${bad}:2:13`) && error.message.includes('/epochs'),
  );
  assert.throws(() => loadExperimentFile(join(dir, 'missing.experiment.json')), /missing\.experiment\.json.*no such file/);
  const good = join(dir, 'good.experiment.json');
  writeFileSync(good, JSON.stringify({ data: { path: 'flukes' }, grid: { 'method.clusters': [1, 2] } }));
  const loaded = loadExperimentFile(good);
  assert.equal(loaded.runs.length, 2);
  assert.equal(loaded.runs[1]!.name, 'good clusters=2');
});

test('a grid over maxGridRuns is one error at grid, counted without expanding (the 672-byte 5 x 40 file)', () => {
  const values = Array.from({ length: 40 }, (_, i) => i + 1);
  const keys = ['method.clusters', 'epochs', 'method.reclusterEvery', 'sampling.classesPerBatch', 'sampling.imagesPerClass'];
  const text = JSON.stringify({ data: { path: 'flukes' }, grid: Object.fromEntries(keys.map((key) => [key, values])) });
  const result = readExperimentText(text, filePath);
  assert.deepEqual(result.runs, []);
  assert.deepEqual(result.diagnostics.map((d) => [d.path, d.severity]), [['/grid', 'error']]);
  assert.match(result.diagnostics[0]!.message, /^grid makes 102,400,000 runs \(method\.clusters: 40 x epochs: 40 x .*\); at most 1000 runs per experiment file/);
  assert.equal(result.diagnostics[0]!.line, 1);
  const atCap = readExperimentText(JSON.stringify({ data: { path: 'flukes' }, grid: { 'method.reclusterEvery': Array.from({ length: maxGridRuns }, (_, i) => i + 1) } }), filePath);
  assert.equal(atCap.runs.length, maxGridRuns);
});

test('limits that would end in a stack trace are messages naming the field: nesting, blocksPerStage, image size', () => {
  const deep = readExperimentText(`{"name": "deep",\n "x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`, filePath);
  assert.equal(deep.diagnostics.length, 1);
  assert.match(deep.diagnostics[0]!.message, /nests more than 64 levels deep/);
  assert.deepEqual([deep.diagnostics[0]!.line, deep.diagnostics[0]!.column], [2, 70]);
  const deepObjects = readExperimentText(`{"x": ${'{"a": '.repeat(5000)}1${'}'.repeat(5000)}}`, filePath);
  assert.match(deepObjects.diagnostics[0]!.message, /nests more than 64 levels deep/);
  assert.equal(readExperimentText(`{"name": "${'['.repeat(500)}", "data": {"path": "flukes"}}`, filePath).diagnostics.length, 0, 'brackets inside strings do not count');

  const blocks = readExperimentText(JSON.stringify({ data: { path: 'flukes' }, model: { blocksPerStage: [1000] } }), filePath);
  assert.deepEqual(blocks.diagnostics.map((d) => d.path), ['/model/blocksPerStage/0']);

  const onWasm = (imageHeight: number, imageWidth: number, backend = 'wasm') =>
    readExperimentText(JSON.stringify({ data: { path: 'flukes', imageHeight, imageWidth }, runtime: { backend } }), filePath).diagnostics;
  const huge = onWasm(1024, 2048);
  assert.deepEqual(huge.map((d) => [d.path, d.severity]), [['/data/imageHeight', 'error']]);
  assert.match(huge[0]!.message, /data\.imageHeight x data\.imageWidth 1024x2048 is too large for the wasm backend: one batch's first feature map would take 4096 MiB, over the 160 MiB/);
  assert.deepEqual(onWasm(1024, 2048, 'auto').map((d) => [d.path, d.severity]), [['/data/imageHeight', 'warning']]);
  assert.deepEqual(onWasm(1024, 2048, 'tensorflow'), []);
  assert.deepEqual(onWasm(192, 384), [], '192x384 (a 144 MiB map) trains on wasm');
  assert.equal(onWasm(256, 512)[0]?.severity, 'error', '256x512 (a 256 MiB map) ends in "memory access out of bounds" on wasm');
});
