/**
 * The packaged extension installs into a real VS Code and activates: the Fluke activity bar
 * entry opens the Experiments view (its welcome content while the workspace has no experiment),
 * and "Fluke: Check Environment" shows the packaged native modules loading.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { E2ESession } from './harness/session';

describe('activation', { timeout: 180_000 }, () => {
  let session: E2ESession;

  before(async () => {
    session = await E2ESession.start('activation');
  });

  afterEach(async (context) => {
    await session?.screenshotAfter(context.name);
  });

  after(async () => {
    await session?.close();
  });

  test('the Fluke view opens with its welcome content in an empty workspace', async () => {
    const { workbench } = session;
    await workbench.openViewContainer('Fluke');
    const welcome = workbench.welcomeContent();
    await welcome.filter({ hasText: 'Create the Demo Experiment' }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await welcome.innerText(), /No experiment files/);
    await workbench.screenshot('welcome-view');
  });

  test('"Fluke: Check Environment" shows the packaged native modules loading', async () => {
    const { workbench } = session;
    await workbench.runCommand('Fluke: Check Environment');
    // fluke doctor runs from the installed .vsix: its better-sqlite3 and sharp must load there.
    const output = workbench.page.locator('.part.panel');
    await workbench.waitVisible(output.filter({ hasText: process.version }), `the report naming Node ${process.version}`, 60_000);
    await workbench.waitVisible(output.filter({ hasText: /better-sqlite3\s+loads/ }), 'better-sqlite3 loading', 30_000);
    await workbench.waitVisible(output.filter({ hasText: /sharp\s+loads/ }), 'sharp loading', 30_000);
    // The report (TensorFlow and GPU lines included) is taller than the panel, whose editor shows only visible lines.
    await workbench.runCommand('View: Toggle Maximized Panel');
    const text = (await output.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /extensions\/fluke-lab\.fluke-lab-[\d.]+\/dist\/cli\.js doctor/, `the installed extension ran its own CLI; the output shows: ${text.slice(0, 600)}`);
    await workbench.screenshot('check-environment');
  });
});
