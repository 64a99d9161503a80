/**
 * A real one-node Slurm (test/slurm/slurmCluster.ts) behind a real VS Code: "Fluke: Run on
 * Slurm" from the command palette submits the experiment; the tree shows its run pending
 * with the scheduler's reason and the job id, then running, then completed, with every epoch
 * in the workspace's store (taken in by fluke serve from the job's own log).
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSlurmCluster, type SlurmCluster } from '../slurm/slurmCluster';
import { E2ESession } from './harness/session';
import { storedRuns } from './harness/store';
import { generateTinyDataset, tinyExperiment, writeExperiment } from './harness/workspaceFixtures';

describe('run on Slurm from the command palette', { timeout: 300_000 }, () => {
  let cluster: SlurmCluster | undefined;
  let session: E2ESession;

  before(async () => {
    cluster = await startSlurmCluster();
    // code-server, its fluke serve and so sbatch and the jobs get the test cluster's configuration.
    process.env.SLURM_CONF = cluster.env.SLURM_CONF;
    process.env.FLUKE_SLURM_POLL_MS = '500';
    session = await E2ESession.start('run-on-slurm', {
      prepareWorkspace: (workspace) => {
        generateTinyDataset(workspace);
        // --begin holds the job a few seconds, so that it is seen pending (reason BeginTime).
        writeExperiment(workspace, 'tiny.experiment.json', { ...tinyExperiment('tiny', 6), target: { kind: 'slurm', cpus: 1, sbatchArgs: ['--begin=now+12'] } } as ReturnType<typeof tinyExperiment>);
      },
    });
  });

  afterEach(async (context) => {
    await session?.screenshotAfter(context.name);
  });

  after(async () => {
    await session?.close();
    await cluster?.stop();
  });

  test('Run on Slurm submits the run; the tree shows it pending, running, then completed', async () => {
    const { workbench } = session;
    await workbench.openViewContainer('Fluke');
    await workbench.openFile('tiny.experiment.json');
    await workbench.runCommand('Fluke: Run on Slurm');
    await workbench.chooseInQuickPick(['Submit to Slurm']);

    const experimentRow = workbench.treeRow('tiny');
    await workbench.waitVisible(experimentRow.filter({ hasText: /1 run/ }), 'the experiment row counting 1 run', 60_000);
    await workbench.expandRow(experimentRow);
    const runRow = workbench.sideBarRows().filter({ has: workbench.page.locator('.label-name', { hasText: /^tiny/ }) }).nth(1);
    const pending = await workbench.waitForRowIcon(runRow, 'clock', 30_000);
    await workbench.waitVisible(runRow.filter({ hasText: /job \d+_0 pending \(BeginTime\)/ }), 'the pending job with its id and reason', 30_000);
    assert.match(pending, /queued/);
    await workbench.waitVisible(workbench.page.locator('.statusbar-item', { hasText: 'Slurm: 1 queued, 0 running' }), 'the status bar counting the queued job', 30_000);
    await workbench.screenshot('slurm-pending');

    const running = await workbench.waitForRowIcon(runRow, 'loading', 60_000);
    // Once an epoch is evaluated the row also shows its R@1 between the epoch and the job.
    assert.match(running, /epoch \d+\/6 · (R@1 \d\.\d{3} · )?job \d+_0/);
    await workbench.screenshot('slurm-running');

    const completed = await workbench.waitForRowIcon(runRow, 'pass', 180_000);
    await workbench.screenshot('slurm-completed');
    const [run] = storedRuns(session.workspace);
    assert.ok(run, 'the store holds the run');
    assert.equal(run.status, 'completed');
    assert.equal(run.lastEpoch, 6, 'every epoch reached the store');
    assert.equal(run.slurmJob?.state, 'COMPLETED');
    assert.match(completed, new RegExp(`job ${run.slurmJob!.jobId}$`));
  });
});
