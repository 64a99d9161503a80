import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readExperimentText } from './readExperimentText';

const dir = mkdtempSync(join(tmpdir(), 'fluke-target-'));
mkdirSync(join(dir, 'flukes'));
const filePath = join(dir, 'whales.experiment.json');
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('without a target the runs are local, and the target is not part of the run config', () => {
  const result = readExperimentText('{"data": {"path": "flukes"}}', filePath);
  assert.equal(result.target?.kind, 'local');
  assert.equal('target' in result.runs[0]!.config, false);
});

test('a slurm target gets every default', () => {
  const result = readExperimentText('{"data": {"path": "flukes"}, "target": {"kind": "slurm", "partition": "gpu", "gpus": 1, "time": "2:00:00"}}', filePath);
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(result.target, {
    kind: 'slurm',
    partition: 'gpu',
    gpus: 1,
    cpus: 2,
    memory: null,
    time: '2:00:00',
    account: null,
    qos: null,
    sbatchArgs: [],
    setup: null,
    stopBeforeTimeLimitSeconds: 60,
    requeueAtTimeLimit: false,
  });
});

test('a time limit or memory Slurm would not take is an error at its field', () => {
  const text = '{"data": {"path": "flukes"}, "target": {"kind": "slurm", "time": "2 hours", "memory": "16 GB"}}';
  const result = readExperimentText(text, filePath);
  assert.deepEqual(result.diagnostics.map((d) => d.path).sort(), ['/target/memory', '/target/time']);
  assert.equal(result.target, null);
  assert.equal(result.diagnostics.find((d) => d.path === '/target/time')!.line, 1);
});
