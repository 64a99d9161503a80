/**
 * An untrusted workspace (code-server started with workspace trust on, the folder not trusted):
 * it opens in Restricted Mode, and nothing can be started from the Fluke view or the palette.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { E2ESession } from './harness/session';
import { storedRuns } from './harness/store';
import { tinyExperiment, writeExperiment } from './harness/workspaceFixtures';

describe('an untrusted workspace', { timeout: 240_000 }, () => {
  let session: E2ESession;

  before(async () => {
    session = await E2ESession.start('restricted-mode', {
      trusted: false,
      settings: {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.banner': 'always',
      },
      prepareWorkspace: (workspace) => {
        writeExperiment(workspace, 'tiny.experiment.json', tinyExperiment('tiny', 2));
      },
    });
  });

  afterEach(async (context) => {
    await session?.screenshotAfter(context.name);
  });

  after(async () => {
    await session?.close();
  });

  test('the window is in Restricted Mode', async () => {
    const { workbench } = session;
    await workbench.waitVisible(workbench.page.locator('.part.statusbar', { hasText: 'Restricted Mode' }), 'the Restricted Mode status bar entry', 30_000);
  });

  test('the palette offers no command that starts a process (training, data generation, identifying photos)', async () => {
    const { workbench } = session;
    await workbench.openViewContainer('Fluke');
    await workbench.screenshot('restricted-view');
    for (const title of ['Fluke: Run Experiment', 'Fluke: Run Sweep', 'Fluke: Resume Run', 'Fluke: Generate Demo Whale Dataset', 'Fluke: Identify Photos...', 'Fluke: Install TensorFlow Backend']) {
      assert.equal(await workbench.commandAvailable(title), false, `"${title}" is offered in Restricted Mode`);
    }
    // The check above is only meaningful if the palette does list Fluke's other commands.
    assert.equal(await workbench.commandAvailable('Fluke: Compare Runs'), true, '"Fluke: Compare Runs" is offered');
  });

  test('the experiment row offers no Run action, and nothing ran', async () => {
    const { workbench } = session;
    // Restricted Mode still lets the user browse: the experiment is listed, without its Run action.
    const row = workbench.treeRow('tiny');
    await workbench.waitVisible(row, 'the experiment row "tiny"', 60_000);
    await row.hover();
    assert.equal(await row.locator('.actions .action-label[aria-label*="Run"]').count(), 0, 'the row has a Run action');
    assert.deepEqual(session.trainingProcesses(), []);
    const database = join(session.workspace, '.fluke', 'fluke.db');
    if (existsSync(database)) assert.deepEqual(storedRuns(session.workspace), []);
  });
});
