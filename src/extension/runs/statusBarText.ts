export interface ActiveRunSummary {
  name: string;
  /** Epochs done and planned; null while the run is starting. */
  epoch: number | null;
  epochs: number | null;
}

export interface StatusBarContent {
  text: string;
  tooltip: string;
}

/** The status-bar item's text; null hides it (nothing running or waiting). */
export function statusBarContent(running: ActiveRunSummary[], queued: number): StatusBarContent | null {
  if (running.length === 0 && queued === 0) return null;
  const waiting = queued > 0 ? ` +${queued} queued` : '';
  let text: string;
  if (running.length === 0) text = `$(clock) Fluke: ${queued} queued`;
  else if (running.length === 1) text = `$(loading~spin) ${running[0]!.name} ${progress(running[0]!)}${waiting}`;
  else text = `$(loading~spin) Fluke: ${running.length} runs${waiting}`;
  const lines = running.map((run) => `${run.name}: ${progress(run)}`);
  if (queued > 0) lines.push(`${queued} waiting for a free slot`);
  lines.push('Click to show the Fluke experiments.');
  return { text, tooltip: lines.join('\n') };
}

function progress(run: ActiveRunSummary): string {
  return run.epoch === null || run.epochs === null ? 'starting' : `epoch ${run.epoch}/${run.epochs}`;
}
