import type { ExperimentDiagnostic } from '../../experiment/experimentDiagnostic';
import { validateAgainstSchema } from '../../experiment/experimentSchema';
import { readExperimentText } from '../../experiment/readExperimentText';

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
 * Fluke's own diagnostics for an experiment file as typed: what the JSON schema cannot say
 * (a dataset path that does not exist, embedding size vs clusters, grid values that break a
 * run...). Syntax and schema errors are left to VS Code's JSON support, which reports them
 * from the contributed schema; reporting them here too would show each twice.
 */
export function experimentEditorDiagnostics(text: string, filePath: string): EditorDiagnostic[] {
  const result = readExperimentText(text, filePath);
  if (result.file === null) return [];
  if (validateAgainstSchema(structuredClone(result.file)).length > 0) return [];
  return result.diagnostics.map((diagnostic) => toEditorDiagnostic(diagnostic, text.length));
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
