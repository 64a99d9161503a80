/**
 * `npm run bench`: every suite measures this project against a reference in the same run,
 * writes bench/results.json and prints a table of ratios. `--quick` for a smoke run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism, cpus, loadavg } from 'node:os';
import type { BenchContext, BenchRow, BenchSuite } from './benchRow';
import { debianPython } from './python';
import { benchSuites } from './suites';

function formatNumber(value: number | null): string {
  if (value === null) return '-';
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(2) : value.toPrecision(3);
}

function printTable(rows: BenchRow[]): void {
  const header = ['group', 'row', 'unit', 'ours', 'reference', 'ref value', 'ratio', 'note'];
  const lines = rows.map((row) => [
    row.group,
    row.name,
    row.unit,
    formatNumber(row.ours),
    row.reference ?? '-',
    formatNumber(row.referenceValue),
    row.ratio === null ? '-' : `${row.ratio.toFixed(2)}x`,
    row.note,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) console.log(format(line));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => !['--quick', '--only'].includes(arg) && !arg.startsWith('--only='));
  if (unknown.length) {
    console.error(`bench: unknown flag ${unknown[0]} (flags: --quick, --only=GROUP[,GROUP])`);
    process.exit(2);
  }
  const onlyArg = args.find((arg) => arg.startsWith('--only='));
  const only = onlyArg ? onlyArg.slice('--only='.length).split(',') : null;
  const context: BenchContext = {
    quick: args.includes('--quick'),
    python: debianPython,
    threads: availableParallelism(),
    log: (message) => console.error(`[bench] ${message}`),
  };
  const rows: BenchRow[] = [];
  // The machine may be shared: each suite's load (1-minute average) before and after says how much.
  const load: Record<string, [number, number]> = {};
  const selected = Object.entries(benchSuites).filter(([group]) => !only || only.includes(group));
  for (const [group, suite] of selected as Array<[string, BenchSuite]>) {
    const loadBefore = loadavg()[0]!;
    context.log(`running ${group} (load average ${loadBefore.toFixed(2)} on ${cpus().length} cores)`);
    try {
      rows.push(...(await suite(context)));
    } catch (error) {
      rows.push({
        group,
        name: '(suite failed)',
        unit: '-',
        higherIsBetter: true,
        ours: null,
        reference: null,
        referenceValue: null,
        ratio: null,
        note: error instanceof Error ? error.message : String(error),
      });
    }
    load[group] = [loadBefore, loadavg()[0]!];
  }
  const outDir = join(__dirname, '..', 'bench');
  mkdirSync(outDir, { recursive: true });
  const result = {
    createdAt: new Date().toISOString(),
    quick: context.quick,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, threadsPerSide: context.threads },
    loadAverageBeforeAfter: load,
    rows,
  };
  writeFileSync(join(outDir, 'results.json'), JSON.stringify(result, null, 2));
  printTable(rows);
  console.log(`\nthreads per side ${context.threads}; load average (1 min) before -> after each suite: ${Object.entries(load).map(([group, [before, after]]) => `${group} ${before.toFixed(2)} -> ${after.toFixed(2)}`).join(', ')}`);
  console.log(`\nwrote ${join(outDir, 'results.json')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
