import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '../shared/panel.css';
import './compare.css';
import type { Chart } from 'chart.js';
import {
  CompareMessageType,
  type CompareData,
  type CompareHostMessage,
  type CompareViewState,
  type CompareWebviewMessage,
  type SummaryColumnKey,
} from '../../src/protocol/compareContract';
import { codicon, h } from '../shared/dom';
import { colourSwatch, onThemeChange, recolourSwatches } from '../shared/theme';
import { onHostMessage, webviewApi } from '../shared/vscodeApi';
import { MetricChart, type ChartOptions } from './metricChart';
import { configDiffTable, summaryTable } from './tables';

declare global {
  interface Window {
    /** The chart.js instances by chart id, for end-to-end tests. */
    __flukeCharts?: Record<string, Chart>;
  }
}

const api = webviewApi<CompareViewState, CompareWebviewMessage>();
const defaults: CompareViewState = {
  runIds: [],
  smoothing: 0.6,
  logScale: false,
  xAxis: 'epoch',
  hiddenRunIds: [],
  sortColumn: 'bestRecallAt1',
  sortDescending: true,
};
let state: CompareViewState = { ...defaults, ...api.getState() };
let data: CompareData | null = null;
const charts = new Map<string, MetricChart>();
window.__flukeCharts = {};

function saveState(changes: Partial<CompareViewState>): void {
  state = { ...state, ...changes };
  api.setState(state);
}

function chartOptions(): ChartOptions {
  return { smoothing: state.smoothing, logScale: state.logScale, xAxis: state.xAxis, hiddenRunIds: state.hiddenRunIds };
}

// --- Toolbar -------------------------------------------------------------------------------

const addRunsButton = h('vscode-button', { 'data-testid': 'add-runs', icon: 'add', secondary: true }, 'Add runs…');
addRunsButton.addEventListener('click', () => api.postMessage({ type: CompareMessageType.PickRuns }));

const xAxisSelect = h(
  'vscode-single-select',
  { id: 'x-axis', 'data-testid': 'x-axis', 'aria-label': 'X axis' },
  h('vscode-option', { value: 'epoch', selected: state.xAxis === 'epoch' }, 'Epoch'),
  h('vscode-option', { value: 'wallTime', selected: state.xAxis === 'wallTime' }, 'Wall time'),
);
xAxisSelect.addEventListener('change', () => {
  saveState({ xAxis: xAxisSelect.value === 'wallTime' ? 'wallTime' : 'epoch' });
  redrawCharts();
});

const smoothingSlider = h('input', {
  id: 'smoothing',
  type: 'range',
  min: 0,
  max: 0.99,
  step: 0.01,
  value: state.smoothing,
  'data-testid': 'smoothing-slider',
  'aria-describedby': 'smoothing-value',
});
const smoothingValue = h('output', { id: 'smoothing-value', for: 'smoothing', 'data-testid': 'smoothing-value' }, state.smoothing.toFixed(2));
smoothingSlider.addEventListener('input', () => {
  const smoothing = Math.min(0.99, Math.max(0, Number(smoothingSlider.value)));
  smoothingValue.textContent = smoothing.toFixed(2);
  saveState({ smoothing });
  scheduleRedraw();
});

const logScaleBox = h('vscode-checkbox', { 'data-testid': 'log-scale', label: 'Log scale', checked: state.logScale });
logScaleBox.addEventListener('change', () => {
  saveState({ logScale: logScaleBox.checked });
  redrawCharts();
});

const legend = h('div', { class: 'legend', role: 'group', 'aria-label': 'Compared runs', 'data-testid': 'run-legend' });
const runPicker = h('div', { class: 'run-picker-list', 'data-testid': 'run-picker' });
const chartsSection = h('div', { class: 'charts', 'data-testid': 'charts' });
const summarySection = h('div', { 'data-testid': 'summary' });
const diffSection = h('div', {});
const emptyNotice = h('p', { class: 'empty', 'data-testid': 'compare-empty' }, 'Loading runs…');

document.getElementById('root')!.append(
  h(
    'div',
    { class: 'toolbar' },
    h('h1', {}, 'Compare Runs'),
    addRunsButton,
    h('label', { class: 'field', for: 'x-axis' }, h('span', {}, 'X axis'), xAxisSelect),
    h('label', { class: 'field', for: 'smoothing' }, h('span', {}, 'Smoothing'), smoothingSlider, smoothingValue),
    logScaleBox,
  ),
  h('details', { class: 'run-picker', 'data-testid': 'run-picker-details' }, h('summary', {}, 'Pick runs from the store'), runPicker),
  legend,
  emptyNotice,
  h('section', { class: 'section', 'aria-label': 'Charts' }, chartsSection),
  h('section', { class: 'section' }, h('h2', {}, 'Best and last values'), summarySection),
  h('section', { class: 'section' }, h('h2', {}, 'Config differences'), diffSection),
);

// --- Rendering ------------------------------------------------------------------------------

function selectRuns(runIds: number[]): void {
  api.postMessage({ type: CompareMessageType.SelectRuns, runIds });
}

function renderLegend(current: CompareData): void {
  legend.replaceChildren(
    ...current.runs.map((run) => {
      const hidden = state.hiddenRunIds.includes(run.runId);
      const toggle = h(
        'button',
        {
          class: `plain legend-toggle${hidden ? ' off' : ''}`,
          type: 'button',
          'aria-pressed': String(!hidden),
          title: hidden ? 'Show in the charts' : 'Hide from the charts',
          'data-testid': 'legend-run',
          'data-run-id': run.runId,
        },
        colourSwatch(run.colourIndex),
        h('span', { class: 'legend-name' }, run.name),
        h('span', { class: 'muted' }, `#${run.runId} · ${run.status}${run.clusters > 1 ? ` · K=${run.clusters}` : ''}`),
      );
      toggle.addEventListener('click', () => {
        const hiddenRunIds = hidden ? state.hiddenRunIds.filter((id) => id !== run.runId) : [...state.hiddenRunIds, run.runId];
        saveState({ hiddenRunIds });
        renderLegend(current);
        redrawCharts();
      });
      const remove = h('button', { class: 'plain', type: 'button', title: `Remove ${run.name}`, 'aria-label': `Remove ${run.name}`, 'data-testid': 'remove-run', 'data-run-id': run.runId }, codicon('close'));
      remove.addEventListener('click', () => selectRuns(current.runs.map((r) => r.runId).filter((id) => id !== run.runId)));
      return h('span', { class: 'legend-item' }, toggle, remove);
    }),
  );
}

function renderRunPicker(current: CompareData): void {
  const shown = new Set(current.runs.map((run) => run.runId));
  runPicker.replaceChildren(
    ...current.availableRuns.map((run) => {
      const box = h('vscode-checkbox', { label: `${run.name} (#${run.runId}, ${run.status})`, checked: shown.has(run.runId), 'data-run-id': run.runId });
      box.addEventListener('change', () => {
        const ids = current.runs.map((r) => r.runId);
        selectRuns(box.checked ? [...ids, run.runId] : ids.filter((id) => id !== run.runId));
      });
      return box;
    }),
  );
}

function exportChart(chartId: string, format: 'png' | 'csv'): void {
  if (format === 'csv') {
    api.postMessage({ type: CompareMessageType.ExportCsv, chartId });
    return;
  }
  const chart = charts.get(chartId);
  if (chart) api.postMessage({ type: CompareMessageType.ExportPng, chartId, dataUrl: chart.toPng() });
}

function renderCharts(current: CompareData): void {
  const wanted = new Set(current.charts.map((c) => c.id));
  for (const [id, chart] of charts) {
    if (!wanted.has(id)) {
      visibility.unobserve(chart.card);
      chart.destroy();
      charts.delete(id);
      delete window.__flukeCharts![id];
    }
  }
  for (const chartData of current.charts) {
    let chart = charts.get(chartData.id);
    if (chart) chart.update(chartData, chartOptions());
    else {
      chart = new MetricChart(chartData, chartOptions(), exportChart, chartsSection);
      charts.set(chartData.id, chart);
      visibility.observe(chart.card);
      window.__flukeCharts![chartData.id] = chart.chartInstance;
    }
    chartsSection.append(chart.card);
  }
}

const visibility = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) charts.get((entry.target as HTMLElement).dataset.chartId ?? '')?.setVisible(entry.isIntersecting);
  },
  { rootMargin: '300px 0px' },
);

let redrawFrame = 0;
/** A dragged slider fires faster than 20 runs x 30 charts redraw: one redraw per frame. */
function scheduleRedraw(): void {
  if (redrawFrame) return;
  redrawFrame = requestAnimationFrame(() => {
    redrawFrame = 0;
    redrawCharts();
  });
}

function redrawCharts(): void {
  if (!data) return;
  for (const chartData of data.charts) charts.get(chartData.id)?.update(chartData, chartOptions());
}

function renderTables(current: CompareData): void {
  summarySection.replaceChildren(
    summaryTable(current, state.sortColumn, state.sortDescending, (column: SummaryColumnKey) => {
      const sortDescending = column === state.sortColumn ? !state.sortDescending : column !== 'name';
      saveState({ sortColumn: column, sortDescending });
      renderTables(current);
      summarySection.querySelector<HTMLButtonElement>(`[data-column="${column}"]`)?.focus();
    }),
  );
  diffSection.replaceChildren(configDiffTable(current));
}

function render(current: CompareData): void {
  data = current;
  const runIds = current.runs.map((run) => run.runId);
  saveState({ runIds, hiddenRunIds: state.hiddenRunIds.filter((id) => runIds.includes(id)) });
  emptyNotice.hidden = current.runs.length > 0 && current.charts.length > 0;
  emptyNotice.textContent = current.runs.length === 0 ? 'No runs picked: add runs to compare.' : 'The picked runs have not written an epoch yet.';
  renderLegend(current);
  renderRunPicker(current);
  renderCharts(current);
  renderTables(current);
}

// Marks on the page's own clock: `npm run bench` reads them to say where Compare Runs spends its time.
onHostMessage<CompareHostMessage>((message) => {
  if (message.type !== CompareMessageType.SetData) return;
  performance.mark('fluke-compare-data');
  render(message.data);
  performance.mark('fluke-compare-rendered');
});

onThemeChange(() => {
  recolourSwatches(document);
  redrawCharts();
});

performance.mark('fluke-compare-ready');
api.postMessage({ type: CompareMessageType.Initialized });
