import { formatDiagnostic } from '../../experiment/experimentDiagnostic';
import { readExperimentText } from '../../experiment/readExperimentText';
import type { LaunchRequest } from './runManager';

export interface ExperimentLaunchPlan {
  experimentPath: string;
  /** One launch per run: per grid combination (`--grid-index`) for a sweep, else one. */
  requests: LaunchRequest[];
  hasGrid: boolean;
  /** `file:line:column: error ...` lines; no run starts while there are any. */
  errors: string[];
}

/**
 * What "Run Experiment" / "Run Sweep" would start for a file's text. The grid is expanded
 * by src/experiment (the same code `fluke train` uses), so grid index N here is run N there.
 */
export function planExperimentLaunch(text: string, experimentPath: string): ExperimentLaunchPlan {
  const result = readExperimentText(text, experimentPath);
  const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(experimentPath, d));
  const hasGrid = Object.keys(result.file?.grid ?? {}).length > 0;
  const requests: LaunchRequest[] =
    errors.length > 0
      ? []
      : result.runs.map((run, index) => ({ experimentPath, label: run.name, gridIndex: hasGrid ? index : null, resumeRunId: null }));
  return { experimentPath, requests, hasGrid, errors };
}
