/**
 * The packaged extension installs into a real VS Code and activates: the Fluke activity bar
 * entry opens the Experiments view (its welcome content while the workspace has no experiment),
 * and "Fluke: Check Environment" reports on the machine.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { E2ESession } from './harness/session';

describe('activation', { timeout: 180_000 }, () => {
  let session: E2ESession;

  before(async () => {
    session = await E2ESession.start('activation');
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

  test('"Fluke: Check Environment" reports the Node.js version', async () => {
    const { workbench } = session;
    await workbench.runCommand('Fluke: Check Environment');
    const report = workbench.page.locator('.part.panel, .notifications-toasts', { hasText: process.version.slice(1) });
    await report.first().waitFor({ state: 'visible', timeout: 60_000 });
    await workbench.screenshot('check-environment');
  });
});
