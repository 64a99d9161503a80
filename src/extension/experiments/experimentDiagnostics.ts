import { dirname } from 'node:path';
import type { ExperimentDiagnostic } from '../../experiment/experimentDiagnostic';
import { checkExperimentSemantics } from '../../experiment/checkExperimentSemantics';
import { validateAgainstSchema } from '../../experiment/experimentSchema';
import { parseLocatedJson } from '../../experiment/locatedJson';
import { readExperimentText } from '../../experiment/readExperimentText';
import type { ExperimentConfig } from '../../protocol/experiment';

export interface EditorDiagnostic {
  /** 0-based character offset and length in the document (length at least 1, so it shows). */
  offset: number;
  length: number;
  severity: 'error' | 'warning';
  message: string;
  /** The field's JSON pointer, shown as the diagnostic's code. */
  path: string;
}

/**
 * Fluke's diagnostics for an experiment file as typed: everything `fluke train` would refuse
 * or warn about, as errors and warnings. Schema problems are included although VS Code's
 * JSON support also reports them from the contributed schema: it reports them as warnings,
 * while they stop a run. Syntax errors are left to VS Code, which shows them as errors.
 */
export function experimentEditorDiagnostics(text: string, filePath: string): EditorDiagnostic[] {
  const result = readExperimentText(text, filePath);
  if (result.file === null) return result.diagnostics.some((d) => d.message.startsWith('invalid JSON')) ? [] : result.diagnostics.map((d) => toEditorDiagnostic(d, text.length));
  const ownDiagnostics = result.diagnostics.map((diagnostic) => toEditorDiagnostic(diagnostic, text.length));
  const withDefaults = structuredClone(result.file) as Record<string, unknown>;
  const schemaProblems = validateAgainstSchema(withDefaults);
  if (schemaProblems.length === 0) return ownDiagnostics;
  return [...ownDiagnostics, ...semanticDiagnosticsDespiteSchema(text, filePath, withDefaults, new Set(schemaProblems.map((problem) => problem.path)))];
}

/**
 * readExperimentText stops at schema errors, but while one field is being typed the user
 * still wants to hear about the others: check the rest of the config, defaults filled,
 * skipping fields the schema already flags.
 */
function semanticDiagnosticsDespiteSchema(text: string, filePath: string, withDefaults: Record<string, unknown>, flagged: Set<string>): EditorDiagnostic[] {
  let problems;
  try {
    problems = checkExperimentSemantics(withDefaults as unknown as ExperimentConfig, dirname(filePath));
  } catch {
    return []; // A section of the wrong type: nothing sensible to check until the schema errors are fixed.
  }
  const located = parseLocatedJson(text);
  return problems
    .filter((problem) => !flagged.has(problem.path))
    .map((problem) => toEditorDiagnostic({ ...problem, ...located.locate(problem.path, false) }, text.length));
}

function toEditorDiagnostic(diagnostic: ExperimentDiagnostic, textLength: number): EditorDiagnostic {
  const offset = Math.min(diagnostic.offset, Math.max(0, textLength - 1));
  return {
    offset,
    length: Math.max(1, Math.min(diagnostic.length, textLength - offset)),
    severity: diagnostic.severity,
    message: diagnostic.message,
    path: diagnostic.path,
  };
}
