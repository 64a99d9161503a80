import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunRecord } from '../../protocol/records';
import type { ActiveRun } from '../runs/runManager';
import { groupExperiments } from './experimentGroups';

function run(id: number, experimentPath: string): RunRecord {
  return {
    id, experimentId: 1, experimentPath, name: `r${id}`, config: {} as RunRecord['config'], gridValues: {}, status: 'completed',
    pid: null, host: null, backend: null, seed: 1, epochs: 2, lastEpoch: 2, bestRecallAt1: null, createdAt: '', startedAt: null, endedAt: null, error: null,
  };
}

function active(key: string, experimentPath: string, state: ActiveRun['state'], runId: number | null): ActiveRun {
  return { key, label: key, experimentPath, state, runId, pid: null, epoch: null, epochs: null, logPath: null };
}

test('files, runs of deleted files and runs about to start are grouped by experiment', () => {
  const files = new Map([
    ['/w/b.experiment.json', { gridRuns: 4 }],
    ['/w/a.experiment.json', { gridRuns: 0 }],
  ]);
  const groups = groupExperiments(
    files,
    [run(3, '/w/b.experiment.json'), run(2, '/w/gone.experiment.json'), run(1, '/w/b.experiment.json')],
    [
      active('launch-1', '/w/b.experiment.json', 'running', 3),
      active('launch-2', '/w/b.experiment.json', 'starting', null),
      active('launch-3', '/w/a.experiment.json', 'queued', null),
      active('launch-4', '/w/b.experiment.json', 'queued', null),
    ],
  );
  assert.deepEqual(
    groups.map((group) => [group.experimentPath, group.exists, group.gridRuns, group.pending.map((row) => `${row.key}:${row.state}:${row.position}`), group.runs.map((r) => r.id)]),
    [
      ['/w/a.experiment.json', true, 0, ['launch-3:queued:1'], []],
      ['/w/b.experiment.json', true, 4, ['launch-2:starting:null', 'launch-4:queued:2'], [3, 1]],
      ['/w/gone.experiment.json', false, 0, [], [2]],
    ],
  );
});

test('a running run the store does not list yet stays pending until it does', () => {
  const files = new Map([['/w/a.experiment.json', { gridRuns: 0 }]]);
  const before = groupExperiments(files, [], [active('launch-1', '/w/a.experiment.json', 'running', 7)]);
  assert.deepEqual(before[0]!.pending.map((row) => row.state), ['starting']);
  const after = groupExperiments(files, [run(7, '/w/a.experiment.json')], [active('launch-1', '/w/a.experiment.json', 'running', 7)]);
  assert.deepEqual([after[0]!.pending, after[0]!.runs.map((r) => r.id)], [[], [7]]);
});
