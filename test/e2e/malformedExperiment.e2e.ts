/**
 * A malformed experiment file: VS Code shows its problems (Problems panel, squiggles in the
 * editor), and "Fluke: Run Experiment" refuses it with a message, starting no training process.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { E2ESession } from './harness/session';
import { storedRuns } from './harness/store';
import { generateTinyDataset, tinyExperiment, writeExperiment } from './harness/workspaceFixtures';

describe('a malformed experiment file', { timeout: 240_000 }, () => {
  let session: E2ESession;

  before(async () => {
    session = await E2ESession.start('malformed-experiment', {
      prepareWorkspace: (workspace) => {
        generateTinyDataset(workspace);
        const broken = tinyExperiment('broken', 2);
        // An embedding of 10 cannot be split into 4 learners' slices; epochs must be a number.
        writeExperiment(workspace, 'broken.experiment.json', {
          ...broken,
          model: { ...broken.model, embeddingSize: 10 },
          method: { ...broken.method, clusters: 4 },
          epochs: 'many' as unknown as number,
        });
      },
    });
  });

  afterEach(async (context) => {
    await session?.screenshotAfter(context.name);
  });

  after(async () => {
    await session?.close();
  });

  test('the file shows its problems in the editor and the Problems panel', async () => {
    const { workbench } = session;
    await workbench.openFile('broken.experiment.json');
    await workbench.waitVisible(workbench.errorSquiggles(), 'an error squiggle in broken.experiment.json', 60_000);
    const problems = await workbench.problems();
    await workbench.waitVisible(problems.filter({ hasText: /epochs/ }), 'a problem about "epochs"', 30_000);
    await workbench.waitVisible(problems.filter({ hasText: /divisible|embeddingSize/ }), 'a problem about the embedding size and clusters', 30_000);
    await workbench.screenshot('problems');
  });

  test('Run Experiment refuses the file with a message and starts nothing', async () => {
    const { workbench } = session;
    await workbench.openFile('broken.experiment.json');
    await workbench.runCommand('Fluke: Run Experiment');
    await workbench.waitVisible(workbench.notification(/broken\.experiment\.json/), 'a message naming broken.experiment.json', 30_000);
    await workbench.screenshot('run-refused');
    assert.deepEqual(session.trainingProcesses(), [], 'no training process started');
    const database = join(session.workspace, '.fluke', 'fluke.db');
    if (existsSync(database)) assert.deepEqual(storedRuns(session.workspace), [], 'no run was stored');
  });
});
