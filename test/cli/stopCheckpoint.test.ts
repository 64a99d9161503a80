/**
 * A real `fluke train` stopped (SIGTERM) inside epoch 2: its mid-epoch checkpoint is recorded
 * beside epoch 1's end-of-epoch one, not in its place, and goes once the resumed run is past it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { closeStore, openStore } from '../../src/store/openStore';
import { listCheckpoints } from '../../src/store/runResults';
import { ensureCliBuilt, finished, runFluke, startFluke, waitForEvent } from './bundledFluke';
import { tinyWorkspace } from './tinyExperiment';

test("a stop inside epoch 2 keeps epoch 1's checkpoint as it was and records its own beside it; the resume drops the stop's", { timeout: 180_000 }, async () => {
  ensureCliBuilt();
  const workspace = await tinyWorkspace('fluke-stop-checkpoint-', { epochs: 3, sections: { sampling: { classesPerBatch: 2, imagesPerClass: 2, batchesPerEpoch: 40 } } });
  const rows = () => {
    const store = openStore(workspace.db);
    try {
      return listCheckpoints(store, 1).map((checkpoint) => ({ epoch: checkpoint.epoch, kind: checkpoint.kind, file: checkpoint.path.replace(/^.*\//, '') }));
    } finally {
      closeStore(store);
    }
  };
  try {
    const child = startFluke(['train', workspace.experiment, '--db', workspace.db], { cwd: workspace.dir });
    child.stdin!.end();
    const result = finished(child);
    await waitForEvent(child, (event) => event.type === 'checkpoint' && event.kind === 'epoch' && event.epoch === 1);
    child.kill('SIGTERM');
    const stopped = await result;
    assert.match(stopped.stdout, /"type":"checkpoint","runId":1,"epoch":1,"kind":"stop"/, stopped.stderr);
    const afterStop = rows();
    assert.deepEqual(afterStop.map((row) => [row.epoch, row.kind]), [[1, 'epoch'], [1, 'stop']]);
    assert.equal(afterStop[0]!.file, 'run-1-epoch-1.ckpt');
    assert.match(afterStop[1]!.file, /^run-1-epoch-2-batch-\d+\.ckpt$/);

    const resumed = await runFluke(['train', '--resume', '1', '--db', workspace.db], { cwd: workspace.dir });
    assert.equal(resumed.code, 0, resumed.stderr);
    const afterResume = rows();
    assert.ok(afterResume.every((row) => row.kind === 'epoch'), JSON.stringify(afterResume));
    assert.equal(afterResume.at(-1)!.epoch, 3);
    const stopStore = openStore(workspace.db);
    const dir = listCheckpoints(stopStore, 1)[0]!.path.replace(/\/[^/]*$/, '');
    closeStore(stopStore);
    assert.ok(!existsSync(`${dir}/${afterStop[1]!.file}`), "the stop's checkpoint file is deleted once the run is past it");
  } finally {
    rmSync(workspace.dir, { recursive: true, force: true });
  }
});
