/**
 * A long run: Compare Runs follows it live; reloading the window brings the panel back and it
 * keeps following the run (training goes on in its own process); "Fluke: Stop Run" then ends
 * it as stopped, and its training process is gone.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FrameLocator, Locator } from 'playwright-core';
import { E2ESession } from './harness/session';
import { storedRuns } from './harness/store';
import { generateTinyDataset, tinyExperiment, writeExperiment } from './harness/workspaceFixtures';

/** Points the loss chart drew for the (single) run compared. */
async function lossPoints(page: FrameLocator): Promise<number> {
  const raw = await page.locator('[data-testid=compare-chart-loss]').getAttribute('data-series', { timeout: 60_000 });
  const series = JSON.parse(raw ?? '[]') as Array<{ points: number }>;
  return series[0]?.points ?? 0;
}

async function waitForMorePoints(page: FrameLocator, than: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let points = await lossPoints(page);
  while (points <= than && Date.now() < deadline) {
    await sleep(500);
    points = await lossPoints(page);
  }
  return points;
}

describe('stop a run, reload the window', { timeout: 500_000 }, () => {
  let session: E2ESession;
  let runRow: Locator;

  before(async () => {
    session = await E2ESession.start('stop-and-reload', {
      prepareWorkspace: (workspace) => {
        generateTinyDataset(workspace);
        writeExperiment(workspace, 'long.experiment.json', tinyExperiment('long', 500));
      },
    });
  });

  afterEach(async (context) => {
    await session?.screenshotAfter(context.name);
  });

  after(async () => {
    await session?.close();
  });

  test('Run Experiment starts the long run', async () => {
    const { workbench } = session;
    await workbench.openViewContainer('Fluke');
    await workbench.openFile('long.experiment.json');
    await workbench.runCommand('Fluke: Run Experiment');
    const experimentRow = workbench.treeRow('long');
    await workbench.waitVisible(experimentRow.filter({ hasText: /1 run/ }), 'the experiment row counting 1 run', 60_000);
    await workbench.expandRow(experimentRow);
    runRow = workbench.sideBarRows().filter({ has: workbench.page.locator('.label-name', { hasText: /^long/ }) }).nth(1);
    await workbench.waitVisible(runRow.filter({ hasText: /epoch [1-9]\d*\/500/ }), 'the run row at epoch 1 or later', 120_000);
  });

  test('Compare Runs follows the running run live', async () => {
    const { workbench } = session;
    const [run] = storedRuns(session.workspace);
    assert.equal(run?.status, 'running');
    await workbench.runCommand('Fluke: Compare Runs');
    await workbench.chooseInQuickPick([`#${run.id}`]);
    const page = workbench.webview();
    const first = await lossPoints(page);
    const later = await waitForMorePoints(page, first, 60_000);
    assert.ok(later > first, `the loss chart grew while the run trained (${first} -> ${later} points)`);
    await workbench.screenshot('compare-live');
  });

  test('after a window reload the panel is back and keeps following the run', async () => {
    const { workbench } = session;
    await workbench.reload();
    await workbench.waitVisible(workbench.editorTab('Compare Runs'), 'the Compare Runs tab after the reload', 60_000);
    const page = workbench.webview();
    const restored = await lossPoints(page);
    assert.ok(restored > 0, 'the restored panel drew the run');
    const later = await waitForMorePoints(page, restored, 60_000);
    assert.ok(later > restored, `the restored panel keeps following the run (${restored} -> ${later} points)`);
    await workbench.openViewContainer('Fluke');
    await workbench.expandRow(workbench.treeRow('long'));
    await workbench.waitVisible(runRow.filter({ hasText: /epoch \d+\/500/ }), 'the run still shown running after the reload', 60_000);
    await workbench.screenshot('after-reload');
  });

  test('Stop Run ends the run as stopped and its process is gone', async () => {
    const { workbench } = session;
    const [run] = storedRuns(session.workspace);
    assert.equal(run?.status, 'running', 'the run survived the reload');
    // From inside the Compare panel, where the user watching the run is: the focus returning to
    // the webview as the palette closes must not hide the quick pick (it ignores focus-out).
    await workbench.webview().locator('h1').click();
    await workbench.runCommand('Fluke: Stop Run');
    await workbench.chooseInQuickPick([/long/]);
    await workbench.waitVisible(runRow.filter({ has: workbench.page.locator('.label-description', { hasText: /^stopped/ }) }), 'the run row shown as stopped', 60_000);
    await workbench.screenshot('run-stopped');
    // The trainer stops at its next batch, writes a checkpoint, then ends the run in the store.
    let stopped = storedRuns(session.workspace)[0];
    for (const deadline = Date.now() + 60_000; stopped?.status === 'running' && Date.now() < deadline; ) {
      await sleep(500);
      stopped = storedRuns(session.workspace)[0];
    }
    assert.equal(stopped?.status, 'stopped', 'the store holds the run as stopped');
    assert.ok(stopped.lastEpoch < 500, 'the run stopped before its last epoch');
    const deadline = Date.now() + 20_000;
    while (session.trainingProcesses().length && Date.now() < deadline) await sleep(250);
    assert.deepEqual(session.trainingProcesses(), [], 'the training process ended');
  });
});
