/**
 * Compare Runs on two finished runs (a grid over K = 1 and K = 2, trained with `fluke train`
 * before VS Code opens): the charts drew each run's real values (read back from what the panel
 * exposes and checked against `fluke show --json`), the batch-hardness chart among them, and the
 * config diff names the key that differs.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { E2ESession } from './harness/session';
import { storedRun, storedRuns, trainWithCli } from './harness/store';
import type { DrawnSeries } from '../../src/protocol/compareContract';
import { generateTinyDataset, tinyExperiment, writeExperiment } from './harness/workspaceFixtures';

describe('compare two runs', { timeout: 400_000 }, () => {
  let session: E2ESession;

  before(async () => {
    session = await E2ESession.start('compare-runs', {
      prepareWorkspace: (workspace) => {
        generateTinyDataset(workspace);
        writeExperiment(workspace, 'sweep.experiment.json', { ...tinyExperiment('sweep', 3), grid: { 'method.clusters': [1, 2] } });
        trainWithCli(workspace, 'sweep.experiment.json');
      },
    });
  });

  afterEach(async (context) => {
    await session?.screenshotAfter(context.name);
  });

  after(async () => {
    await session?.close();
  });

  test('Compare Runs opens a panel whose charts drew the stored values', async () => {
    const { workbench } = session;
    const runs = storedRuns(session.workspace);
    assert.equal(runs.length, 2, 'the sweep made two runs');
    assert.ok(runs.every((run) => run.status === 'completed'), 'both runs completed');

    await workbench.runCommand('Fluke: Compare Runs');
    await workbench.chooseInQuickPick(runs.map((run) => `#${run.id}`));

    const page = workbench.webview();
    const lossChart = page.locator('[data-testid=compare-chart-loss]');
    await lossChart.waitFor({ state: 'attached', timeout: 60_000 });
    // Smoothing off, so the last point drawn is the stored value itself.
    await page.locator('[data-testid=smoothing-slider]').evaluate((slider: { value: string; dispatchEvent(event: Event): boolean }) => {
      slider.value = '0';
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await workbench.waitVisible(page.locator('[data-testid=smoothing-value]', { hasText: '0.00' }), 'smoothing set to 0');
    await workbench.screenshot('compare-panel');

    // 3 epochs on an epoch axis: chart.js alone would put ticks at 1.5 and 2.5.
    const epochTicks = await page.locator('body').evaluate(() =>
      (globalThis as unknown as { __flukeCharts: Record<string, { scales: { x: { ticks: Array<{ value: number }> } } }> }).__flukeCharts['loss']!.scales.x.ticks.map((tick) => tick.value),
    );
    assert.ok(epochTicks.length >= 2, `the epoch axis has ticks (${epochTicks.join(', ')})`);
    assert.deepEqual(epochTicks.filter((value) => !Number.isInteger(value)), [], `epoch ticks are whole numbers (${epochTicks.join(', ')})`);

    const drawnLoss = JSON.parse((await lossChart.getAttribute('data-series')) ?? '[]') as DrawnSeries[];
    const drawnRecall = JSON.parse((await page.locator('[data-testid=compare-chart-recall-1]').getAttribute('data-series')) ?? '[]') as DrawnSeries[];
    const drawnHardness = JSON.parse((await page.locator('[data-testid=compare-chart-non-zero-loss-share]').getAttribute('data-series')) ?? '[]') as DrawnSeries[];
    for (const run of runs) {
      const stored = storedRun(session.workspace, run.id);
      const loss = drawnLoss.find((series) => series.runId === run.id);
      assert.ok(loss, `the loss chart has a line for run ${run.id}`);
      assert.equal(loss.points, stored.epochs.length, `run ${run.id}: one loss point per stored epoch`);
      assert.equal(loss.lastX, stored.epochs.at(-1)!.epoch);
      assert.ok(Math.abs(loss.lastY! - stored.epochs.at(-1)!.loss) < 1e-9, `run ${run.id}: last loss drawn ${loss.lastY} = stored ${stored.epochs.at(-1)!.loss}`);
      const recall = drawnRecall.find((series) => series.runId === run.id);
      assert.ok(recall, `the recall@1 chart has a line for run ${run.id}`);
      assert.equal(recall.points, stored.metrics.length);
      assert.ok(Math.abs(recall.lastY! - stored.metrics.at(-1)!.recallAtK['1']!) < 1e-9, `run ${run.id}: last recall@1 drawn = stored`);
      // How hard the batches were: one point per stored epoch, the last the mean over its learners.
      const hardness = drawnHardness.find((series) => series.runId === run.id);
      assert.ok(hardness, `the non-zero-loss share chart has a line for run ${run.id}`);
      assert.equal(hardness.points, stored.epochBatches.length);
      const shares = stored.epochBatches.at(-1)!.learnerHardness.map((learner) => learner.nonZeroLossShare).filter((share): share is number => share !== null);
      const mean = shares.reduce((sum, share) => sum + share, 0) / shares.length;
      assert.ok(Math.abs(hardness.lastY! - mean) < 1e-9, `run ${run.id}: last non-zero-loss share drawn ${hardness.lastY} = stored ${mean}`);
    }
  });

  test('the config diff shows only the key that differs, with each run\'s value', async () => {
    const page = session.workbench.webview();
    const diff = page.locator('[data-testid=config-diff]');
    await diff.waitFor({ state: 'visible' });
    await diff.scrollIntoViewIfNeeded();
    const paths = await diff.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-path')));
    assert.ok(paths.includes('method.clusters'), `the diff lists method.clusters (it lists ${paths.join(', ')})`);
    assert.ok(!paths.includes('epochs'), 'keys that are the same are not listed');
    const cells = await diff.locator('tbody tr[data-path="method.clusters"] td').allInnerTexts();
    assert.deepEqual([...cells].sort(), ['1', '2']);
    await session.workbench.screenshot('config-diff');
  });
});
