/**
 * Retrieval Preview on a finished run: the query photo and its neighbours are real images the
 * browser decoded (naturalWidth > 0), neighbours of the query's identity are marked correct and
 * no other is, and moving the new_whale threshold changes the MAP@5 shown.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { decodedWidth } from './harness/images';
import { E2ESession } from './harness/session';
import { storedRuns, trainWithCli } from './harness/store';
import { generateTinyDataset, tinyExperiment, writeExperiment } from './harness/workspaceFixtures';

async function setRange(slider: Locator, fraction: number): Promise<void> {
  await slider.evaluate((element: { min: string; max: string; value: string; dispatchEvent(event: Event): boolean }, share: number) => {
    const min = Number(element.min);
    const max = Number(element.max);
    element.value = String(min + (max - min) * share);
    element.dispatchEvent(new Event('input', { bubbles: true }));
  }, fraction);
}

describe('retrieval preview', { timeout: 400_000 }, () => {
  let session: E2ESession;

  before(async () => {
    session = await E2ESession.start('retrieval-preview', {
      prepareWorkspace: (workspace) => {
        generateTinyDataset(workspace);
        writeExperiment(workspace, 'tiny.experiment.json', tinyExperiment('tiny', 2));
        trainWithCli(workspace, 'tiny.experiment.json');
      },
    });
  });

  afterEach(async (context) => {
    await session?.screenshotAfter(context.name);
  });

  after(async () => {
    await session?.close();
  });

  test('the query photo and its neighbours are decoded images, correct matches marked', async () => {
    const { workbench } = session;
    const [run] = storedRuns(session.workspace);
    assert.equal(run?.status, 'completed', 'the run was trained before the window opened');

    await workbench.runCommand('Fluke: Open Retrieval Preview');
    await workbench.chooseInQuickPick([`#${run.id}`]);

    const page = workbench.webview();
    const queryPhoto = page.locator('[data-testid=query-photo]');
    await queryPhoto.waitFor({ state: 'attached', timeout: 60_000 });
    assert.ok((await decodedWidth(queryPhoto)) > 0, 'the query photo is a decoded image');
    await workbench.screenshot('retrieval-preview');

    // Walk the queries until one has a correct neighbour; check the marking on every one seen.
    const rows = page.locator('[data-testid=query-row]');
    const queries = await rows.count();
    assert.ok(queries > 0, 'the panel lists queries');
    let correctSeen = 0;
    for (let index = 0; index < queries && correctSeen === 0; index++) {
      await rows.nth(index).click();
      const identity = (await page.locator('[data-testid=query-identity]').innerText()).trim();
      const neighbours = page.locator('[data-testid=neighbours-a] [data-testid=neighbour]');
      const count = await neighbours.count();
      assert.ok(count > 0, `query ${index} has neighbours`);
      for (let rank = 0; rank < count; rank++) {
        const neighbour = neighbours.nth(rank);
        assert.ok((await decodedWidth(neighbour)) > 0, `neighbour ${rank + 1} of query ${index} is a decoded image`);
        const marked = ((await neighbour.getAttribute('class')) ?? '').split(/\s+/).includes('correct');
        const sameIdentity = (await neighbour.getAttribute('data-identity')) === identity && identity !== 'new_whale';
        assert.equal(marked, sameIdentity, `neighbour ${rank + 1} of query ${index} (${identity}) marked correct = same identity`);
        if (marked) correctSeen += 1;
      }
    }
    assert.ok(correctSeen > 0, 'some query has a correct neighbour, shown as correct');
    await workbench.screenshot('correct-neighbours');
  });

  test('moving the new_whale threshold changes the MAP@5 shown', async () => {
    const page = session.workbench.webview();
    const enabled = page.locator('[data-testid=threshold-enabled]');
    if (!(await enabled.evaluate((element: { checked: boolean }) => element.checked))) await enabled.click();
    const slider = page.locator('[data-testid=threshold-slider]');
    const map5 = page.locator('[data-testid=map5-value]');
    const seen = new Map<string, string>();
    for (const share of [0, 0.25, 0.5, 0.75, 1]) {
      await setRange(slider, share);
      const threshold = await page.locator('[data-testid=threshold-value]').innerText();
      seen.set(threshold, await map5.innerText());
    }
    await session.workbench.screenshot('threshold-moved');
    assert.ok(seen.size >= 4, `the threshold shown follows the slider (${[...seen.keys()].join(', ')})`);
    assert.ok(new Set(seen.values()).size > 1, `MAP@5 changes with the threshold (${[...seen].map(([t, m]) => `${t}: ${m}`).join(', ')})`);
  });
});
