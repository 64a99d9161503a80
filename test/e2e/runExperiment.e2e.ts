/**
 * A workspace with a tiny experiment: the Fluke view lists it, "Fluke: Run Experiment" from the
 * command palette starts a run, the tree shows it running and then completed with the recall
 * the store holds, and no training process is left behind.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { E2ESession } from './harness/session';
import { storedRuns } from './harness/store';
import { generateTinyDataset, tinyExperiment, writeExperiment } from './harness/workspaceFixtures';

describe('run an experiment from the command palette', { timeout: 300_000 }, () => {
  let session: E2ESession;

  before(async () => {
    session = await E2ESession.start('run-experiment', {
      prepareWorkspace: (workspace) => {
        generateTinyDataset(workspace);
        writeExperiment(workspace, 'tiny.experiment.json', tinyExperiment('tiny', 12));
      },
    });
  });

  afterEach(async (context) => {
    await session?.screenshotAfter(context.name);
  });

  after(async () => {
    await session?.close();
  });

  test('the Fluke view lists the experiment file with no runs', async () => {
    const { workbench } = session;
    await workbench.openViewContainer('Fluke');
    const row = workbench.treeRow('tiny');
    await workbench.waitVisible(row, 'the experiment row "tiny"', 60_000);
    assert.match(await workbench.rowDescription(row), /0 runs/);
    await workbench.screenshot('experiment-listed');
  });

  test('Run Experiment starts a run that the tree shows running, then completed', async () => {
    const { workbench } = session;
    await workbench.openFile('tiny.experiment.json');
    await workbench.runCommand('Fluke: Run Experiment');

    const experimentRow = workbench.treeRow('tiny');
    await workbench.waitVisible(experimentRow.filter({ hasText: /1 run/ }), 'the experiment row counting 1 run', 60_000);
    await workbench.expandRow(experimentRow);
    const runRow = workbench.sideBarRows().filter({ has: workbench.page.locator('.label-name', { hasText: /^tiny/ }) }).nth(1);
    const runningDescription = await workbench.waitForRowIcon(runRow, 'loading', 60_000);
    assert.match(runningDescription, /starting|epoch \d+\/12/, 'a running run shows its progress');
    await workbench.screenshot('run-running');

    const completedDescription = await workbench.waitForRowIcon(runRow, 'pass', 240_000);
    await workbench.screenshot('run-completed');
    const [run] = storedRuns(session.workspace);
    assert.ok(run, 'the store holds the run');
    assert.equal(run.status, 'completed');
    assert.equal(run.lastEpoch, 12);
    assert.ok(run.bestRecallAt1 !== null, 'the run evaluated recall@1');
    assert.equal(completedDescription, `R@1 ${run.bestRecallAt1.toFixed(3)}`, 'the tree shows the best recall@1 the store holds');
  });

  test('no training process of this workspace is left once the run completed', async () => {
    assert.deepEqual(session.trainingProcesses(), []);
  });
});
