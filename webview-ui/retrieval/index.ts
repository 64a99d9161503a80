import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '../shared/panel.css';
import './retrieval.css';
import type { RetrievalResult } from '../../src/protocol/records';
import type { PredictionReport } from '../../src/protocol/predictions';
import {
  identifiedPhotosRunId,
  RetrievalMessageType,
  type RetrievalFilter,
  type RetrievalHostMessage,
  type RetrievalRunChoice,
  type RetrievalSlotResults,
  type RetrievalSlotState,
  type RetrievalSort,
  type RetrievalViewState,
  type RetrievalWebviewMessage,
  type RunSlot,
} from '../../src/protocol/retrievalContract';
import { bestMapAt5Threshold, type MapAt5Query } from '../../src/shared/mapAt5';
import {
  asMapAt5Query,
  buildQueryRows,
  filterQueryRows,
  map5AtThreshold,
  sortQueryRows,
  sliderThresholds,
  thresholdRange,
  topFiveForQuery,
  type QueryRow,
} from '../../src/shared/retrievalModel';
import { identifiedResults, identifiedThumbnails } from '../../src/shared/identifiedPhotos';
import { codicon, formatNumber, h } from '../shared/dom';
import { setSelectOptions } from '../shared/selectOptions';
import { ThumbnailCache } from '../shared/thumbnailCache';
import { onHostMessage, webviewApi } from '../shared/vscodeApi';
import { VirtualList } from './virtualList';

const api = webviewApi<RetrievalViewState, RetrievalWebviewMessage>();
let state: RetrievalViewState = {
  runIdA: null,
  runIdB: null,
  epochA: null,
  epochB: null,
  // All queries, failures first: the worst ranks lead, and nothing is hidden by default.
  filter: 'all',
  sort: 'failuresFirst',
  identitySearch: '',
  selectedQueryId: null,
  threshold: null,
  identifiedRunId: null,
  ...api.getState(),
};
function saveState(changes: Partial<RetrievalViewState>): void {
  state = { ...state, ...changes };
  api.setState(state);
}

interface SlotData {
  info: RetrievalSlotState;
  results: RetrievalResult[];
  byQuery: Map<number, RetrievalResult>;
  mapQueries: Array<MapAt5Query<string>>;
}
let availableRuns: RetrievalRunChoice[] = [];
let slotInfo: Record<RunSlot, RetrievalSlotState | null> = { a: null, b: null };
let slots: Record<RunSlot, SlotData | null> = { a: null, b: null };
let allRows: QueryRow[] = [];
/** New photos identified with run A's model (Identify Photos), shown instead of its stored queries. */
let identified: PredictionReport | null = null;
/** Whether the threshold came from the user (else it follows run A's config). */
let thresholdTouched = state.threshold !== null;

const thumbnails = new ThumbnailCache((runId, imageIds, size) =>
  api.postMessage({ type: RetrievalMessageType.RequestThumbnails, runId, imageIds, size }),
);

// --- Controls -------------------------------------------------------------------------------

const runSelect: Record<RunSlot, HTMLElementTagNameMap['vscode-single-select']> = {
  a: h('vscode-single-select', { id: 'run-a', 'data-testid': 'run-a-select', 'aria-label': 'Run A' }),
  b: h('vscode-single-select', { id: 'run-b', 'data-testid': 'run-b-select', 'aria-label': 'Run B' }),
};
const epochSelect: Record<RunSlot, HTMLElementTagNameMap['vscode-single-select']> = {
  a: h('vscode-single-select', { id: 'epoch-a', 'data-testid': 'epoch-a-select', 'aria-label': 'Epoch of run A' }),
  b: h('vscode-single-select', { id: 'epoch-b', 'data-testid': 'epoch-b-select', 'aria-label': 'Epoch of run B' }),
};
for (const slot of ['a', 'b'] as const) {
  runSelect[slot].addEventListener('change', () => {
    const value = runSelect[slot].value;
    const runId = value === '' ? null : Number(value);
    if (runId === (slot === 'a' ? state.runIdA : state.runIdB)) return;
    if (slot === 'a' && runId === null) return;
    api.postMessage({ type: RetrievalMessageType.SelectRun, slot, runId });
  });
  epochSelect[slot].addEventListener('change', () => {
    const epoch = Number(epochSelect[slot].value);
    if (!Number.isInteger(epoch) || epoch === slotInfo[slot]?.epoch) return;
    api.postMessage({ type: RetrievalMessageType.SelectEpoch, slot, epoch });
  });
}

const filterSelect = h('vscode-single-select', { id: 'filter', 'data-testid': 'filter-select', 'aria-label': 'Filter' });
filterSelect.addEventListener('change', () => {
  saveState({ filter: filterSelect.value as RetrievalFilter });
  renderList();
});
const sortSelect = h('vscode-single-select', { id: 'sort', 'data-testid': 'sort-select', 'aria-label': 'Sort' });
setSelectOptions(
  sortSelect,
  [
    { value: 'failuresFirst', label: 'Worst rank first' },
    { value: 'bestFirst', label: 'Best rank first' },
    { value: 'identity', label: 'Identity' },
    { value: 'queryId', label: 'Query id' },
  ],
  state.sort,
);
sortSelect.addEventListener('change', () => {
  saveState({ sort: sortSelect.value as RetrievalSort });
  renderList();
});
const searchField = h('vscode-textfield', { id: 'identity-search', placeholder: 'Identity…', 'data-testid': 'identity-search', 'aria-label': 'Search identity', value: state.identitySearch });
searchField.addEventListener('input', () => {
  saveState({ identitySearch: searchField.value });
  renderList();
});
const listHeader = h('div', { class: 'list-header', 'aria-hidden': 'true' });
const listCount = h('span', { class: 'muted', 'data-testid': 'query-count', 'aria-live': 'polite' });

const queryList = new VirtualList<QueryRow>({
  rowHeight: 30,
  label: 'Queries',
  testId: 'query-list',
  idOf: (row) => String(row.queryImageId),
  render: renderRow,
  onSelect: (row) => {
    saveState({ selectedQueryId: row.queryImageId });
    renderDetail();
  },
});

const thresholdEnabled = h('vscode-checkbox', { 'data-testid': 'threshold-enabled', label: 'Insert new_whale at distance' });
const thresholdSlider = h('input', { id: 'threshold', type: 'range', min: 0, max: 1, step: 0.001, 'data-testid': 'threshold-slider', 'aria-label': 'new_whale threshold' });
const thresholdValue = h('output', { for: 'threshold', 'data-testid': 'threshold-value' });
const map5Values = h('div', { class: 'map5-values' });
const bestButton = h('vscode-button', { 'data-testid': 'best-threshold', secondary: true, title: 'Set the threshold that gives run A the highest MAP@5' }, 'Best for A');
const bestNote = h('span', { class: 'muted', 'data-testid': 'best-threshold-value', 'aria-live': 'polite' });
const exportButton = h('vscode-button', { 'data-testid': 'export-submission', title: 'Save the top 5 identities of every identified photo at this threshold as a Kaggle submission (Image,Id)' }, 'Export CSV…');
exportButton.addEventListener('click', () => api.postMessage({ type: RetrievalMessageType.ExportSubmission, threshold: currentThreshold() }));
bestButton.addEventListener('click', () => {
  const a = slots.a;
  if (!a) return;
  const best = bestMapAt5Threshold(a.mapQueries, a.info.newWhaleLabel, sliderThresholds(thresholdRange(a.results)));
  if (!best) return;
  thresholdTouched = true;
  saveState({ threshold: best.threshold });
  bestNote.textContent = `best for A: ${formatNumber(best.threshold, 3)} → ${best.value.toFixed(4)}`;
  renderThreshold();
  renderTopFive();
});
thresholdEnabled.addEventListener('change', () => {
  thresholdTouched = true;
  saveState({ threshold: thresholdEnabled.checked ? Number(thresholdSlider.value) : null });
  renderThreshold();
  renderTopFive();
});
thresholdSlider.addEventListener('input', () => {
  thresholdTouched = true;
  saveState({ threshold: Number(thresholdSlider.value) });
  renderThreshold();
  renderTopFive();
});

const detail = h('div', { class: 'detail', 'data-testid': 'query-detail' });
const topFive = h('div', { class: 'top-five' });

document.getElementById('root')!.append(
  h(
    'div',
    { class: 'toolbar' },
    h('h1', {}, 'Retrieval Preview'),
    h('label', { class: 'field', for: 'run-a' }, h('span', { class: 'slot-tag a' }, 'A'), runSelect.a, epochSelect.a),
    h('label', { class: 'field', for: 'run-b' }, h('span', { class: 'slot-tag b' }, 'B'), runSelect.b, epochSelect.b),
  ),
  h(
    'div',
    { class: 'layout' },
    h(
      'aside',
      { class: 'queries' },
      h('div', { class: 'filters' }, filterSelect, sortSelect, searchField, listCount),
      listHeader,
      queryList.element,
    ),
    h(
      'main',
      { class: 'main' },
      h(
        'section',
        { class: 'threshold-panel', 'aria-label': 'MAP@5 under a new_whale threshold' },
        h('div', { class: 'threshold-row' }, thresholdEnabled, thresholdSlider, thresholdValue),
        map5Values,
        h('div', { class: 'threshold-row' }, bestButton, bestNote, exportButton),
      ),
      detail,
      topFive,
    ),
  ),
);

// --- Rendering ------------------------------------------------------------------------------

function rankText(rank: number | null | undefined): string {
  return rank === undefined ? '' : rank === null ? '—' : `#${rank}`;
}

function renderRow(row: QueryRow, selected: boolean): HTMLElement {
  const ok = row.firstCorrectRank === 1;
  return h(
    'div',
    {
      class: `query-row${ok ? ' correct' : ' failure'}${selected ? ' selected' : ''}`,
      'data-testid': 'query-row',
      'data-query-id': row.queryImageId,
      'data-rank': row.firstCorrectRank ?? '',
      title: `query ${row.queryImageId}`,
    },
    codicon(identified ? 'search' : row.isNewWhale ? 'question' : ok ? 'pass' : 'error'),
    h('span', { class: 'identity' }, identified ? (identified.predictions[row.queryImageId]?.image ?? '') : row.identity),
    identified ? null : h('span', { class: 'rank', title: 'Rank of the first correct match in run A' }, rankText(row.firstCorrectRank)),
    slots.b ? h('span', { class: 'rank b', title: 'Rank of the first correct match in run B' }, rankText(row.firstCorrectRankB)) : null,
  );
}

function visibleRows(): QueryRow[] {
  return sortQueryRows(filterQueryRows(allRows, { filter: state.filter, identitySearch: state.identitySearch }), state.sort);
}

function renderList(): void {
  listHeader.replaceChildren(
    h('span', { class: 'identity' }, identified ? 'Photo' : 'Query identity'),
    identified ? '' : h('span', { class: 'rank', title: 'Rank of the first correct match in run A' }, 'A'),
    slots.b ? h('span', { class: 'rank', title: 'Rank of the first correct match in run B' }, 'B') : '',
  );
  const rows = visibleRows();
  const selectedId = state.selectedQueryId !== null && rows.some((row) => row.queryImageId === state.selectedQueryId)
    ? String(state.selectedQueryId)
    : null;
  queryList.setRows(rows, selectedId);
  listCount.textContent = `${rows.length} of ${allRows.length} ${identified ? 'identified photos' : 'queries'}`;
  if (selectedId === null && rows.length > 0) queryList.select(0);
  else {
    queryList.scrollToSelected();
    renderDetail();
  }
}

function neighbourCards(slot: RunSlot, result: RetrievalResult, newWhaleLabel: string): HTMLElement {
  const data = slots[slot]!;
  return h(
    'ol',
    { class: 'neighbours', 'data-testid': `neighbours-${slot}`, 'aria-label': `Nearest neighbours in run ${slot.toUpperCase()}` },
    ...result.neighbours.map((neighbour, index) => {
      const correct = neighbour.identity === result.queryIdentity && result.queryIdentity !== newWhaleLabel;
      return h(
        'li',
        {
          class: `neighbour${correct ? ' correct' : ''}`,
          'data-testid': 'neighbour',
          'data-identity': neighbour.identity,
          'data-rank': index + 1,
          'data-distance': neighbour.distance,
        },
        thumbnails.slot(data.info.runId, neighbour.imageId, 'small', neighbour.identity),
        h(
          'div',
          { class: 'neighbour-caption' },
          h('span', { class: 'rank' }, `#${index + 1}`),
          correct ? h('span', { class: 'match', title: 'Same identity as the query' }, codicon('pass-filled'), h('span', { class: 'visually-hidden' }, 'correct match')) : null,
          h('span', { class: 'identity', title: neighbour.identity }, neighbour.identity),
          h('span', { class: 'distance muted' }, `d ${formatNumber(neighbour.distance, 3)}`),
        ),
      );
    }),
  );
}

function renderDetail(): void {
  const a = slots.a;
  const result = a && state.selectedQueryId !== null ? a.byQuery.get(state.selectedQueryId) : undefined;
  if (!a || !result) {
    detail.replaceChildren(h('p', { class: 'empty' }, a ? 'No query matches the filters.' : 'No retrieval results for this run yet: they are stored at evaluation epochs.'));
    renderTopFive();
    return;
  }
  const label = a.info.newWhaleLabel;
  if (identified) {
    const photo = identified.predictions[result.queryImageId]!;
    detail.replaceChildren(
      h(
        'div',
        { class: 'query' },
        thumbnails.slot(identifiedPhotosRunId, result.queryImageId, 'large', `photo ${photo.image}`, 'query-photo'),
        h(
          'dl',
          { class: 'query-facts' },
          h('dt', {}, 'Photo'),
          h('dd', { 'data-testid': 'identified-photo' }, photo.image),
          h('dt', {}, 'Identity'),
          h('dd', { 'data-testid': 'query-identity' }, 'unknown (a new photo)'),
          h('dt', {}, 'File'),
          h('dd', { class: 'muted', title: photo.path }, photo.path),
        ),
      ),
      h('h2', {}, h('span', { class: 'slot-tag a' }, 'A'), ` ${a.info.name} · checkpoint of epoch ${identified.checkpoint.epoch}`),
      neighbourCards('a', result, label),
    );
    renderTopFive();
    return;
  }
  const row = allRows.find((r) => r.queryImageId === result.queryImageId);
  const resultB = slots.b?.byQuery.get(result.queryImageId);
  detail.replaceChildren(
    h(
      'div',
      { class: 'query' },
      thumbnails.slot(a.info.runId, result.queryImageId, 'large', `query ${result.queryIdentity}`, 'query-photo'),
      h(
        'dl',
        { class: 'query-facts' },
        h('dt', {}, 'Identity'),
        h('dd', { 'data-testid': 'query-identity' }, result.queryIdentity),
        h('dt', {}, 'Query image'),
        h('dd', {}, String(result.queryImageId)),
        h('dt', {}, 'First correct match'),
        h('dd', { 'data-testid': 'first-correct-rank' }, `A ${rankText(row?.firstCorrectRank ?? null)}${slots.b ? ` · B ${rankText(row?.firstCorrectRankB ?? null)}` : ''}`),
      ),
    ),
    showOnMapButton(a.info.runId, a.info.epoch, result),
    h('h2', {}, h('span', { class: 'slot-tag a' }, 'A'), ` ${a.info.name} · epoch ${a.info.epoch}`),
    neighbourCards('a', result, label),
    slots.b
      ? resultB
        ? h('div', {}, h('h2', {}, h('span', { class: 'slot-tag b' }, 'B'), ` ${slots.b.info.name} · epoch ${slots.b.info.epoch}`), neighbourCards('b', resultB, label))
        : h('p', { class: 'muted' }, `Run B (${slots.b.info.name}) has no result for this query.`)
      : '',
  );
  renderTopFive();
}

/** Opens the Embedding Map with this query and its neighbours picked out. */
function showOnMapButton(runId: number, epoch: number | null, result: RetrievalResult): HTMLElement | string {
  if (epoch === null) return '';
  const button = h('vscode-button', { 'data-testid': 'show-on-map', secondary: true, icon: 'graph-scatter' }, 'Show on map');
  button.addEventListener('click', () =>
    api.postMessage({ type: RetrievalMessageType.ShowOnMap, runId, epoch, queryImageId: result.queryImageId, neighbourImageIds: result.neighbours.map((n) => n.imageId) }),
  );
  return button;
}

function currentThreshold(): number | null {
  return thresholdEnabled.checked ? Number(thresholdSlider.value) : null;
}

function renderThreshold(): void {
  const shown = [slots.a, slots.b].filter((s): s is SlotData => s !== null);
  const range = thresholdRange(shown.flatMap((s) => s.results));
  thresholdSlider.min = String(range.min);
  thresholdSlider.max = String(range.max);
  thresholdSlider.step = String(range.step);
  if (!thresholdTouched) {
    const configured = identified ? identified.threshold.value : (slotInfo.a?.newWhaleThreshold ?? null);
    thresholdEnabled.checked = configured !== null;
    thresholdSlider.value = String(configured ?? range.max / 2);
  } else if (state.threshold !== null) {
    thresholdEnabled.checked = true;
    thresholdSlider.value = String(state.threshold);
  } else thresholdEnabled.checked = false;
  thresholdSlider.disabled = !thresholdEnabled.checked;
  const threshold = currentThreshold();
  thresholdValue.textContent = threshold === null ? 'off' : formatNumber(threshold, 3);
  bestButton.hidden = identified !== null;
  exportButton.hidden = identified === null;
  if (identified) {
    const failed = identified.failed.length ? ` · ${identified.failed.length} could not be read: ${identified.failed.map((f) => f.path).join(', ')}` : '';
    map5Values.replaceChildren(
      h('p', { class: 'muted', 'data-testid': 'identified-summary' }, `${identified.predictions.length} new photos identified with run A's model (identities unknown, so no MAP@5)${failed}`),
    );
    return;
  }
  map5Values.replaceChildren(
    ...(['a', 'b'] as const).flatMap((slot) => {
      const data = slots[slot];
      if (!data) return [];
      const value = map5AtThreshold(data.mapQueries, data.info.newWhaleLabel, threshold);
      return [
        h(
          'div',
          { class: 'map5' },
          h('span', { class: `slot-tag ${slot}` }, slot.toUpperCase()),
          h('span', { class: 'muted' }, 'MAP@5'),
          h('strong', { 'data-testid': slot === 'a' ? 'map5-value' : 'map5-value-b', 'data-value': value }, value.toFixed(4)),
        ),
      ];
    }),
  );
}

function renderTopFive(): void {
  const threshold = currentThreshold();
  const parts = (['a', 'b'] as const).flatMap((slot) => {
    const data = slots[slot];
    const result = data && state.selectedQueryId !== null ? data.byQuery.get(state.selectedQueryId) : undefined;
    if (!data || !result) return [];
    const identities = topFiveForQuery(result, data.info.newWhaleLabel, threshold);
    return [
      h(
        'div',
        { class: 'top-five-run' },
        h('h3', {}, h('span', { class: `slot-tag ${slot}` }, slot.toUpperCase()), ' Top 5 identities'),
        h(
          'ol',
          { 'data-testid': slot === 'a' ? 'top5' : 'top5-b' },
          ...identities.map((identity) =>
            h(
              'li',
              { class: identity === result.queryIdentity ? 'correct' : '', 'data-identity': identity },
              identity === result.queryIdentity ? codicon('pass-filled') : null,
              h('span', { class: identity === data.info.newWhaleLabel ? 'new-whale' : '' }, identity),
            ),
          ),
        ),
      ),
    ];
  });
  topFive.replaceChildren(...parts);
}

function renderControls(): void {
  const runChoices = availableRuns.map((run) => ({ value: String(run.runId), label: `${run.name} (#${run.runId})`, description: run.status }));
  setSelectOptions(runSelect.a, runChoices, String(slotInfo.a?.runId ?? ''));
  setSelectOptions(runSelect.b, [{ value: '', label: 'No second run' }, ...runChoices], String(slotInfo.b?.runId ?? ''));
  for (const slot of ['a', 'b'] as const) {
    const info = slotInfo[slot];
    const epochs = info?.epochs ?? [];
    setSelectOptions(epochSelect[slot], epochs.map((epoch) => ({ value: String(epoch), label: `epoch ${epoch}` })), String(info?.epoch ?? ''));
    epochSelect[slot].disabled = epochs.length === 0;
  }
  const filters: Array<{ value: RetrievalFilter; label: string }> = [
    { value: 'all', label: 'All queries' },
    { value: 'failures', label: 'Failures only' },
    { value: 'newWhale', label: 'new_whale only' },
  ];
  if (slotInfo.b) filters.push({ value: 'fixedByB', label: 'Fixed by run B' }, { value: 'brokenByB', label: 'Broken by run B' });
  if (identified) filters.splice(1);
  if (!filters.some((f) => f.value === state.filter)) saveState({ filter: 'all' });
  setSelectOptions(filterSelect, filters, state.filter);
}

function slotData(info: RetrievalSlotState | null, results: RetrievalSlotResults | null): SlotData | null {
  if (!info || !results || results.runId !== info.runId) return null;
  return {
    info: { ...info, epoch: results.epoch },
    results: results.results,
    byQuery: new Map(results.results.map((result) => [result.queryImageId, result])),
    mapQueries: results.results.map(asMapAt5Query),
  };
}

onHostMessage<RetrievalHostMessage>((message) => {
  switch (message.type) {
    case RetrievalMessageType.SetRuns:
      availableRuns = message.availableRuns;
      slotInfo = { a: message.a, b: message.b };
      saveState({ runIdA: message.a?.runId ?? null, runIdB: message.b?.runId ?? null, epochA: message.a?.epoch ?? null, epochB: message.b?.epoch ?? null });
      renderControls();
      return;
    case RetrievalMessageType.SetIdentified:
      identified = message.report;
      thumbnails.receive(identifiedThumbnails(message.report));
      thresholdTouched = false;
      saveState({ selectedQueryId: null, filter: 'all', identifiedRunId: message.report.runId });
      showSlots({ a: slotData(slotInfo.a, { runId: message.report.runId, epoch: message.report.checkpoint.epoch, results: identifiedResults(message.report) }), b: null });
      return;
    case RetrievalMessageType.SetRetrievals:
      identified = null;
      saveState({ identifiedRunId: null });
      showSlots({ a: slotData(slotInfo.a, message.a), b: slotData(slotInfo.b, message.b) });
      return;
    case RetrievalMessageType.Thumbnails:
      thumbnails.receive(message.images);
      return;
    case RetrievalMessageType.FocusQuery:
      saveState({ selectedQueryId: message.queryImageId, filter: 'all', identitySearch: '' });
      searchField.value = '';
      renderControls();
      renderList();
      return;
  }
});

function showSlots(shown: Record<RunSlot, SlotData | null>): void {
  slots = shown;
  allRows = slots.a ? buildQueryRows(slots.a.results, slots.b?.results ?? null, slots.a.info.newWhaleLabel) : [];
  renderControls();
  renderThreshold();
  renderList();
}

api.postMessage({ type: RetrievalMessageType.Initialized });
