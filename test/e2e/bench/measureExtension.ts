/**
 * Measures the extension in a real code-server for `npm run bench` (src/bench/suites/extension.ts
 * runs this file and reads the JSON it prints last): VS Code's own activation time of Fluke and
 * of the built-in JSON language features in the same window, and the time from accepting the
 * runs in "Fluke: Compare Runs" to charts drawn for RUNS x EPOCHS stored runs (with where the
 * time went, from marks the page sets on its own clock, and the size of the data message),
 * and, for context, the time from "Markdown: Open Preview" to the built-in preview showing the
 * same numbers as text (null when the preview did not show them: the Compare row stands alone).
 * Usage: node --import tsx test/e2e/bench/measureExtension.ts RUNS EPOCHS REPEATS
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { loadExperimentFile } from '../../../src/experiment';
import { ensureExperiment } from '../../../src/store/experiments';
import { closeStore, openStore } from '../../../src/store/openStore';
import { createRun, markRunEnded, markRunRunning } from '../../../src/store/runs';
import { StoreRunSink } from '../../../src/store/storeRunSink';
import { listEpochs, listMetrics } from '../../../src/store/runResults';
import { listEpochBatches } from '../../../src/store/epochBatches';
import { listRuns } from '../../../src/store/runs';
import { buildCompareData } from '../../../src/extension/compare/compareModel';
import type { CompareTiming, ExtensionMeasurement } from '../../../src/bench/extensionMeasurement';
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

async function pageMarks(page: FrameLocator): Promise<{ origin: number; marks: Record<string, number> }> {
  // Runs in the page: `performance` here is the page's (this file uses Node's global, never an import).
  return page.locator('body').evaluate(() => ({
    origin: performance.timeOrigin,
    marks: Object.fromEntries(performance.getEntriesByType('mark').map((mark) => [mark.name, mark.startTime])),
  }));
}

async function timeCompare(workbench: Workbench): Promise<CompareTiming> {
  await workbench.runCommand('Fluke: Compare Runs');
  // Tick the header checkbox, which checks every run the pick lists.
  const check = workbench.page.locator('.quick-input-widget .quick-input-header > .monaco-checkbox').first();
  await check.waitFor({ state: 'visible', timeout: 30_000 });
  await check.click();
  await workbench.waitVisible(workbench.page.locator('.quick-input-widget .quick-input-count', { hasText: `${runCount} Selected` }), 'every run selected');
  const ok = workbench.page.locator('.quick-input-widget .monaco-button', { hasText: 'OK' }).first();
  const page = workbench.webview();
  const startedAt = Date.now();
  const started = performance.now();
  await ok.click();
  while ((await drawnRuns(page)) < runCount) {
    if (performance.now() - started > 120_000) throw new Error('Compare Runs did not draw every run within 120 s');
    await workbench.page.waitForTimeout(20);
  }
  const total = performance.now() - started;
  const { origin, marks } = await pageMarks(page);
  const [ready, data, rendered] = ['fluke-compare-ready', 'fluke-compare-data', 'fluke-compare-rendered'].map((name) => {
    if (marks[name] === undefined) throw new Error(`the Compare Runs page set no "${name}" mark`);
    return marks[name]!;
  }) as [number, number, number];
  const panelOpen = origin - startedAt;
  await workbench.screenshot('bench-compare');
  await workbench.runCommand('View: Close Editor');
  return { total, panelOpen, pageReady: ready, dataArrived: data - ready, render: rendered - data, observed: total - panelOpen - rendered };
}

/** Bytes of the SetData message the host sends for these runs (built as the host builds it). */
function compareMessageBytes(workspace: string): number {
  const store = openStore(join(workspace, '.fluke', 'fluke.db'));
  try {
    const runs = listRuns(store);
    const ids = runs.map((run) => run.id);
    const data = buildCompareData({ runs, availableRuns: runs, epochs: listEpochs(store, ids), metrics: listMetrics(store, ids), epochBatches: listEpochBatches(store, ids), clusterings: new Map() });
    return Buffer.byteLength(JSON.stringify({ type: 'setData', data }));
  } finally {
    closeStore(store);
  }
}

/**
 * Context only: the built-in Markdown preview of the same numbers. Opened through the command
 * palette on the open file (a keyboard shortcut depends on focus); a preview that does not show
 * the text within 60 s counts as not measured (null), never as a failed bench.
 */
async function timeMarkdownPreview(workbench: Workbench): Promise<number | null> {
  await workbench.openFile('runs.md');
  await workbench.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  const page = workbench.webview();
  const started = performance.now();
  try {
    await workbench.runCommand('Markdown: Open Preview');
    await page.getByText('end of runs').waitFor({ state: 'attached', timeout: 60_000 });
    return performance.now() - started;
  } catch (error) {
    console.error(`Markdown preview not measured: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return null;
  } finally {
    await workbench.runCommand('View: Close All Editors');
  }
}

async function main(): Promise<void> {
  let messageBytes = 0;
  const session = await E2ESession.start('bench-extension', {
    prepareWorkspace: (workspace) => {
      fillStore(workspace);
      messageBytes = compareMessageBytes(workspace);
    },
  });
  try {
    const { workbench } = session;
    await workbench.openFile('bench.experiment.json');
    await workbench.openViewContainer('Fluke');
    await workbench.waitVisible(workbench.treeRow('bench'), 'the bench experiment in the Fluke view', 60_000);
    const [flukeActivation, jsonActivation] = await activationTimes(workbench, ['Fluke', 'JSON Language Features']);
    await workbench.runCommand('View: Close All Editors');
    const compare: CompareTiming[] = [];
    const markdown: Array<number | null> = [];
    for (let repeat = 0; repeat < repeats; repeat++) {
      compare.push(await timeCompare(workbench));
      markdown.push(await timeMarkdownPreview(workbench));
    }
    const measurement: ExtensionMeasurement = { runs: runCount, epochs: epochCount, flukeActivation, jsonActivation, compare, markdown, messageBytes };
    console.log(JSON.stringify(measurement));
  } finally {
    await session.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
