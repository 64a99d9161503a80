import '@vscode-elements/elements/dist/vscode-button/index.js';
import '../shared/panel.css';
import './embeddingMap.css';
import {
  EmbeddingMapMessageType,
  PointRetrieval,
  pointSplits,
  type EmbeddingMapHostMessage,
  type EmbeddingMapViewState,
  type EmbeddingMapWebviewMessage,
  type MapColouring,
  type MapHighlight,
  type MapPoints,
  type MapSlotState,
} from '../../src/protocol/embeddingMapContract';
import type { RunSlot } from '../../src/protocol/retrievalContract';
import { h } from '../shared/dom';
import { setSelectOptions } from '../shared/selectOptions';
import { colourSwatch, cssVariable, onThemeChange, recolourSwatches, seriesColour } from '../shared/theme';
import { ThumbnailCache } from '../shared/thumbnailCache';
import { onHostMessage, webviewApi } from '../shared/vscodeApi';
import { ScatterView, type PointStyle } from './scatterView';

const api = webviewApi<EmbeddingMapViewState, EmbeddingMapWebviewMessage>();
let state: EmbeddingMapViewState = { runIdA: null, runIdB: null, epoch: null, colouring: 'identity', ...api.getState() };
function saveState(changes: Partial<EmbeddingMapViewState>): void {
  state = { ...state, ...changes };
  api.setState(state);
}

const thumbnails = new ThumbnailCache((runId, imageIds, size) => api.postMessage({ type: EmbeddingMapMessageType.RequestThumbnails, runId, imageIds, size }));
let slotInfo: Record<RunSlot, MapSlotState | null> = { a: null, b: null };
let maps: Record<RunSlot, MapPoints | null> = { a: null, b: null };
let highlight: MapHighlight | null = null;
let epochs: number[] = [];

// Controls.
const runSelect = {
  a: h('vscode-single-select', { id: 'run-a', 'data-testid': 'map-run-a', 'aria-label': 'Run A' }),
  b: h('vscode-single-select', { id: 'run-b', 'data-testid': 'map-run-b', 'aria-label': 'Run B' }),
};
for (const slot of ['a', 'b'] as const) {
  runSelect[slot].addEventListener('change', () => {
    const value = runSelect[slot].value;
    const runId = value === '' ? null : Number(value);
    if (slot === 'a' && runId === null) return;
    if (runId === (slot === 'a' ? state.runIdA : state.runIdB)) return;
    api.postMessage({ type: EmbeddingMapMessageType.SelectRun, slot, runId });
  });
}
const slider = h('input', { id: 'epoch', type: 'range', min: 0, max: 0, step: 1, value: 0, 'data-testid': 'map-epoch-slider', 'aria-label': 'Epoch' });
const sliderLabel = h('output', { for: 'epoch', 'data-testid': 'map-epoch-label' });
let selectTimer: ReturnType<typeof setTimeout> | undefined;
function askForEpoch(epoch: number): void {
  sliderLabel.textContent = `epoch ${epoch}`;
  clearTimeout(selectTimer);
  // Dragging passes many epochs; ask for the one the slider rests on.
  selectTimer = setTimeout(() => api.postMessage({ type: EmbeddingMapMessageType.SelectEpoch, epoch }), 120);
}
slider.addEventListener('input', () => {
  stopPlaying();
  const epoch = epochs[Number(slider.value)];
  if (epoch !== undefined) askForEpoch(epoch);
});
const playButton = h('vscode-button', { 'data-testid': 'map-play', secondary: true, icon: 'play', title: 'Play the epochs in order' }, 'Play');
let playTimer: ReturnType<typeof setInterval> | undefined;
function stopPlaying(): void {
  clearInterval(playTimer);
  playTimer = undefined;
  playButton.setAttribute('icon', 'play');
  playButton.textContent = 'Play';
}
playButton.addEventListener('click', () => {
  if (playTimer !== undefined) return stopPlaying();
  if (epochs.length < 2) return;
  let index = Number(slider.value) >= epochs.length - 1 ? 0 : Number(slider.value);
  playButton.setAttribute('icon', 'debug-pause');
  playButton.textContent = 'Pause';
  const advance = () => {
    slider.value = String(index);
    askForEpoch(epochs[index]!);
    index++;
    if (index >= epochs.length) stopPlaying();
  };
  advance();
  playTimer = setInterval(advance, 1400);
});
const colouringSelect = h('vscode-single-select', { id: 'colouring', 'data-testid': 'map-colouring', 'aria-label': 'Colour by' });
const colourings: Array<{ value: MapColouring; label: string }> = [
  { value: 'identity', label: 'Identity' },
  { value: 'cluster', label: 'Divide-and-conquer cluster' },
  { value: 'retrieval', label: 'Retrieval correct / incorrect' },
  { value: 'learner', label: 'Learner slice' },
];
setSelectOptions(colouringSelect, colourings, state.colouring);
colouringSelect.addEventListener('change', () => {
  saveState({ colouring: colouringSelect.value as MapColouring });
  restyle();
});
const resetButton = h('vscode-button', { 'data-testid': 'map-reset-view', secondary: true, icon: 'screen-normal', title: 'Back to the whole map' }, 'Reset view');
resetButton.addEventListener('click', () => {
  for (const view of Object.values(views)) view.resetView();
});

const highlightNote = h('p', { class: 'highlight-note', 'data-testid': 'map-highlight', hidden: true });
const legend = h('div', { class: 'legend', 'data-testid': 'map-legend' });
const tooltip = h('div', { class: 'map-tooltip', 'data-testid': 'map-tooltip', role: 'tooltip', hidden: true });
const selection = h('section', { class: 'section selection', 'data-testid': 'map-selection', 'aria-live': 'polite' });

// The maps: A, and B beside it.
function slotView(slot: RunSlot): { view: ScatterView; status: HTMLElement; column: HTMLElement } {
  const view = new ScatterView(`map-canvas-${slot}`, {
    hover: (index, x, y) => showTooltip(slot, index, x, y),
    click: (index) => openQuery(slot, index),
    select: (indices) => showSelection(slot, indices),
  });
  const status = h('p', { class: 'muted map-status', 'data-testid': `map-status-${slot}` });
  const column = h('div', { class: 'map-column' }, status, view.element);
  return { view, status, column };
}
const slotA = slotView('a');
const slotB = slotView('b');
const views: Record<RunSlot, ScatterView> = { a: slotA.view, b: slotB.view };
const statuses: Record<RunSlot, HTMLElement> = { a: slotA.status, b: slotB.status };
const mapsRow = h('div', { class: 'maps' }, slotA.column, slotB.column);

document.getElementById('root')!.append(
  h(
    'div',
    { class: 'toolbar' },
    h('h1', {}, 'Embedding Map'),
    h('label', { class: 'field', for: 'run-a' }, h('span', {}, 'Run'), runSelect.a),
    h('label', { class: 'field', for: 'run-b' }, h('span', {}, 'Beside it'), runSelect.b),
    h('label', { class: 'field', for: 'epoch' }, h('span', {}, 'Epoch'), slider, sliderLabel),
    playButton,
    h('label', { class: 'field', for: 'colouring' }, h('span', {}, 'Colour by'), colouringSelect),
    resetButton,
  ),
  h('p', { class: 'muted hint' }, 'Scroll to zoom, drag to move, Shift+drag to select photos. Click a query to open it in the Retrieval Preview.'),
  highlightNote,
  legend,
  mapsRow,
  selection,
  tooltip,
);

function mutedColour(): string {
  return cssVariable('--vscode-disabledForeground', '#888888');
}

/** How a map's points look; the highlight (from Clusters or Retrieval Preview) concerns run A only. */
function styleOf(points: MapPoints, slot: RunSlot): PointStyle {
  const count = points.imageIds.length;
  const colours = new Int32Array(count);
  let palette: string[] = [];
  const train = pointSplits.indexOf('train');
  switch (state.colouring) {
    case 'identity':
      for (let i = 0; i < count; i++) colours[i] = points.identities[i]!;
      palette = points.identityNames.map((_, index) => seriesColour(index));
      break;
    case 'cluster':
    case 'learner': {
      const k = Math.max(0, ...points.learners) + 1;
      for (let i = 0; i < count; i++) colours[i] = state.colouring === 'cluster' && points.splits[i] !== train ? -1 : points.learners[i]!;
      palette = Array.from({ length: k }, (_, index) => seriesColour(index));
      break;
    }
    case 'retrieval':
      for (let i = 0; i < count; i++) colours[i] = points.retrieval[i] === PointRetrieval.Correct ? 0 : points.retrieval[i] === PointRetrieval.Incorrect ? 1 : -1;
      palette = [cssVariable('--vscode-charts-green', '#89d185'), cssVariable('--vscode-charts-red', '#f14c4c')];
      break;
  }
  let highlighted: Uint8Array | null = null;
  if (highlight && slot === 'a') {
    highlighted = new Uint8Array(count);
    if (highlight.kind === 'cluster') {
      for (let i = 0; i < count; i++) highlighted[i] = points.splits[i] === train && points.learners[i] === highlight.cluster ? 1 : 0;
    } else {
      const ids = new Set(highlight.imageIds);
      for (let i = 0; i < count; i++) highlighted[i] = ids.has(points.imageIds[i]!) ? 1 : 0;
    }
  }
  return {
    colours,
    palette,
    muted: mutedColour(),
    highlighted,
    ring: cssVariable('--vscode-focusBorder', '#007fd4'),
    background: cssVariable('--vscode-editor-background', '#1e1e1e'),
  };
}

function renderLegend(): void {
  const points = maps.a;
  if (!points) return legend.replaceChildren();
  const item = (index: number, text: string) => h('span', { class: 'legend-item' }, colourSwatch(index), text);
  const mutedItem = (text: string) => h('span', { class: 'legend-item' }, h('span', { class: 'swatch muted-swatch', 'aria-hidden': 'true' }), text);
  switch (state.colouring) {
    case 'identity':
      return legend.replaceChildren(h('span', { class: 'muted' }, `${points.identityNames.length} identities, one colour each (hover a point for its identity)`));
    case 'cluster':
    case 'learner': {
      const k = Math.max(0, ...points.learners) + 1;
      const items = Array.from({ length: k }, (_, index) => item(index, state.colouring === 'cluster' ? `cluster ${index + 1}` : `learner ${index + 1}`));
      return legend.replaceChildren(
        ...items,
        state.colouring === 'cluster' ? mutedItem('held-out images (not clustered)') : mutedItem('no learner known'),
        h('span', { class: 'muted' }, state.colouring === 'learner' ? 'held-out images: the learner whose cluster centre is nearest' : ''),
      );
    }
    case 'retrieval': {
      const correct = h('span', { class: 'legend-item' }, h('span', { class: 'swatch correct-swatch', 'aria-hidden': 'true' }), 'query: nearest neighbour correct');
      const wrong = h('span', { class: 'legend-item' }, h('span', { class: 'swatch incorrect-swatch', 'aria-hidden': 'true' }), 'query: nearest neighbour wrong');
      return legend.replaceChildren(correct, wrong, mutedItem('gallery and training images'));
    }
  }
}

function restyle(): void {
  for (const slot of ['a', 'b'] as const) {
    const points = maps[slot];
    if (points) views[slot].setStyle(styleOf(points, slot));
  }
  renderLegend();
}

function describeMap(slot: RunSlot): void {
  const points = maps[slot];
  const info = slotInfo[slot];
  const status = statuses[slot];
  if (!points || !info) {
    status.removeAttribute('data-stored-points');
    status.textContent = info ? `${info.name}: no Embedding Map${state.epoch !== null ? ` at or before epoch ${state.epoch}` : ''} yet (maps are made at evaluation epochs).` : '';
    return;
  }
  const sample = points.candidates > points.imageIds.length ? ` (a seeded sample of ${points.candidates})` : '';
  status.dataset.storedPoints = String(points.imageIds.length);
  status.textContent = `${slot.toUpperCase()} · ${info.name} · epoch ${points.epoch} · ${points.method.toUpperCase()} of ${points.imageIds.length} images${sample}`;
}

function showTooltip(slot: RunSlot, index: number | null, clientX: number, clientY: number): void {
  const points = maps[slot];
  if (index === null || !points) {
    tooltip.hidden = true;
    return;
  }
  const imageId = points.imageIds[index]!;
  const identity = points.identityNames[points.identities[index]!] ?? '';
  const split = pointSplits[points.splits[index]!] ?? 'train';
  const learner = points.learners[index]!;
  const outcome = points.retrieval[index] === PointRetrieval.Correct ? 'nearest neighbour correct' : points.retrieval[index] === PointRetrieval.Incorrect ? 'nearest neighbour wrong' : '';
  if (tooltip.dataset.imageId !== String(imageId)) {
    tooltip.dataset.imageId = String(imageId);
    tooltip.replaceChildren(
      thumbnails.slot(points.runId, imageId, 'small', `image ${imageId}`, 'map-tooltip-thumb'),
      h('strong', { 'data-testid': 'map-tooltip-identity' }, identity),
      h('span', { class: 'muted' }, `${split} image ${imageId}${learner >= 0 ? ` · learner ${learner + 1}` : ''}`),
      outcome ? h('span', {}, outcome, split === 'query' ? ' · click to open' : '') : '',
    );
  }
  tooltip.hidden = false;
  // Beside the pointer, kept inside the page.
  const left = Math.min(clientX + 14, window.innerWidth - tooltip.offsetWidth - 4);
  const top = Math.min(clientY + 14, window.innerHeight - tooltip.offsetHeight - 4);
  tooltip.style.setProperty('left', `${Math.max(4, left)}px`);
  tooltip.style.setProperty('top', `${Math.max(4, top)}px`);
}

function openQuery(slot: RunSlot, index: number): void {
  const points = maps[slot];
  if (!points || points.retrieval[index] === PointRetrieval.NotAQuery) return;
  api.postMessage({ type: EmbeddingMapMessageType.OpenQuery, runId: points.runId, epoch: points.epoch, queryImageId: points.imageIds[index]! });
}

const shownInSelection = 120;

function showSelection(slot: RunSlot, indices: number[]): void {
  const points = maps[slot];
  if (!points || indices.length === 0) {
    selection.replaceChildren();
    return;
  }
  const cards = indices.slice(0, shownInSelection).map((index) => {
    const imageId = points.imageIds[index]!;
    const identity = points.identityNames[points.identities[index]!] ?? '';
    return h(
      'figure',
      { class: 'selection-item', 'data-testid': 'selection-item', 'data-image-id': imageId },
      thumbnails.slot(points.runId, imageId, 'small', `${identity}, image ${imageId}`),
      h('figcaption', {}, identity, h('span', { class: 'muted' }, ` ${pointSplits[points.splits[index]!]}`)),
    );
  });
  const identities = new Set(indices.map((index) => points.identities[index]));
  selection.replaceChildren(
    h('h2', { 'data-testid': 'selection-count', 'data-count': indices.length }, `${indices.length} photos selected in ${slot.toUpperCase()} (${identities.size} identities)${indices.length > shownInSelection ? `; the first ${shownInSelection} shown` : ''}`),
    h('div', { class: 'selection-grid' }, ...cards),
  );
}

function renderHighlight(): void {
  highlightNote.hidden = highlight === null;
  highlightNote.textContent = highlight ? `Picked out: ${highlight.label}` : '';
}

function renderRuns(message: Extract<EmbeddingMapHostMessage, { type: EmbeddingMapMessageType.SetRuns }>): void {
  const choices = message.availableRuns.map((run) => ({ value: String(run.runId), label: `${run.name} (#${run.runId})` }));
  setSelectOptions(runSelect.a, choices, String(message.a?.runId ?? ''));
  setSelectOptions(runSelect.b, [{ value: '', label: 'No second run' }, ...choices], String(message.b?.runId ?? ''));
  epochs = message.a?.epochs ?? [];
  slider.max = String(Math.max(0, epochs.length - 1));
  slider.disabled = epochs.length < 2;
  const index = message.epoch === null ? -1 : epochs.indexOf(message.epoch);
  if (index >= 0) slider.value = String(index);
  sliderLabel.textContent = message.epoch === null ? 'no map yet' : `epoch ${message.epoch}`;
  mapsRow.classList.toggle('side-by-side', message.b !== null);
  slotB.column.hidden = message.b === null;
}

onHostMessage<EmbeddingMapHostMessage>((message) => {
  switch (message.type) {
    case EmbeddingMapMessageType.SetRuns:
      slotInfo = { a: message.a, b: message.b };
      saveState({ runIdA: message.a?.runId ?? null, runIdB: message.b?.runId ?? null, epoch: message.epoch });
      renderRuns(message);
      return;
    case EmbeddingMapMessageType.SetMaps:
      for (const slot of ['a', 'b'] as const) {
        const points = message[slot];
        const previous = maps[slot];
        maps[slot] = points;
        if (points) {
          views[slot].probe = firstQueries(points, 5);
          views[slot].setPoints(points.imageIds, points.xy, previous?.runId === points.runId);
          views[slot].setStyle(styleOf(points, slot));
        } else {
          views[slot].setPoints([], [], false);
        }
        describeMap(slot);
      }
      renderLegend();
      return;
    case EmbeddingMapMessageType.Highlight:
      highlight = message.highlight;
      if (highlight?.kind === 'cluster' && state.colouring !== 'cluster') {
        saveState({ colouring: 'cluster' });
        setSelectOptions(colouringSelect, colourings, state.colouring);
      }
      renderHighlight();
      restyle();
      return;
    case EmbeddingMapMessageType.Thumbnails:
      thumbnails.receive(message.images);
      return;
  }
});

/** A few queries whose place on screen the page writes into the DOM (data-probe-points). */
function firstQueries(points: MapPoints, count: number): number[] {
  const found: number[] = [];
  for (let i = 0; i < points.retrieval.length && found.length < count; i++) if (points.retrieval[i] !== PointRetrieval.NotAQuery) found.push(i);
  return found;
}

onThemeChange(() => {
  restyle();
  recolourSwatches(document);
});

api.postMessage({ type: EmbeddingMapMessageType.Initialized });
