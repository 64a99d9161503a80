import '@vscode-elements/elements/dist/vscode-button/index.js';
import '../shared/panel.css';
import './clusters.css';
import {
  ClustersMessageType,
  type ClusteringChoice,
  type ClusteringView,
  type ClustersHostMessage,
  type ClustersViewState,
  type ClustersWebviewMessage,
  type ClusterMovement,
  type ClusterView,
} from '../../src/protocol/clustersContract';
import { formatNumber, h } from '../shared/dom';
import { setSelectOptions } from '../shared/selectOptions';
import { colourSwatch, onThemeChange, recolourSwatches } from '../shared/theme';
import { ThumbnailCache } from '../shared/thumbnailCache';
import { onHostMessage, webviewApi } from '../shared/vscodeApi';
import { ChurnChart } from './churnChart';

const api = webviewApi<ClustersViewState, ClustersWebviewMessage>();
let state: ClustersViewState = { runId: null, clusteringId: null, ...api.getState() };
function saveState(changes: Partial<ClustersViewState>): void {
  state = { ...state, ...changes };
  api.setState(state);
}

let clusterings: ClusteringChoice[] = [];
const thumbnails = new ThumbnailCache((runId, imageIds, size) =>
  api.postMessage({ type: ClustersMessageType.RequestThumbnails, runId, imageIds, size }),
);

const runSelect = h('vscode-single-select', { id: 'run', 'data-testid': 'clusters-run-select', 'aria-label': 'Run' });
runSelect.addEventListener('change', () => {
  const runId = Number(runSelect.value);
  if (Number.isInteger(runId) && runId > 0 && runId !== state.runId) api.postMessage({ type: ClustersMessageType.SelectRun, runId });
});

const slider = h('input', { id: 'reclustering', type: 'range', min: 0, max: 0, step: 1, value: 0, 'data-testid': 'reclustering-slider', 'aria-label': 'Reclustering' });
const sliderLabel = h('output', { for: 'reclustering', 'data-testid': 'reclustering-label' });
let selectTimer: ReturnType<typeof setTimeout> | undefined;
slider.addEventListener('input', () => {
  const choice = clusterings[Number(slider.value)];
  if (!choice) return;
  describeChoice(choice);
  saveState({ clusteringId: choice.clusteringId });
  // Dragging passes many reclusterings; ask for the one the slider rests on.
  clearTimeout(selectTimer);
  selectTimer = setTimeout(() => api.postMessage({ type: ClustersMessageType.SelectClustering, clusteringId: choice.clusteringId }), 120);
});

const summary = h('p', { class: 'muted', 'data-testid': 'clustering-summary' }, 'Loading…');
const cards = h('div', { class: 'cluster-cards', 'data-testid': 'cluster-cards' });
const movement = h('div', { class: 'movement', 'data-testid': 'movement' });
const churn = new ChurnChart();

document.getElementById('root')!.append(
  h(
    'div',
    { class: 'toolbar' },
    h('h1', {}, 'Clusters'),
    h('label', { class: 'field', for: 'run' }, h('span', {}, 'Run'), runSelect),
    h('label', { class: 'field', for: 'reclustering' }, h('span', {}, 'Reclustering'), slider, sliderLabel),
  ),
  summary,
  h('section', { class: 'section', 'aria-label': 'Clusters' }, cards),
  h('section', { class: 'section' }, h('h2', {}, 'How images moved since the previous reclustering'), movement),
  churn.section,
);

function describeChoice(choice: ClusteringChoice): void {
  const index = clusterings.indexOf(choice);
  sliderLabel.textContent = `epoch ${choice.epoch} · K = ${choice.k} · ${index + 1} of ${clusterings.length}`;
}

/** A small horizontal bar (decorative: the number beside it says the same). */
function bar(share: number): HTMLElement {
  const fill = h('span', { class: 'bar-fill' });
  fill.style.setProperty('--fill', Math.max(0, Math.min(1, share)).toFixed(3));
  return h('span', { class: 'bar', 'aria-hidden': 'true' }, fill);
}

/** Opens the Embedding Map with this cluster's images picked out. */
function showOnMapButton(runId: number, epoch: number, cluster: number): HTMLElement {
  const button = h('vscode-button', { 'data-testid': 'show-cluster-on-map', secondary: true, icon: 'graph-scatter' }, 'Show on map');
  button.addEventListener('click', () => api.postMessage({ type: ClustersMessageType.ShowOnMap, runId, epoch, cluster }));
  return button;
}

function usageText(cluster: ClusterView): string {
  if (!cluster.usage) return '-';
  const { images, classes, batches } = cluster.usage;
  return `${images} images, ${classes} identities (${batches} batches)`;
}

function clusterCard(runId: number, epoch: number, cluster: ClusterView, largest: number, usageEpoch: number | null): HTMLElement {
  const purity = bar(cluster.purity);
  const sizeBar = bar(cluster.size / largest);
  return h(
    'article',
    { class: 'cluster-card', 'data-testid': 'cluster-card', 'data-cluster': cluster.cluster, 'data-size': cluster.size, 'data-purity': cluster.purity },
    h('header', {}, colourSwatch(cluster.cluster), h('h3', {}, `Cluster ${cluster.cluster + 1}`), h('span', { class: 'spacer' }), showOnMapButton(runId, epoch, cluster.cluster)),
    h(
      'dl',
      { class: 'cluster-facts' },
      h('dt', {}, 'Size'),
      h('dd', { 'data-testid': 'cluster-size' }, String(cluster.size), sizeBar),
      h('dt', {}, 'Purity'),
      h('dd', { 'data-testid': 'cluster-purity' }, `${(cluster.purity * 100).toFixed(1)} %`, purity),
      h('dt', {}, 'Identities'),
      h('dd', {}, `${cluster.identities}${cluster.topIdentity ? ` (most: ${cluster.topIdentity})` : ''}`),
      h('dt', {}, 'Learner loss'),
      h('dd', { 'data-testid': 'learner-loss', 'data-value': cluster.learnerLoss ?? '' }, formatNumber(cluster.learnerLoss, 4)),
      h('dt', {}, usageEpoch === null ? 'Drawn' : `Drawn in epoch ${usageEpoch}`),
      h('dd', { 'data-testid': 'cluster-usage', 'data-images': cluster.usage?.images ?? '', 'data-classes': cluster.usage?.classes ?? '' }, usageText(cluster)),
    ),
    h(
      'div',
      { class: 'samples', 'aria-label': `Sample images of cluster ${cluster.cluster + 1}` },
      ...cluster.sampleImageIds.map((imageId) => thumbnails.slot(runId, imageId, 'small', `image ${imageId}`, 'cluster-sample')),
    ),
  );
}

function movementTable(view: ClusteringView, moved: ClusterMovement): HTMLElement {
  const total = moved.matrix.flat().reduce((sum, count) => sum + count, 0);
  const largest = Math.max(1, ...moved.matrix.flat());
  return h(
    'div',
    { class: 'table-scroll' },
    h('p', { class: 'muted' }, `From epoch ${moved.fromEpoch} to epoch ${view.epoch}: ${(moved.movedShare * 100).toFixed(1)} % of ${total} images changed cluster. Rows: before; columns: after.`),
    h(
      'table',
      { class: 'data matrix', 'data-testid': 'movement-matrix', 'data-moved-share': moved.movedShare },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'before \\ after'), ...moved.matrix[0]!.map((_, j) => h('th', { scope: 'col', class: 'number' }, colourSwatch(j), ` ${j + 1}`)))),
      h(
        'tbody',
        {},
        ...moved.matrix.map((row, i) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, colourSwatch(i), ` ${i + 1}`),
            ...row.map((count, j) => {
              const cell = h('td', { class: `number${i === j ? ' stayed' : ''}`, 'data-from': i, 'data-to': j, 'data-count': count }, String(count));
              cell.style.setProperty('--heat', (count / largest).toFixed(3));
              return cell;
            }),
          ),
        ),
      ),
    ),
  );
}

function renderClustering(view: ClusteringView): void {
  const index = clusterings.findIndex((c) => c.clusteringId === view.clusteringId);
  if (index >= 0) {
    slider.value = String(index);
    describeChoice(clusterings[index]!);
  }
  saveState({ clusteringId: view.clusteringId });
  const images = view.clusters.reduce((sum, cluster) => sum + cluster.size, 0);
  summary.textContent = `${images} training images in ${view.k} clusters, clustered on ${view.features} features at epoch ${view.epoch}.`;
  const largest = Math.max(1, ...view.clusters.map((cluster) => cluster.size));
  cards.replaceChildren(...view.clusters.map((cluster) => clusterCard(view.runId, view.epoch, cluster, largest, view.usageEpoch)));
  movement.replaceChildren(
    view.movement ? movementTable(view, view.movement) : h('p', { class: 'empty' }, 'This is the first clustering of the run: nothing moved yet.'),
  );
}

onHostMessage<ClustersHostMessage>((message) => {
  switch (message.type) {
    case ClustersMessageType.SetRun: {
      clusterings = message.clusterings;
      churn.update(clusterings);
      saveState({ runId: message.runId, clusteringId: message.clusteringId });
      setSelectOptions(
        runSelect,
        message.availableRuns.map((run) => ({ value: String(run.runId), label: `${run.name} (#${run.runId})`, description: `K = ${run.clusters}` })),
        String(message.runId ?? ''),
      );
      slider.max = String(Math.max(0, clusterings.length - 1));
      slider.disabled = clusterings.length < 2;
      const shown = clusterings.find((c) => c.clusteringId === message.clusteringId);
      if (shown) {
        slider.value = String(clusterings.indexOf(shown));
        describeChoice(shown);
      } else {
        sliderLabel.textContent = '';
        summary.textContent = `${message.runName} has no clustering yet (divide and conquer clusters before its first epoch).`;
        cards.replaceChildren();
        movement.replaceChildren();
      }
      return;
    }
    case ClustersMessageType.SetClustering:
      renderClustering(message.view);
      return;
    case ClustersMessageType.Thumbnails:
      thumbnails.receive(message.images);
      return;
  }
});

onThemeChange(() => {
  recolourSwatches(document);
  churn.recolour();
});

api.postMessage({ type: ClustersMessageType.Initialized });
