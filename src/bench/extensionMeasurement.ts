/** What test/e2e/bench/measureExtension.ts prints for src/bench/suites/extension.ts (ms throughout). */

/** Where one Compare Runs opening spent its time, from the accepted pick to every line seen drawn. */
export interface CompareTiming {
  total: number;
  /** Accepted pick until the page's document started (command, panel, webview frames). */
  panelOpen: number;
  /** Document start until the page's script announced it is ready (bundle parse, DOM). */
  pageReady: number;
  /** Ready until the data arrived (what the store queries left to wait for, the message). */
  dataArrived: number;
  /** Data arrival until every chart was updated and drawn (chart.js, the tables). */
  render: number;
  /** Drawn until the measuring script saw it (its polling interval and round trips). */
  observed: number;
}

export interface ExtensionMeasurement {
  runs: number;
  epochs: number;
  flukeActivation: number;
  jsonActivation: number;
  compare: CompareTiming[];
  /** Null where the Markdown preview did not show the text in time. */
  markdown: Array<number | null>;
  /** Bytes of the Compare Runs data message. */
  messageBytes: number;
}
