import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readExperimentText } from '../experiment/readExperimentText';
import { closeStore, openStore } from './openStore';
import { ensureExperiment } from './experiments';
import { heartbeatStaleMs, reconcileRuns } from './reconcileRuns';
import { createRun, getRun, markRunRunning, touchRunHeartbeats } from './runs';

test('a run of another host is crashed only once its heartbeat is stale, and a heartbeat keeps it alive', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluke-heartbeat-'));
  const store = openStore(join(dir, 'fluke.db'));
  try {
    const config = readExperimentText('{"data": {"path": "/"}}', '/tmp/h.experiment.json').runs[0]!.config;
    const experiment = ensureExperiment(store, '/tmp/h.experiment.json', 'h');
    const node = { pid: 4242, host: 'gpu-node-7', processIdentity: 'boot:1' };
    const running = createRun(store, { experimentId: experiment.id, name: 'running', config, gridValues: {}, ...node });
    markRunRunning(store, running.id, { ...node, backend: 'tensorflow-gpu' });
    const queued = createRun(store, { experimentId: experiment.id, name: 'queued', config, gridValues: {}, ...node });
    const startedAt = Date.parse(getRun(store, running.id)!.startedAt!);

    assert.deepEqual(reconcileRuns(store, new Date(startedAt + heartbeatStaleMs - 1000)), [], 'a recent heartbeat: alive');
    assert.equal(getRun(store, running.id)!.status, 'running');

    touchRunHeartbeats(store, node.pid, node.host);
    const touchedAt = Date.now();
    assert.deepEqual(reconcileRuns(store, new Date(touchedAt + heartbeatStaleMs / 2)), []);

    const crashed = reconcileRuns(store, new Date(touchedAt + heartbeatStaleMs + 60_000));
    assert.deepEqual(crashed.sort(), [running.id, queued.id].sort());
    const run = getRun(store, running.id)!;
    assert.equal(run.status, 'crashed');
    assert.match(run.error ?? '', /no sign of life from the training process \(pid 4242 on gpu-node-7\)/);
  } finally {
    closeStore(store);
    rmSync(dir, { recursive: true, force: true });
  }
});
