import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PredictionReport } from '../../protocol/predictions';

/**
 * The photos last identified, kept in the extension's own storage so that the Retrieval
 * Preview shows them again after a window reload (a webview's state is no place for megabytes
 * of thumbnails). One file: the panel shows one identification at a time.
 */
const fileName = 'identified-photos.json';
/** A larger report is not read back: the revived panel then shows the run's stored queries. */
export const largestKeptReportBytes = 64 * 1024 * 1024;

export function keepIdentifiedReport(folder: string, report: PredictionReport): void {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, fileName);
  writeFileSync(`${path}.partial`, JSON.stringify(report));
  renameSync(`${path}.partial`, path);
}

export function forgetIdentifiedReport(folder: string): void {
  rmSync(join(folder, fileName), { force: true });
}

/** The kept report when it identified photos with run `runId`; null when there is none, it is another run's, too large or unreadable. */
export function keptIdentifiedReport(folder: string, runId: number): PredictionReport | null {
  const path = join(folder, fileName);
  const size = statSync(path, { throwIfNoEntry: false })?.size;
  if (size === undefined || size > largestKeptReportBytes) return null;
  let report: unknown;
  try {
    report = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
  return isReportOfRun(report, runId) ? report : null;
}

function isReportOfRun(value: unknown, runId: number): value is PredictionReport {
  if (value === null || typeof value !== 'object') return false;
  const report = value as Record<string, unknown>;
  return (
    report.runId === runId &&
    typeof report.runName === 'string' &&
    typeof report.newWhaleLabel === 'string' &&
    typeof report.checkpoint === 'object' && report.checkpoint !== null &&
    typeof report.threshold === 'object' && report.threshold !== null &&
    Array.isArray(report.predictions) &&
    Array.isArray(report.failed)
  );
}
