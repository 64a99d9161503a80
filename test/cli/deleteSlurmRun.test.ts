/**
 * Delete Run of a run trained on Slurm, through the real `fluke serve` as the extension asks it:
 * the job's task folder (its log and its checkpoints, the largest thing the run left) goes, and
 * the job array's folder with its last task.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { readExperimentText } from '../../src/experiment/readExperimentText';
import * as rpc from '../../src/protocol/rpc';
import { registerRunLog } from '../../src/scheduler/ingest/ingestRunLog';
import { claimSubmissionFolder, taskFolder } from '../../src/scheduler/slurm/submissionFolder';
import { ensureExperiment } from '../../src/store/experiments';
import { closeStore, openStore } from '../../src/store/openStore';
import { createRun, markRunEnded } from '../../src/store/runs';
import { ensureCliBuilt, finished, startFluke } from './bundledFluke';

test("Delete Run of a Slurm run removes its task folder with the checkpoints, and the job array's folder with its last task", async () => {
  ensureCliBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'fluke-delete-slurm-'));
  const db = join(dir, 'fluke.db');
  try {
    const store = openStore(db);
    const experimentPath = join(dir, 'x.experiment.json');
    const config = readExperimentText(JSON.stringify({ name: 'x', data: { path: '.' } }), experimentPath).runs[0]!.config;
    const experiment = ensureExperiment(store, experimentPath, 'x');
    const runs = [0, 1].map((index) => createRun(store, { experimentId: experiment.id, name: `run ${index}`, config, gridValues: {}, pid: null, host: null, processIdentity: null }));
    const submission = claimSubmissionFolder(store, runs[0]!.id);
    const checkpoints = runs.map((run, taskIndex) => {
      const task = taskFolder(submission, taskIndex);
      mkdirSync(join(task, 'checkpoints'), { recursive: true });
      writeFileSync(join(task, 'events.jsonl'), '');
      writeFileSync(join(task, 'checkpoints', `run-${run.id}-epoch-1.ckpt`), 'weights');
      registerRunLog(store, run.id, join(task, 'events.jsonl'));
      markRunEnded(store, run.id, 'completed', null);
      return join(task, 'checkpoints', `run-${run.id}-epoch-1.ckpt`);
    });
    closeStore(store);

    const serve = startFluke(['serve', '--db', db]);
    const served = finished(serve);
    const connection = createMessageConnection(new StreamMessageReader(serve.stdout!), new StreamMessageWriter(serve.stdin!));
    connection.listen();
    assert.deepEqual(await connection.sendRequest(rpc.deleteRun, { runId: runs[0]!.id }), { deleted: true });
    assert.equal(existsSync(taskFolder(submission, 0)), false, "the deleted run's task folder is gone");
    assert.ok(existsSync(checkpoints[1]!), "the other run's checkpoint is kept");
    assert.deepEqual(await connection.sendRequest(rpc.deleteRun, { runId: runs[1]!.id }), { deleted: true });
    assert.equal(existsSync(submission), false, 'the job array folder went with its last task');
    connection.dispose();
    serve.stdin!.end();
    assert.equal((await served).code, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
