/**
 * Cluster churn over a run: the NMI between each reclustering and the one before it (1 = no
 * image changed cluster). Low values mean the learners' data keeps changing under them.
 */
import { Chart, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { ClusteringChoice } from '../../src/protocol/clustersContract';
import { h } from '../shared/dom';
import { cssVariable, seriesColour } from '../shared/theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip);

export class ChurnChart {
  readonly section: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly values: HTMLTableElement;
  private readonly empty: HTMLElement;
  private readonly chart: Chart<'line', Array<{ x: number; y: number }>>;

  constructor() {
    this.canvas = h('canvas', { 'data-testid': 'churn-chart', role: 'img', 'aria-label': 'NMI between consecutive clusterings, by epoch' });
    this.values = h('table', { class: 'visually-hidden', 'data-testid': 'churn-values' });
    this.empty = h('p', { class: 'empty' }, 'No reclustering to compare yet: churn needs two divisions into K clusters.');
    this.section = h(
      'section',
      { class: 'section', 'aria-labelledby': 'churn-title' },
      h('h2', { id: 'churn-title' }, 'Cluster churn: NMI with the previous clustering'),
      this.empty,
      h('div', { class: 'chart-canvas churn-canvas' }, this.canvas),
      this.values,
    );
    this.chart = new Chart(this.canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        parsing: false,
        scales: {
          x: { type: 'linear', title: { display: true, text: 'epoch' }, ticks: { precision: 0 } },
          y: { type: 'linear', min: 0, max: 1, title: { display: true, text: 'NMI' } },
        },
        plugins: { tooltip: { enabled: true } },
      },
    });
  }

  update(clusterings: readonly ClusteringChoice[]): void {
    const points = clusterings.filter((c) => c.churnNmi !== null).map((c) => ({ x: c.epoch, y: c.churnNmi! }));
    this.empty.hidden = points.length > 0;
    this.canvas.parentElement!.hidden = points.length === 0;
    const colour = seriesColour(0);
    this.chart.data.datasets = [{ label: 'NMI', data: points, borderColor: colour, backgroundColor: colour, borderWidth: 1.5, pointRadius: 3 }];
    this.recolour();
    this.canvas.dataset.points = JSON.stringify(points);
    this.values.replaceChildren(
      h('caption', {}, 'NMI with the previous clustering'),
      h('tr', {}, h('th', { scope: 'col' }, 'epoch'), h('th', { scope: 'col' }, 'NMI')),
      ...points.map((point) => h('tr', {}, h('td', {}, String(point.x)), h('td', {}, point.y.toFixed(3)))),
    );
  }

  /** Axis and grid colours follow the theme (a canvas cannot read CSS variables itself). */
  recolour(): void {
    const text = cssVariable('--vscode-foreground', '#cccccc');
    const grid = cssVariable('--vscode-editorWidget-border', 'rgba(128, 128, 128, 0.3)');
    for (const scale of Object.values(this.chart.options.scales ?? {})) {
      if (!scale) continue;
      scale.ticks = { ...scale.ticks, color: text };
      scale.grid = { ...scale.grid, color: grid };
      if ('title' in scale && scale.title) scale.title.color = text;
    }
    this.chart.update('none');
  }
}
