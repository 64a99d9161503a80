/**
 * Embedding Map on a finished divide-and-conquer run: the page draws as many points as the
 * store holds for the epoch shown (and for another epoch picked on the slider), hovering a
 * point shows its decoded thumbnail, a click on a query opens that query in the Retrieval
 * Preview, and the map follows the light, dark and high-contrast themes (screenshots of each).
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import type { EmbeddingMapSummary } from '../../src/protocol/records';
import { E2ESession } from './harness/session';
import { storedRun, storedRuns, trainWithCli } from './harness/store';
import { generateTinyDataset, tinyExperiment, writeExperiment } from './harness/workspaceFixtures';

interface ProbePoint {
  index: number;
  imageId: number;
  x: number;
  y: number;
}

/** Waits until the map in `slot` has stopped moving; returns its stored and drawn point counts. */
async function settledCounts(page: FrameLocator, slot: 'a' | 'b'): Promise<{ stored: number; drawn: number; epoch: string }> {
  const status = page.locator(`[data-testid=map-status-${slot}][data-stored-points]`);
  await status.waitFor({ state: 'attached', timeout: 60_000 });
  const canvas = page.locator(`[data-testid=map-canvas-${slot}][data-settled=true]`);
  await canvas.waitFor({ state: 'attached', timeout: 30_000 });
  return {
    stored: Number(await status.getAttribute('data-stored-points')),
    drawn: Number(await canvas.getAttribute('data-drawn-points')),
    epoch: (await status.innerText()).match(/epoch (\d+)/)?.[1] ?? '',
  };
}

async function probePoints(page: FrameLocator): Promise<ProbePoint[]> {
  const canvas = page.locator('[data-testid=map-canvas-a][data-settled=true]');
  return JSON.parse((await canvas.getAttribute('data-probe-points')) ?? '[]') as ProbePoint[];
}

async function decodedWidth(image: Locator): Promise<number> {
  await image.waitFor({ state: 'attached', timeout: 30_000 });
  return await image.evaluate((element: { naturalWidth: number; decode(): Promise<void> }) =>
    element.decode().then(
      () => element.naturalWidth,
      () => element.naturalWidth,
    ),
  );
}

async function setRange(slider: Locator, index: number): Promise<void> {
  await slider.evaluate((element: { value: string; dispatchEvent(event: Event): boolean }, value: number) => {
    element.value = String(value);
    element.dispatchEvent(new Event('input', { bubbles: true }));
  }, index);
}

describe('embedding map', { timeout: 500_000 }, () => {
  let session: E2ESession;
  let runId: number;
  let baselineId: number;
  let maps: EmbeddingMapSummary[];

  before(async () => {
    session = await E2ESession.start('embedding-map', {
      settings: { 'workbench.colorTheme': 'Default Light Modern' },
      prepareWorkspace: (workspace) => {
        generateTinyDataset(workspace);
        const experiment = tinyExperiment('mapped', 3);
        // Two runs: divide and conquer (K = 2) and the baseline (K = 1) to show beside it.
        writeExperiment(workspace, 'mapped.experiment.json', { ...experiment, grid: { 'method.clusters': [2, 1] } });
        trainWithCli(workspace, 'mapped.experiment.json');
      },
    });
    const runs = storedRuns(session.workspace);
    assert.deepEqual(runs.map((run) => run.status), ['completed', 'completed'], 'the runs were trained before the window opened');
    const run = runs.find((each) => each.config.method.clusters === 2)!;
    runId = run.id;
    baselineId = runs.find((each) => each !== run)!.id;
    maps = storedRun(session.workspace, runId).embeddingMaps;
    assert.deepEqual(maps.map((map) => map.epoch), [1, 2, 3], 'a map per evaluation epoch is stored');
  });

  afterEach(async (context) => {
    await session?.screenshotAfter(context.name);
  });

  after(async () => {
    await session?.close();
  });

  test('the map draws every stored point of the latest epoch, and of an earlier one on the slider', async () => {
    const { workbench } = session;
    await workbench.runCommand('Fluke: Open Embedding Map');
    await workbench.chooseInQuickPick([`#${runId}`]);
    const page = workbench.webview();
    const latest = await settledCounts(page, 'a');
    assert.equal(latest.epoch, '3');
    assert.equal(latest.stored, maps.at(-1)!.points, 'the page got the stored map of epoch 3');
    assert.equal(latest.drawn, latest.stored, 'every stored point is drawn');
    await workbench.screenshot('embedding-map-light');

    await setRange(page.locator('[data-testid=map-epoch-slider]'), 0);
    await page.locator('[data-testid=map-status-a]', { hasText: 'epoch 1 ' }).waitFor({ timeout: 30_000 });
    const first = await settledCounts(page, 'a');
    assert.equal(first.epoch, '1');
    assert.equal(first.drawn, maps[0]!.points);
    await setRange(page.locator('[data-testid=map-epoch-slider]'), 2);
    await page.locator('[data-testid=map-status-a]', { hasText: 'epoch 3 ' }).waitFor({ timeout: 30_000 });
  });

  test('hovering a point shows its photo and identity', async () => {
    const page = session.workbench.webview();
    await settledCounts(page, 'a');
    const [point] = await probePoints(page);
    assert.ok(point, 'the map shows queries');
    await page.locator('[data-testid=map-canvas-a] canvas.scatter-overlay').hover({ position: { x: point.x, y: point.y } });
    const tooltip = page.locator('[data-testid=map-tooltip]');
    await tooltip.waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await tooltip.getAttribute('data-image-id'), String(point.imageId), 'the tooltip is the hovered point\'s');
    assert.ok((await page.locator('[data-testid=map-tooltip-identity]').innerText()).trim().length > 0, 'the identity is shown');
    assert.ok((await decodedWidth(tooltip.locator('img'))) > 0, 'the thumbnail is a decoded image');
    await session.workbench.screenshot('embedding-map-hover');
  });

  test('a click on a query opens it in the Retrieval Preview', async () => {
    const { workbench } = session;
    const page = workbench.webview();
    const [point] = await probePoints(page);
    await page.locator('[data-testid=map-canvas-a] canvas.scatter-overlay').click({ position: { x: point!.x, y: point!.y } });
    await workbench.editorTab('Retrieval Preview').waitFor({ state: 'visible', timeout: 30_000 });
    const preview = workbench.webview();
    const queryPhoto = preview.locator(`[data-testid=query-photo][data-image-id="${point!.imageId}"]`);
    await queryPhoto.waitFor({ state: 'attached', timeout: 60_000 });
    assert.ok((await decodedWidth(queryPhoto.locator('img'))) > 0);
    await workbench.screenshot('retrieval-from-map');
    await workbench.editorTab('Embedding Map').click();
  });

  test('Show on map from the Retrieval Preview picks out the query and its neighbours', async () => {
    const { workbench } = session;
    await workbench.editorTab('Retrieval Preview').click();
    const preview = workbench.webview();
    const query = await preview.locator('[data-testid=query-photo]').getAttribute('data-image-id');
    const neighbours = await preview.locator('[data-testid=neighbours-a] [data-testid=neighbour]').count();
    await preview.locator('[data-testid=show-on-map]').click();
    const page = workbench.webview();
    await page.locator('[data-testid=map-highlight]', { hasText: `query ${query} and its neighbours` }).waitFor({ timeout: 30_000 });
    const canvas = page.locator('[data-testid=map-canvas-a][data-highlighted-points]');
    await canvas.waitFor({ state: 'attached', timeout: 10_000 });
    // Every evaluated image is on the map (no cap here): the query and each of its neighbours.
    assert.equal(Number(await canvas.getAttribute('data-highlighted-points')), 1 + neighbours);
    await workbench.screenshot('embedding-map-query-neighbours');
  });

  test('Show on map from Clusters picks out the cluster\'s training images', async () => {
    const { workbench } = session;
    await workbench.runCommand('Fluke: Open Clusters');
    await workbench.chooseInQuickPick([`#${runId}`]);
    const clusters = workbench.webview();
    await clusters.locator('[data-testid=show-cluster-on-map]').first().click();
    const page = workbench.webview();
    await page.locator('[data-testid=map-highlight]', { hasText: 'cluster 1 of the reclustering' }).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('[data-testid=map-colouring]').evaluate((element: { value: string }) => element.value), 'cluster');
    const picked = Number(await page.locator('[data-testid=map-canvas-a][data-highlighted-points]').getAttribute('data-highlighted-points'));
    const counts = await settledCounts(page, 'a');
    assert.ok(picked > 0 && picked < counts.stored, `some, not all, points are cluster 1's (${picked} of ${counts.stored})`);
    await workbench.screenshot('embedding-map-cluster');
  });

  test('another run beside it (A/B) at the same epoch, every stored point drawn', async () => {
    const { workbench } = session;
    await workbench.editorTab('Embedding Map').click();
    const page = workbench.webview();
    // The run picker is a vscode-single-select; its value is set as picking an option sets it.
    await page.locator('[data-testid=map-run-b]').evaluate((element: { value: string; dispatchEvent(event: Event): boolean }, id: number) => {
      element.value = String(id);
      element.dispatchEvent(new Event('change', { bubbles: true }));
    }, baselineId);
    const b = await settledCounts(page, 'b');
    const a = await settledCounts(page, 'a');
    const baselineMaps = storedRun(session.workspace, baselineId).embeddingMaps;
    assert.equal(b.epoch, a.epoch, 'B is shown at A\'s epoch');
    assert.equal(b.stored, baselineMaps.find((map) => String(map.epoch) === b.epoch)!.points);
    assert.equal(b.drawn, b.stored);
    await workbench.screenshot('embedding-map-a-b');
  });

  for (const theme of [
    { name: 'Default Dark Modern', slug: 'dark', bodyClass: 'vscode-dark' },
    { name: 'Default High Contrast', slug: 'high-contrast', bodyClass: 'vscode-high-contrast' },
  ]) {
    test(`the map follows ${theme.name}`, async () => {
      const { workbench } = session;
      // A workspace setting changes the theme at once, as the user's Preferences: Color Theme does.
      mkdirSync(join(session.workspace, '.vscode'), { recursive: true });
      writeFileSync(join(session.workspace, '.vscode', 'settings.json'), JSON.stringify({ 'workbench.colorTheme': theme.name }));
      const page = workbench.webview();
      await page.locator(`body.${theme.bodyClass}`).waitFor({ state: 'attached', timeout: 30_000 });
      const counts = await settledCounts(page, 'a');
      assert.equal(counts.drawn, counts.stored);
      const background = await page.locator('[data-testid=map-canvas-a] canvas.scatter-base').evaluate((canvas: { getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null }) => {
        const pixel = canvas.getContext('2d')!.getImageData(1, 1, 1, 1).data;
        return [pixel[0]!, pixel[1]!, pixel[2]!];
      });
      assert.ok(background.every((channel) => channel < 60), `the map's background follows the dark theme: rgb(${background.join(', ')})`);
      await workbench.screenshot(`embedding-map-${theme.slug}`);
    });
  }
});
