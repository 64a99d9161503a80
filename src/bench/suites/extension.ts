/**
 * The extension in a real VS Code (code-server + Chromium, the e2e harness): its activation time
 * against the built-in JSON language features' in the same window (both as VS Code reports them
 * in Running Extensions), and the time from accepting the runs in "Fluke: Compare Runs" to every
 * line drawn for 20 runs x 200 stored epochs against the built-in Markdown preview showing the
 * same numbers as text. The browser-driving script lives with the e2e suite (test/e2e/bench) and runs
 * as its own process, so playwright-core is never bundled into dist/bench.js.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { BenchRow, BenchSuite } from '../benchRow';
import { benchRatio } from '../benchRow';

interface Measurement {
  runs: number;
  epochs: number;
  flukeActivation: number;
  jsonActivation: number;
  compare: number[];
  markdown: number[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const extensionSuite: BenchSuite = async (context) => {
  const root = join(__dirname, '..');
  const [runs, epochs, repeats] = context.quick ? [5, 50, 1] : [20, 200, 3];
  context.log(`extension: code-server with ${runs} runs x ${epochs} epochs, ${repeats} repeat(s)`);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'test/e2e/bench/measureExtension.ts', String(runs), String(epochs), String(repeats)],
    { cwd: root, encoding: 'utf8', timeout: 600_000, env: { ...process.env, FLUKE_E2E_VSIX: process.env.FLUKE_E2E_VSIX ?? join(root, 'dist', 'fluke-lab.vsix') } },
  );
  if (result.status !== 0) {
    throw new Error(`test/e2e/bench/measureExtension.ts failed (exit ${result.status ?? result.signal}; needs \`npm run package\` and code-server): ${result.stderr.trim().split('\n').slice(-5).join(' ')}`);
  }
  const measured = JSON.parse(result.stdout.trim().split('\n').pop()!) as Measurement;
  const compare = median(measured.compare);
  const markdown = median(measured.markdown);
  const rows: BenchRow[] = [
    {
      group: 'extension',
      name: 'activation time',
      unit: 'ms',
      higherIsBetter: false,
      ours: measured.flukeActivation,
      reference: 'built-in JSON Language Features, same window',
      referenceValue: measured.jsonActivation,
      ratio: benchRatio(measured.flukeActivation, measured.jsonActivation, false),
      note: 'as VS Code reports it (Developer: Show Running Extensions), code-server 4.100.3',
    },
    {
      group: 'extension',
      name: `Compare Runs to charts drawn, ${measured.runs} runs x ${measured.epochs} epochs`,
      unit: 'ms',
      higherIsBetter: false,
      ours: compare,
      reference: 'built-in Markdown preview of the same numbers as text',
      referenceValue: markdown,
      ratio: benchRatio(compare, markdown, false),
      note: `median of ${measured.compare.length}; from accepting the quick pick until every run's loss line has all its points`,
    },
  ];
  return rows;
};
