/**
 * "Fluke: Install TensorFlow Backend" in a real VS Code runs `fluke setup tensorflow` with the
 * configured Node and reports the result in a notification. The scenario points code-server at
 * the user's real install (its XDG folders are private), so the command finds the backend
 * scripts/setup.sh installed and, as a second run does, checks that it loads and trains.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import { tensorflowHome } from '../../src/engine/backends/tensorflowInstall/tensorflowHome';
import { E2ESession } from './harness/session';

describe('installing the TensorFlow backend', { timeout: 240_000 }, () => {
  let session: E2ESession;

  before(async () => {
    // Read before the sandbox replaces XDG_CACHE_HOME; the sandbox passes process.env on.
    process.env.FLUKE_TENSORFLOW_HOME = tensorflowHome();
    session = await E2ESession.start('install-tensorflow');
  });

  afterEach(async (context) => {
    await session?.screenshotAfter(context.name);
  });

  after(async () => {
    await session?.close();
  });

  test('the command checks the installed backend and says it loads and trains', async () => {
    const { workbench } = session;
    await workbench.runCommand('Fluke: Install TensorFlow Backend');
    await workbench.waitVisible(
      workbench.notification(/TensorFlow 2\.21\.0 is already installed in .*\(it loads and trains\)\. Runs with backend "auto" or "tensorflow" train on it\./),
      'the notification that the installed backend loads and trains',
      120_000,
    );
    await workbench.screenshot('install-tensorflow');
  });
});
