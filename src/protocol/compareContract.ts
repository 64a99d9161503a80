/**
 * Messages between the Compare Runs panel (webview-ui/compare) and its host
 * (src/extension/compare). Both sides import this file, so a renamed message breaks the build.
 */

export enum CompareMessageType {
  /** Webview -> host: the page is ready; the host sends nothing before it. */
  Initialized = 'initialized',
  /** Host -> webview: everything the panel shows. */
  SetData = 'setData',
  /** Webview -> host: the runs to compare (picked inside the panel). */
  SelectRuns = 'selectRuns',
  /** Webview -> host: ask for a quick pick to add runs. */
  PickRuns = 'pickRuns',
  /** Webview -> host: save a chart as PNG (the webview renders it, the host writes it). */
  ExportPng = 'exportPng',
  /** Webview -> host: save the raw data of a chart as CSV. */
  ExportCsv = 'exportCsv',
}

export type CompareChartId = string;

/** One line of a chart: its points as parallel arrays (compact to send, quick to draw). */
export interface CompareSeries {
  /** Unique within its chart. */
  key: string;
  label: string;
  /** The run it belongs to; its colour follows the run (or the cluster, in a cluster-sizes chart). */
  runId: number;
  colourIndex: number;
  epochs: number[];
  /** Seconds since the run started training (wall clock), for charts over wall time. */
  wallSeconds: number[];
  values: number[];
}

/**
 * `batchHardness`: per run, the share of mined pairs or triplets with a non-zero loss, or the
 * mean anchor-negative distance, averaged over the learners (are K > 1 batches harder?).
 */
export type CompareChartKind = 'loss' | 'learnerLoss' | 'recall' | 'nmi' | 'mapAtR' | 'map5' | 'batchHardness' | 'clusterSizes';

export interface CompareChart {
  id: CompareChartId;
  kind: CompareChartKind;
  title: string;
  series: CompareSeries[];
}

export interface CompareRunInfo {
  runId: number;
  name: string;
  status: string;
  colourIndex: number;
  clusters: number;
}

export interface ConfigDiffRow {
  /** Dotted path in the config, e.g. "method.clusters". */
  path: string;
  /** One value per compared run (same order as `runs`), as text; "—" where absent. */
  values: string[];
}

export type SummaryColumnKey =
  | 'name'
  | 'bestRecallAt1'
  | 'lastRecallAt1'
  | 'bestMapAtR'
  | 'bestMap5'
  | 'bestNmi'
  | 'lastLoss'
  | 'epochs'
  | 'durationSeconds'
  | 'imagesPerSecond';

export interface SummaryRow {
  runId: number;
  colourIndex: number;
  values: Record<SummaryColumnKey, number | string | null>;
}

export interface CompareData {
  runs: CompareRunInfo[];
  /** Every run in the store, to pick from inside the panel. */
  availableRuns: Array<{ runId: number; name: string; status: string }>;
  charts: CompareChart[];
  configDiff: ConfigDiffRow[];
  summary: SummaryRow[];
}

export type CompareHostMessage = { type: CompareMessageType.SetData; data: CompareData };

export type CompareWebviewMessage =
  | { type: CompareMessageType.Initialized }
  | { type: CompareMessageType.SelectRuns; runIds: number[] }
  | { type: CompareMessageType.PickRuns }
  | { type: CompareMessageType.ExportPng; chartId: CompareChartId; dataUrl: string }
  | { type: CompareMessageType.ExportCsv; chartId: CompareChartId };

/** What the webview keeps with setState; the serializer reads `runIds` to reopen the panel. */
export interface CompareViewState {
  runIds: number[];
  smoothing: number;
  logScale: boolean;
  xAxis: 'epoch' | 'wallTime';
  hiddenRunIds: number[];
  sortColumn: SummaryColumnKey;
  sortDescending: boolean;
}

/**
 * What a chart drew (the canvas's data-series attribute), for tests and screen readers: the
 * last drawn value of every line.
 */
export interface DrawnSeries {
  key: string;
  runId: number;
  label: string;
  points: number;
  lastX: number | null;
  lastY: number | null;
  hidden: boolean;
}
