import type { SummaryColumnKey, SummaryRow } from '../protocol/compareContract';

export const summaryColumns: ReadonlyArray<{ key: SummaryColumnKey; title: string; better: 'lower' | 'higher' | 'none' }> = [
  { key: 'name', title: 'Run', better: 'none' },
  { key: 'bestRecallAt1', title: 'Best R@1', better: 'higher' },
  { key: 'lastRecallAt1', title: 'Last R@1', better: 'higher' },
  { key: 'bestMapAtR', title: 'Best MAP@R', better: 'higher' },
  { key: 'bestMap5', title: 'Best MAP@5', better: 'higher' },
  { key: 'bestNmi', title: 'Best NMI', better: 'higher' },
  { key: 'lastLoss', title: 'Last loss', better: 'lower' },
  { key: 'epochs', title: 'Epochs', better: 'none' },
  { key: 'durationSeconds', title: 'Duration (s)', better: 'lower' },
  { key: 'imagesPerSecond', title: 'Images/s', better: 'higher' },
];

/** Rows sorted by one column; empty cells always last, ties kept in their order. */
export function sortSummaryRows(rows: readonly SummaryRow[], column: SummaryColumnKey, descending: boolean): SummaryRow[] {
  const direction = descending ? -1 : 1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((left, right) => {
      const a = left.row.values[column];
      const b = right.row.values[column];
      if (a === null || b === null) return a === b ? left.index - right.index : a === null ? 1 : -1;
      const order = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
      return order === 0 ? left.index - right.index : order * direction;
    })
    .map(({ row }) => row);
}
