import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planExperimentLaunch } from './launchPlan';

function withExperimentFolder(run: (folder: string) => void) {
  return () => {
    const folder = mkdtempSync(join(tmpdir(), 'fluke-plan-'));
    try {
      mkdirSync(join(folder, 'data'));
      run(folder);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  };
}

test(
  'a grid becomes one launch per combination with its grid index, in the order fluke train expands it',
  withExperimentFolder((folder) => {
    const path = join(folder, 'sweep.experiment.json');
    const text = JSON.stringify({ name: 'whale', data: { path: 'data' }, model: { embeddingSize: 64 }, grid: { 'method.clusters': [1, 2, 4], 'optimizer.learningRate': [0.001, 0.01] } });
    const plan = planExperimentLaunch(text, path);
    assert.deepEqual(plan.errors, []);
    assert.equal(plan.hasGrid, true);
    assert.deepEqual(plan.requests.map((r) => r.gridIndex), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(plan.requests.slice(0, 2).map((r) => r.label), ['whale clusters=1 learningRate=0.001', 'whale clusters=1 learningRate=0.01']);
    assert.ok(plan.requests.every((r) => r.experimentPath === path && r.resumeRunId === null));
  }),
);

test(
  'a file without grid is one launch without grid index; a file with errors none, with the errors located',
  withExperimentFolder((folder) => {
    const single = planExperimentLaunch(JSON.stringify({ data: { path: 'data' } }), join(folder, 'base.experiment.json'));
    assert.deepEqual(single.requests, [{ experimentPath: join(folder, 'base.experiment.json'), label: 'base', gridIndex: null, resumeRunId: null }]);
    const broken = planExperimentLaunch('{\n  "data": { "path": "missing" }\n}', join(folder, 'broken.experiment.json'));
    assert.deepEqual(broken.requests, []);
    assert.equal(broken.errors.length, 1);
    assert.match(broken.errors[0]!, /broken\.experiment\.json:2:\d+: error at \/data\/path: dataset path .*missing does not exist/);
  }),
);
