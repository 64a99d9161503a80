import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cliPath, ensureCliBuilt } from '../../../test/cli/bundledFluke';
import { readExperimentText } from '../../experiment';
import { runDemo, templatesDir } from './demo';

test('fluke demo --quick generates the data, writes the K=1/K=4 experiment, trains both through fluke train and tabulates them', async () => {
  ensureCliBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'fluke-demo-'));
  try {
    let output = '';
    const options = {
      dbPath: join(dir, '.fluke', 'fluke.db'),
      dataDir: join(dir, '.fluke', 'demo-data'),
      experimentsDir: join(dir, 'experiments'),
      quick: true,
      cliEntry: cliPath,
      write: (text: string) => {
        output += text;
      },
    };
    const runs = await runDemo(options);
    assert.ok(existsSync(join(options.dataDir, 'train.csv')));
    const experiment = JSON.parse(readFileSync(join(options.experimentsDir, 'whale-demo-quick.experiment.json'), 'utf8'));
    assert.deepEqual(experiment.grid, { 'method.clusters': [1, 4] });
    assert.equal(experiment.data.path, '../.fluke/demo-data');

    assert.deepEqual(runs.map((run) => [run.name, run.status]), [['whale-demo-quick clusters=1', 'completed'], ['whale-demo-quick clusters=4', 'completed']]);
    for (const run of runs) assert.ok(run.recallAt1 !== null && run.recallAt1 >= 0 && run.recallAt1 <= 1);
    assert.match(output, /epoch 2\/2 {2}loss/);
    assert.match(output, /run +name +status +recall@1 +best recall@1 +MAP@5/);
    assert.match(output, /whale-demo-quick clusters=4 +completed +\d\.\d{3}/);
    // The verdict says which way it went, with both numbers, whichever it was.
    const [baseline, divided] = runs as [(typeof runs)[0], (typeof runs)[0]];
    const difference = divided.recallAt1! - baseline.recallAt1!;
    const outcome = difference > 0 ? 'beats' : difference < 0 ? 'does not beat' : 'ties';
    assert.ok(
      output.includes(`Divide and conquer (K=4) ${outcome} the K=1 baseline here: recall@1 ${divided.recallAt1!.toFixed(3)} against ${baseline.recallAt1!.toFixed(3)}`),
      output,
    );

    // What the table shows is what the database holds.
    const db = new Database(options.dbPath, { readonly: true });
    const stored = db.prepare('SELECT id, status FROM runs ORDER BY id').all() as Array<{ id: number; status: string }>;
    db.close();
    assert.deepEqual(stored.map((row) => [row.id, row.status]), runs.map((run) => [run.runId, 'completed']));

  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every shipped template is a valid experiment file (only a missing dataset folder may be reported)', () => {
  const files = readdirSync(templatesDir()).filter((file) => file.endsWith('.experiment.json'));
  assert.ok(files.includes('whale-demo.experiment.json') && files.includes('fashion-mnist.experiment.json'));
  for (const file of files) {
    const path = join(templatesDir(), file);
    const read = readExperimentText(readFileSync(path, 'utf8'), path);
    const errors = read.diagnostics.filter((d) => d.severity === 'error' && d.path !== '/data/path');
    assert.deepEqual(errors, [], file);
    assert.equal(read.runs.length > 0 || read.diagnostics.some((d) => d.path === '/data/path'), true, file);
  }
});
