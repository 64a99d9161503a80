import {
  Chart,
  Decimation,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type Plugin,
} from 'chart.js';
import type { CompareChart, DrawnSeries } from '../../src/protocol/compareContract';
import { emaSmoothing } from '../../src/shared/emaSmoothing';
import { codicon, formatNumber, h } from '../shared/dom';
import { cssVariable, seriesColour } from '../shared/theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Decimation, Legend);

export interface ChartOptions {
  smoothing: number;
  logScale: boolean;
  xAxis: 'epoch' | 'wallTime';
  hiddenRunIds: readonly number[];
}

interface Point {
  x: number;
  y: number;
}

/** Paints the canvas background, so an exported PNG looks like the panel, not transparent. */
const canvasBackground: Plugin<'line'> = {
  id: 'flukeCanvasBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = cssVariable('--vscode-editor-background', '#1e1e1e');
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};


/** One chart card: title, export buttons, canvas, and a hidden table of what it drew. */
export class MetricChart {
  readonly card: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly valuesTable: HTMLTableElement;
  private readonly chart: Chart<'line', Point[]>;
  private data: CompareChart;
  private options: ChartOptions;
  /** Charts scrolled out of view are redrawn when they come back (20 runs x 30 charts is slow to redraw). */
  private visible = true;
  private stale = false;

  /** The card goes into `parent` before its chart is made: a chart made on a detached canvas draws again, at its real size, once attached. */
  constructor(data: CompareChart, options: ChartOptions, onExport: (chartId: string, format: 'png' | 'csv') => void, parent: HTMLElement) {
    this.data = data;
    this.options = options;
    this.canvas = h('canvas', {
      'data-testid': `compare-chart-${data.id}`,
      'data-chart-id': data.id,
      role: 'img',
      'aria-label': data.title,
    });
    this.valuesTable = h('table', { class: 'visually-hidden', 'data-testid': `compare-chart-${data.id}-values` });
    const title = h('h3', { id: `chart-title-${data.id}` }, data.title);
    const exportButton = (format: 'png' | 'csv', icon: string, label: string) => {
      const button = h('button', { class: 'plain', type: 'button', title: label, 'aria-label': `${label}: ${data.title}`, 'data-testid': `export-${format}-${data.id}` }, codicon(icon), format.toUpperCase());
      button.addEventListener('click', () => onExport(data.id, format));
      return button;
    };
    this.card = h(
      'section',
      { class: 'chart-card', 'data-testid': 'chart-card', 'data-chart-id': data.id, 'aria-labelledby': `chart-title-${data.id}` },
      h('header', { class: 'chart-header' }, title, h('span', { class: 'spacer' }), exportButton('png', 'file-media', 'Save as PNG'), exportButton('csv', 'table', 'Save data as CSV')),
      h('div', { class: 'chart-canvas' }, this.canvas),
      this.valuesTable,
    );
    parent.append(this.card);
    this.chart = new Chart(this.canvas, this.configuration());
    this.update(data, options);
  }

  get chartInstance(): Chart<'line', Point[]> {
    return this.chart;
  }

  update(data: CompareChart, options: ChartOptions): void {
    this.data = data;
    this.options = options;
    const smoothed = data.kind !== 'clusterSizes';
    this.chart.data.datasets = data.series.map((series) => {
      const xs = options.xAxis === 'epoch' ? series.epochs : series.wallSeconds.map((seconds) => seconds / 60);
      const ys = smoothed ? emaSmoothing(series.values, options.smoothing) : series.values;
      const colour = seriesColour(series.colourIndex);
      return {
        label: series.label,
        data: xs.map((x, i) => ({ x, y: options.logScale && !(ys[i]! > 0) ? Number.NaN : ys[i]! })),
        borderColor: colour,
        backgroundColor: colour,
        borderWidth: 1.5,
        pointRadius: xs.length > 40 ? 0 : 2,
        pointHoverRadius: 4,
        hidden: options.hiddenRunIds.includes(series.runId),
      };
    });
    this.applyOptions(options);
    if (this.visible) this.chart.update('none');
    else this.stale = true;
    this.expose();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.stale) {
      this.stale = false;
      this.chart.update('none');
    }
  }

  toPng(): string {
    if (this.stale) this.setVisible(true);
    return this.chart.toBase64Image('image/png');
  }

  destroy(): void {
    this.chart.destroy();
    this.card.remove();
  }

  private drawn(): DrawnSeries[] {
    return this.chart.data.datasets.map((dataset, index) => {
      const series = this.data.series[index]!;
      const visible = dataset.data.filter((point) => Number.isFinite(point.y));
      const last = visible.at(-1);
      return {
        key: series.key,
        runId: series.runId,
        label: series.label,
        points: visible.length,
        lastX: last?.x ?? null,
        lastY: last?.y ?? null,
        hidden: dataset.hidden === true,
      };
    });
  }

  /** Writes what was drawn into the DOM: a data-series attribute and a hidden table. */
  private expose(): void {
    const drawn = this.drawn();
    this.canvas.dataset.series = JSON.stringify(drawn);
    this.valuesTable.replaceChildren(
      h('caption', {}, `${this.data.title}: last value drawn per line`),
      h('thead', {}, h('tr', {}, h('th', {}, 'Series'), h('th', {}, 'Run'), h('th', {}, 'Points'), h('th', {}, 'Last x'), h('th', {}, 'Last value'))),
      h(
        'tbody',
        {},
        ...drawn.map((line) =>
          h(
            'tr',
            { 'data-run-id': line.runId, 'data-series-key': line.key, 'data-last-value': line.lastY ?? '', 'data-hidden': String(line.hidden) },
            h('td', {}, line.label),
            h('td', {}, String(line.runId)),
            h('td', {}, String(line.points)),
            h('td', {}, formatNumber(line.lastX)),
            h('td', {}, formatNumber(line.lastY, 4)),
          ),
        ),
      ),
    );
  }

  private configuration(): ChartConfiguration<'line', Point[]> {
    return {
      type: 'line',
      data: { datasets: [] },
      plugins: [canvasBackground],
      options: {
        animation: false,
        parsing: false,
        normalized: true,
        responsive: true,
        maintainAspectRatio: false,
        spanGaps: true,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        plugins: {
          legend: { display: false },
          decimation: { enabled: true, algorithm: 'lttb', samples: 300 },
          tooltip: {
            callbacks: {
              label: (item) => `${item.dataset.label ?? ''}: ${formatNumber(item.parsed.y, 4)}`,
              title: (items) => (items[0] ? `${this.options.xAxis === 'epoch' ? 'epoch' : 'minute'} ${formatNumber(items[0].parsed.x, 2)}` : ''),
            },
          },
        },
        scales: { x: { type: 'linear' }, y: { type: 'linear' } },
      },
    };
  }

  private applyOptions(options: ChartOptions): void {
    const foreground = cssVariable('--vscode-foreground', '#cccccc');
    const muted = cssVariable('--vscode-descriptionForeground', foreground);
    const grid = cssVariable('--vscode-editorWidget-border', cssVariable('--vscode-panel-border', 'rgba(128,128,128,0.3)'));
    const font = { family: cssVariable('--vscode-font-family', 'sans-serif'), size: 11 };
    const chartOptions = this.chart.options;
    chartOptions.color = foreground;
    chartOptions.borderColor = grid;
    const axis = (title: string | null) => ({
      title: { display: title !== null, text: title ?? '', color: muted, font },
      ticks: { color: muted, font, maxTicksLimit: 8 },
      grid: { color: grid, tickColor: grid },
      border: { color: grid },
    });
    chartOptions.scales = {
      x: options.xAxis === 'epoch'
        // Epochs are whole numbers: no tick at 1.5.
        ? { type: 'linear', ...axis('Epoch'), ticks: { ...axis('Epoch').ticks, precision: 0 } }
        : { type: 'linear', ...axis('Wall time (minutes)') },
      // The card's heading names the metric; the y axis needs no title of its own.
      y: options.logScale && this.data.kind !== 'clusterSizes'
        ? { type: 'logarithmic', ...axis(null) }
        : {
            type: 'linear',
            ...axis(null),
            // A metric that barely moves would otherwise show float noise (0.41666666666666674).
            ticks: { ...axis(null).ticks, callback: (value: string | number) => String(Number(Number(value).toPrecision(6))) },
          },
    };
    // Run colours are explained by the page's run legend; cluster colours only here.
    const legend = chartOptions.plugins!.legend!;
    legend.display = this.data.kind === 'clusterSizes';
    legend.position = 'bottom';
    const labels = legend.labels!;
    labels.color = foreground;
    labels.font = font;
    labels.boxWidth = 10;
    labels.boxHeight = 10;
    const tooltip = chartOptions.plugins!.tooltip!;
    tooltip.backgroundColor = cssVariable('--vscode-editorHoverWidget-background', '#252526');
    tooltip.borderColor = cssVariable('--vscode-editorHoverWidget-border', grid);
    tooltip.borderWidth = 1;
    tooltip.titleColor = cssVariable('--vscode-editorHoverWidget-foreground', foreground);
    tooltip.bodyColor = tooltip.titleColor;
    tooltip.titleFont = font;
    tooltip.bodyFont = font;
  }
}
