/**
 * Measures the extension in a real code-server for `npm run bench` (src/bench/suites/extension.ts
 * runs this file and reads the JSON it prints last): VS Code's own activation time of Fluke and
 * of the built-in JSON language features in the same window, and the time from accepting the
 * runs in "Fluke: Compare Runs" to charts drawn for RUNS x EPOCHS stored runs, against the time
 * from "Markdown: Open Preview" to the built-in preview showing the same numbers as text.
 * Usage: node --import tsx test/e2e/bench/measureExtension.ts RUNS EPOCHS REPEATS
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { FrameLocator } from 'playwright-core';
import { loadExperimentFile } from '../../../src/experiment';
import { ensureExperiment } from '../../../src/store/experiments';
import { closeStore, openStore } from '../../../src/store/openStore';
import { createRun, markRunEnded, markRunRunning } from '../../../src/store/runs';
import { StoreRunSink } from '../../../src/store/runSink';
import { SeededRandom } from '../../../src/random/seededRandom';
import { E2ESession } from '../harness/session';
import type { Workbench } from '../harness/workbench';
import { generateTinyDataset, tinyExperiment, writeExperiment } from '../harness/workspaceFixtures';

const [runCount, epochCount, repeats] = process.argv.slice(2).map(Number) as [number, number, number];

/** RUNS completed runs of EPOCHS epochs each, written through the store's own API. */
function fillStore(workspace: string): string {
  generateTinyDataset(workspace); // the experiment file must name a dataset that exists
  const experimentPath = writeExperiment(workspace, 'bench.experiment.json', {
    ...tinyExperiment('bench', epochCount),
    grid: { 'runtime.seed': Array.from({ length: runCount }, (_, index) => index + 1) },
  });
  const planned = loadExperimentFile(experimentPath).runs;
  const store = openStore(join(workspace, '.fluke', 'fluke.db'));
  const random = new SeededRandom(7);
  const lines: string[] = [];
  try {
    const experiment = ensureExperiment(store, experimentPath, 'bench');
    for (const plan of planned) {
      const run = createRun(store, { experimentId: experiment.id, name: plan.name, config: plan.config, gridValues: plan.gridValues, pid: null, host: null, processIdentity: null });
      markRunRunning(store, run.id, { pid: process.pid, host: 'bench', processIdentity: null, backend: 'cpu' });
      const sink = new StoreRunSink(store, run.id);
      let loss = 1.5;
      let recall = 0.1;
      const losses: string[] = [];
      const recalls: string[] = [];
      for (let epoch = 1; epoch <= epochCount; epoch++) {
        loss *= 0.99 + random.next() * 0.015;
        recall = Math.min(1, recall + random.next() * 0.004);
        sink.writeEpoch({
          epoch: { epoch, loss, learnerLosses: [loss], learningRate: 0.001, seconds: 1, imagesPerSecond: 100, endedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, epoch)).toISOString() },
          metrics: { epoch, recallAtK: { '1': recall, '2': Math.min(1, recall * 1.2) }, nmi: recall, mapAtR: recall / 2, rPrecision: recall / 2, map5: recall },
          clusterings: [],
          retrievals: null,
          checkpointPath: null,
        });
        losses.push(loss.toFixed(6));
        recalls.push(recall.toFixed(6));
      }
      lines.push(`## ${plan.name}`, '', `loss: ${losses.join(', ')}`, '', `recall@1: ${recalls.join(', ')}`, '');
      markRunEnded(store, run.id, 'completed', null);
    }
  } finally {
    closeStore(store);
  }
  writeFileSync(join(workspace, 'runs.md'), `# ${runCount} runs x ${epochCount} epochs\n\n${lines.join('\n')}\nend of runs\n`);
  return experimentPath;
}

/** VS Code's own activation time (ms) of an extension, from "Developer: Show Running Extensions". */
async function activationTimes(workbench: Workbench, names: string[]): Promise<number[]> {
  await workbench.runCommand('Developer: Show Running Extensions');
  const times: number[] = [];
  for (const name of names) {
    const row = workbench.page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: name }).first();
    await workbench.waitVisible(row, `the running extension "${name}"`, 60_000);
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    const match = /(\d+(?:\.\d+)?)\s*ms/.exec(text);
    if (!match) throw new Error(`no activation time in the running extensions row "${text}"`);
    times.push(Number(match[1]));
  }
  await workbench.runCommand('View: Close Editor');
  return times;
}

async function drawnRuns(page: FrameLocator): Promise<number> {
  const raw = await page.locator('[data-testid=compare-chart-loss]').getAttribute('data-series', { timeout: 100 }).catch(() => null);
  const series = raw ? (JSON.parse(raw) as Array<{ points: number }>) : [];
  return series.filter((line) => line.points === epochCount).length;
}

async function timeCompare(workbench: Workbench): Promise<number> {
  await workbench.runCommand('Fluke: Compare Runs');
  // Tick the header checkbox, which checks every run the pick lists.
  const check = workbench.page.locator('.quick-input-widget .quick-input-header > .monaco-checkbox').first();
  await check.waitFor({ state: 'visible', timeout: 30_000 });
  await check.click();
  await workbench.waitVisible(workbench.page.locator('.quick-input-widget .quick-input-count', { hasText: `${runCount} Selected` }), 'every run selected');
  const ok = workbench.page.locator('.quick-input-widget .monaco-button', { hasText: 'OK' }).first();
  const page = workbench.webview();
  const started = performance.now();
  await ok.click();
  while ((await drawnRuns(page)) < runCount) {
    if (performance.now() - started > 120_000) throw new Error('Compare Runs did not draw every run within 120 s');
    await workbench.page.waitForTimeout(20);
  }
  const elapsed = performance.now() - started;
  await workbench.screenshot('bench-compare');
  await workbench.runCommand('View: Close Editor');
  return elapsed;
}

async function timeMarkdownPreview(workbench: Workbench): Promise<number> {
  await workbench.openFile('runs.md');
  // The shortcut goes to the focused editor: focus the markdown source first.
  await workbench.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  const page = workbench.webview();
  const started = performance.now();
  await workbench.page.keyboard.press('Control+Shift+V');
  await page.getByText('end of runs').waitFor({ state: 'attached', timeout: 120_000 });
  const elapsed = performance.now() - started;
  await workbench.runCommand('View: Close All Editors');
  return elapsed;
}

async function main(): Promise<void> {
  const session = await E2ESession.start('bench-extension', { prepareWorkspace: (workspace) => void fillStore(workspace) });
  try {
    const { workbench } = session;
    await workbench.openFile('bench.experiment.json');
    await workbench.openViewContainer('Fluke');
    await workbench.waitVisible(workbench.treeRow('bench'), 'the bench experiment in the Fluke view', 60_000);
    const [flukeActivation, jsonActivation] = await activationTimes(workbench, ['Fluke', 'JSON Language Features']);
    await workbench.runCommand('View: Close All Editors');
    const compare: number[] = [];
    const markdown: number[] = [];
    for (let repeat = 0; repeat < repeats; repeat++) {
      compare.push(await timeCompare(workbench));
      markdown.push(await timeMarkdownPreview(workbench));
    }
    console.log(JSON.stringify({ runs: runCount, epochs: epochCount, flukeActivation, jsonActivation, compare, markdown }));
  } finally {
    await session.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
