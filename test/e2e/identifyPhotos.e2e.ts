/**
 * Identify Photos from the command palette: a folder of photos of a new survey is identified
 * with a trained run's model (a real `fluke predict` child process), and the Retrieval Preview
 * shows each photo (a decoded image), its nearest gallery photos and its top 5 identities;
 * the CSV export writes a Kaggle submission of every photo.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './harness/cli';
import { decodedWidth } from './harness/images';
import { E2ESession } from './harness/session';
import { storedRuns, trainWithCli } from './harness/store';
import { generateTinyDataset, tinyExperiment, writeExperiment } from './harness/workspaceFixtures';

describe('identify photos', { timeout: 400_000 }, () => {
  let session: E2ESession;
  let surveyFolder: string;
  let surveyPhotos: string[];

  before(async () => {
    session = await E2ESession.start('identify-photos', {
      prepareWorkspace: (workspace) => {
        generateTinyDataset(workspace);
        writeExperiment(workspace, 'tiny.experiment.json', tinyExperiment('tiny', 2));
        trainWithCli(workspace, 'tiny.experiment.json');
        // A new survey: whales of another seed, photos the run has never seen.
        runCli(['data', 'generate', '--out', 'survey', '--identities', '3', '--photos', '2', '--seed', '99', '--new-whale-share', '0'], workspace);
        surveyFolder = join(workspace, 'survey', 'train');
        surveyPhotos = readdirSync(surveyFolder).filter((name) => name.endsWith('.png')).sort();
      },
    });
  });

  afterEach(async (context) => {
    await session?.screenshotAfter(context.name);
  });

  after(async () => {
    await session?.close();
  });

  test('a folder of new photos identified from the palette shows in the Retrieval Preview, and exports as a submission', async () => {
    const { workbench } = session;
    const [run] = storedRuns(session.workspace);
    assert.equal(run?.status, 'completed');
    assert.ok(surveyPhotos.length >= 4, `${surveyPhotos.length} survey photos`);

    await workbench.runCommand('Fluke: Identify Photos...');
    await workbench.chooseInQuickPick([`run ${run.id}`]);
    await workbench.chooseInQuickPick(['A folder of photos']);
    await workbench.acceptFileDialog(`${surveyFolder}/`, 'Identify');

    const page = workbench.webview();
    const summary = page.locator('[data-testid=identified-summary]');
    await summary.waitFor({ state: 'visible', timeout: 120_000 });
    assert.match(await summary.innerText(), new RegExp(`^${surveyPhotos.length} new photos identified`));
    const rows = page.locator('[data-testid=query-row]');
    assert.equal(await rows.count(), surveyPhotos.length);
    assert.deepEqual((await rows.allInnerTexts()).map((text) => text.trim()).sort(), surveyPhotos);

    await rows.nth(0).click();
    const photoName = (await page.locator('[data-testid=identified-photo]').innerText()).trim();
    assert.ok(surveyPhotos.includes(photoName), `the detail shows ${photoName}`);
    assert.ok((await decodedWidth(page.locator('[data-testid=query-photo]'))) > 0, 'the new photo is a decoded image (a data: URI from fluke predict)');
    const neighbours = page.locator('[data-testid=neighbours-a] [data-testid=neighbour]');
    assert.ok((await neighbours.count()) > 0, 'the photo has gallery neighbours');
    assert.ok((await decodedWidth(neighbours.nth(0))) > 0, 'its nearest gallery photo is a decoded image');
    assert.equal(await page.locator('[data-testid=neighbours-a] .neighbour.correct').count(), 0, 'no neighbour is marked correct: the identity is unknown');
    const topFive = page.locator('[data-testid=top5] li');
    assert.equal(await topFive.count(), 5, 'five identities');
    await workbench.screenshot('identified-photos');

    await page.locator('[data-testid=export-submission]').click();
    const target = join(session.workspace, `submission-run-${run.id}.csv`);
    await workbench.acceptFileDialog(target, 'OK');
    await workbench.waitVisible(workbench.notification(/submission of \d+ photos written/), 'the export notification', 30_000);
    assert.ok(existsSync(target), `${target} written`);
    const lines = readFileSync(target, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'Image,Id');
    assert.deepEqual(lines.slice(1).map((line) => line.split(',')[0]).sort(), surveyPhotos);
    for (const line of lines.slice(1)) assert.equal(line.split(',')[1]!.split(' ').length, 5, line);
  });

  test('after a window reload the Retrieval Preview shows the identified photos again', async () => {
    const { workbench } = session;
    await workbench.reload();
    await workbench.waitVisible(workbench.editorTab('Retrieval Preview'), 'the Retrieval Preview tab after the reload', 60_000);
    const page = workbench.webview();
    const summary = page.locator('[data-testid=identified-summary]');
    await summary.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await summary.innerText(), new RegExp(`^${surveyPhotos.length} new photos identified`));
    const rows = page.locator('[data-testid=query-row]');
    assert.deepEqual((await rows.allInnerTexts()).map((text) => text.trim()).sort(), surveyPhotos);
    await rows.nth(0).click();
    assert.ok((await decodedWidth(page.locator('[data-testid=query-photo]'))) > 0, 'the photo is a decoded image again');
    await workbench.screenshot('identified-photos-after-reload');
  });
});
