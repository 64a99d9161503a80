import type { CompareData, ConfigDiffRow, SummaryColumnKey, SummaryRow } from '../../src/protocol/compareContract';
import { sortSummaryRows, summaryColumns } from '../../src/shared/summaryTable';
import { codicon, formatNumber, h } from '../shared/dom';
import { colourSwatch } from '../shared/theme';

function runHeader(run: CompareData['runs'][number]): HTMLElement {
  return h('th', { scope: 'col', 'data-run-id': run.runId }, h('span', { class: 'run-label' }, colourSwatch(run.colourIndex), run.name));
}

/** The config keys whose values differ between the compared runs. */
export function configDiffTable(data: CompareData): HTMLElement {
  if (data.runs.length < 2) {
    return h('p', { class: 'empty', 'data-testid': 'config-diff', 'data-rows': 0 }, 'Pick two or more runs to see how their configs differ.');
  }
  if (data.configDiff.length === 0) {
    return h('p', { class: 'empty', 'data-testid': 'config-diff', 'data-rows': 0 }, 'The compared runs have the same config.');
  }
  const row = (diff: ConfigDiffRow) =>
    h(
      'tr',
      { 'data-path': diff.path },
      h('th', { scope: 'row' }, h('code', {}, diff.path)),
      ...diff.values.map((value) => h('td', { title: value }, value)),
    );
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'data', 'data-testid': 'config-diff', 'data-rows': data.configDiff.length },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Key'), ...data.runs.map(runHeader))),
      h('tbody', {}, ...data.configDiff.map(row)),
    ),
  );
}

function cellText(key: SummaryColumnKey, value: number | string | null): string {
  if (typeof value === 'string') return value;
  if (key === 'epochs') return value === null ? '—' : String(value);
  if (key === 'durationSeconds') return value === null ? '—' : value.toFixed(1);
  if (key === 'imagesPerSecond') return formatNumber(value, 1);
  return formatNumber(value, 4);
}

/** Best and last values per run; column headers are buttons that sort (click or Enter). */
export function summaryTable(
  data: CompareData,
  sortColumn: SummaryColumnKey,
  sortDescending: boolean,
  onSort: (column: SummaryColumnKey) => void,
): HTMLElement {
  const rows = sortSummaryRows(data.summary, sortColumn, sortDescending);
  const bestOf = new Map<SummaryColumnKey, number>();
  for (const column of summaryColumns) {
    const values = data.summary.map((row) => row.values[column.key]).filter((v): v is number => typeof v === 'number');
    if (values.length > 1 && column.better !== 'none') bestOf.set(column.key, column.better === 'higher' ? Math.max(...values) : Math.min(...values));
  }
  const header = summaryColumns.map((column) => {
    const active = column.key === sortColumn;
    const button = h(
      'button',
      { class: 'plain sort-button', type: 'button', 'data-testid': `sort-${column.key}`, 'data-column': column.key },
      column.title,
      active ? codicon(sortDescending ? 'arrow-down' : 'arrow-up') : null,
    );
    button.addEventListener('click', () => onSort(column.key));
    return h(
      'th',
      { scope: 'col', class: column.key === 'name' ? '' : 'number', 'aria-sort': active ? (sortDescending ? 'descending' : 'ascending') : 'none' },
      button,
    );
  });
  const row = (summary: SummaryRow) =>
    h(
      'tr',
      { 'data-run-id': summary.runId },
      ...summaryColumns.map((column) => {
        const value = summary.values[column.key];
        if (column.key === 'name') {
          return h('th', { scope: 'row' }, h('span', { class: 'run-label' }, colourSwatch(summary.colourIndex), String(value)));
        }
        const best = typeof value === 'number' && bestOf.get(column.key) === value;
        return h('td', { class: best ? 'number best' : 'number', 'data-column': column.key, 'data-value': value ?? '' }, cellText(column.key, value));
      }),
    );
  return h(
    'div',
    { class: 'table-scroll' },
    h('table', { class: 'data', 'data-testid': 'summary-table' }, h('thead', {}, h('tr', {}, ...header)), h('tbody', {}, ...rows.map(row))),
  );
}
