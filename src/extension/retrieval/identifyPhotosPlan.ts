/**
 * What "Fluke: Identify Photos..." runs and how it reads the answer; free of vscode so that
 * it is tested on its own.
 */
import { somePhotosFailedExitCode, type PredictionReport } from '../../protocol/predictions';
import type { RunRecord } from '../../protocol/records';

/** Neighbours asked per photo: the depth `fluke predict` ranks five identities from, so the panel's top 5 and CSV agree with it. */
const neighboursAsked = 25;

/** `fluke predict` arguments: a running run is identified with its newest checkpoint, a finished one with its best. */
export function predictArguments(run: Pick<RunRecord, 'id' | 'status'>, images: string, databasePath: string): string[] {
  return [
    'predict',
    String(run.id),
    '--images',
    images,
    '--checkpoint',
    run.status === 'running' || run.status === 'queued' ? 'last' : 'best',
    '--json',
    '--thumbnails',
    '--neighbours',
    String(neighboursAsked),
    '--db',
    databasePath,
  ];
}

/** The CSV `fluke predict --images` reads for photos picked one by one (absolute paths, read back as they are: no formula guard, unlike csvField). */
export function photoListCsv(paths: readonly string[]): string {
  return ['Image', ...paths.map((path) => (/[",\r\n]/.test(path) ? `"${path.replace(/"/g, '""')}"` : path))].join('\n') + '\n';
}

/** Progress from a stderr line of `fluke predict` ("embedded 256/1024 photos"), as a share of the work. */
export function predictProgress(line: string): { done: number; total: number } | null {
  const match = /^embedded (\d+)\/(\d+) photos$/.exec(line.trim());
  return match ? { done: Number(match[1]), total: Number(match[2]) } : null;
}

/** The report of a finished `fluke predict --json`; throws with its stderr when it failed outright. */
export function predictionOutcome(result: { exitCode: number | null; stdout: string; stderr: string }): PredictionReport {
  if (result.exitCode !== 0 && result.exitCode !== somePhotosFailedExitCode) {
    const message = result.stderr.trim().split('\n').filter((line) => !/^=+$|tfjs|Hi, looks like|^$/.test(line)).pop();
    throw new Error(message || `fluke predict exited with code ${result.exitCode}`);
  }
  try {
    return JSON.parse(result.stdout) as PredictionReport;
  } catch {
    throw new Error(`fluke predict printed no report (exit code ${result.exitCode}): ${result.stdout.slice(0, 200)}`);
  }
}
