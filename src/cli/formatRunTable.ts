import type { RunRecord } from '../protocol/records';
import { terminalSafe } from './terminalText';

/** Runs as an aligned text table for the terminal; names and other stored text with control characters escaped. */
export function formatRunTable(runs: RunRecord[]): string {
  if (runs.length === 0) return 'no runs\n';
  const header = ['id', 'status', 'epoch', 'best R@1', 'backend', 'started', 'name'];
  const rows = runs.map((run) =>
    [
      String(run.id),
      run.status,
      `${run.lastEpoch}/${run.epochs}`,
      run.bestRecallAt1 === null ? '-' : run.bestRecallAt1.toFixed(4),
      run.backend ?? '-',
      run.startedAt ? run.startedAt.replace('T', ' ').slice(0, 19) : '-',
      run.name,
    ].map(terminalSafe),
  );
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ');
  return [line(header), ...rows.map(line), ''].join('\n');
}
