import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ExperimentFile, PlannedRun } from '../protocol/experiment';
import type { RunTarget } from '../protocol/target';
import { ExperimentFileError, type ExperimentDiagnostic } from './experimentDiagnostic';
import { readExperimentText } from './readExperimentText';

export interface LoadedExperiment {
  /** Absolute path of the file. */
  path: string;
  file: ExperimentFile;
  runs: PlannedRun[];
  target: RunTarget;
  /** Warnings that did not stop the load. */
  warnings: ExperimentDiagnostic[];
}

/** Reads and plans an experiment file; throws ExperimentFileError (listing every error) when it has any. */
export function loadExperimentFile(path: string): LoadedExperiment {
  const absolute = resolve(path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ExperimentFileError(absolute, [{ path: '', message: `cannot read the experiment file: ${reason}`, severity: 'error', line: 1, column: 1, offset: 0, length: 0 }]);
  }
  const result = readExperimentText(text, absolute);
  if (result.diagnostics.some((d) => d.severity === 'error') || result.file === null || result.target === null) {
    throw new ExperimentFileError(absolute, result.diagnostics);
  }
  return { path: absolute, file: result.file, runs: result.runs, target: result.target, warnings: result.diagnostics };
}
