import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunRecord, RunStatus } from '../../protocol/records';
import { planReattach } from './reattachPlan';

function run(id: number, status: RunStatus, pid: number | null, host: string | null): RunRecord {
  return {
    id, experimentId: 1, experimentPath: '/w/a.experiment.json', name: `run ${id}`,
    config: {} as RunRecord['config'], gridValues: {}, status, pid, host, backend: 'wasm', seed: 1,
    epochs: 10, lastEpoch: 3, bestRecallAt1: null, createdAt: '', startedAt: null, endedAt: null, error: null,
  };
}

test('follows live runs of this host, sends dead ones to reconcile, leaves other hosts alone', () => {
  const alive = new Set([100, 300]);
  const plan = planReattach(
    [
      run(1, 'running', 100, 'box'),
      run(2, 'running', 200, 'box'),
      run(3, 'running', 300, 'gpu-server'),
      run(4, 'completed', 100, 'box'),
      run(5, 'running', null, 'box'),
      run(6, 'running', 300, null),
    ],
    { hostname: 'box', isAlive: (pid) => alive.has(pid), logPathOf: (id) => (id === 1 ? '/w/.fluke/logs/run-1.log' : null) },
  );
  assert.deepEqual(plan.follow.map((entry) => [entry.run.id, entry.logPath]), [[1, '/w/.fluke/logs/run-1.log'], [6, null]]);
  assert.deepEqual(plan.crashed.map((entry) => entry.id), [2, 5]);
  assert.deepEqual(plan.elsewhere.map((entry) => entry.id), [3]);
});
