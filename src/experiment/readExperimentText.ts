import { basename, dirname } from 'node:path';
import type { ExperimentConfig, ExperimentFile, GridSpec, PlannedRun } from '../protocol/experiment';
import type { RunTarget } from '../protocol/target';
import { checkExperimentSemantics } from './checkExperimentSemantics';
import type { ExperimentDiagnostic } from './experimentDiagnostic';
import { expandGrid, gridSizeProblem, withGridValues } from './expandGrid';
import { validateAgainstSchema } from './experimentSchema';
import { maxJsonNesting, tooDeepPosition } from './jsonNestingDepth';
import { parseLocatedJson, pointerOf, pointerSegments, type LocatedJson } from './locatedJson';

export interface ExperimentText {
  /** The file as written (null when it is not a JSON object). */
  file: ExperimentFile | null;
  /** The runs, defaults filled and the grid expanded; empty when there are errors. */
  runs: PlannedRun[];
  /** Where the runs train (defaults filled); null when there are errors. */
  target: RunTarget | null;
  diagnostics: ExperimentDiagnostic[];
}

/** The experiment's name when the file gives none: the file name without `.experiment.json`. */
export function defaultExperimentName(filePath: string): string {
  return basename(filePath).replace(/\.experiment\.json$/i, '').replace(/\.json$/i, '');
}

/** `/grid/method.clusters` when `pointer` is a field the grid sets, else `pointer` itself. */
function gridPointerFor(pointer: string, grid: GridSpec): string {
  const dotted = pointerSegments(pointer).join('.');
  return dotted in grid ? pointerOf(['grid', dotted]) : pointer;
}

/**
 * Parses, validates and plans an experiment file's text: syntax, the schema (with defaults),
 * the grid, then the semantic checks of every run. Never throws; everything wrong comes
 * back as a diagnostic with its JSON pointer and position. Used by the CLI and, as the
 * user types, by the extension.
 */
export function readExperimentText(text: string, filePath: string): ExperimentText {
  const deep = tooDeepPosition(text);
  if (deep !== null) {
    const message = `the JSON nests more than ${maxJsonNesting} levels deep here (an experiment file needs 4)`;
    return { file: null, runs: [], target: null, diagnostics: [{ path: '', message, severity: 'error', length: 1, ...deep }] };
  }
  const json: LocatedJson = parseLocatedJson(text);
  const diagnostics: ExperimentDiagnostic[] = [];
  const add = (path: string, message: string, severity: 'error' | 'warning', atKey = false) => {
    const location = json.locate(path, atKey);
    diagnostics.push({ path, message, severity, ...location });
  };
  for (const syntax of json.syntaxErrors) {
    diagnostics.push({ path: '', message: `invalid JSON: ${syntax.message}`, severity: 'error', offset: syntax.offset, length: syntax.length, ...json.positionOf(syntax.offset) });
  }
  if (diagnostics.length > 0) return { file: null, runs: [], target: null, diagnostics };
  if (typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) {
    add('', 'an experiment file must hold a JSON object', 'error');
    return { file: null, runs: [], target: null, diagnostics };
  }
  const file = json.value as ExperimentFile;
  const withDefaults = structuredClone(file) as Record<string, unknown>;
  for (const problem of validateAgainstSchema(withDefaults)) add(problem.path, problem.message, 'error', problem.atKey);
  if (diagnostics.length > 0) return { file, runs: [], target: null, diagnostics };

  const grid = (withDefaults.grid ?? {}) as GridSpec;
  const tooLarge = gridSizeProblem(grid);
  if (tooLarge) {
    add('/grid', tooLarge, 'error', true);
    return { file, runs: [], target: null, diagnostics };
  }
  const target = withDefaults.target as RunTarget;
  delete withDefaults.grid;
  delete withDefaults.target;
  delete withDefaults.$schema;
  if (typeof withDefaults.name !== 'string') withDefaults.name = defaultExperimentName(filePath);
  const base = withDefaults as unknown as ExperimentConfig;

  const runs: PlannedRun[] = [];
  const seen = new Set<string>();
  const addOnce = (path: string, message: string, severity: 'error' | 'warning', label: string) => {
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    add(path, label ? `${message} (grid run "${label}")` : message, severity);
  };
  for (const combination of expandGrid(grid)) {
    const config = withGridValues(base, combination.values);
    const schemaProblems = combination.label ? validateAgainstSchema(config) : [];
    for (const problem of schemaProblems) addOnce(gridPointerFor(problem.path, grid), problem.message, 'error', combination.label);
    if (schemaProblems.length > 0) continue;
    for (const problem of checkExperimentSemantics(config, dirname(filePath))) {
      addOnce(gridPointerFor(problem.path, grid), problem.message, problem.severity, combination.label);
    }
    runs.push({ name: combination.label ? `${config.name} ${combination.label}` : config.name, config, gridValues: combination.values });
  }
  const hasErrors = diagnostics.some((d) => d.severity === 'error');
  return { file, runs: hasErrors ? [] : runs, target: hasErrors ? null : target, diagnostics };
}

/** The diagnostics of an experiment file's text (for the editor). */
export function validateExperimentText(text: string, filePath: string): ExperimentDiagnostic[] {
  return readExperimentText(text, filePath).diagnostics;
}
