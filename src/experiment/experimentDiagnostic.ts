/** A problem in an experiment file, located for the CLI (line:column) and the editor (offset). */
export interface ExperimentDiagnostic {
  /** JSON pointer of the field ("" for the whole file), e.g. "/method/clusters". */
  path: string;
  message: string;
  severity: 'error' | 'warning';
  /** 1-based line and column of the field's value (or key) in the text; 1:1 when unknown. */
  line: number;
  column: number;
  /** 0-based character offset and length in the text, for editors. */
  offset: number;
  length: number;
}

/** Thrown by loadExperimentFile when the file has errors; the message lists them all. */
export class ExperimentFileError extends Error {
  constructor(
    readonly filePath: string,
    readonly diagnostics: ExperimentDiagnostic[],
  ) {
    super(diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(filePath, d)).join('\n'));
    this.name = 'ExperimentFileError';
  }
}

/** `file:line:column: error at /method/clusters: message` (the path is omitted for the whole file). */
export function formatDiagnostic(filePath: string, diagnostic: ExperimentDiagnostic): string {
  const where = diagnostic.path === '' ? '' : ` at ${diagnostic.path}`;
  return `${filePath}:${diagnostic.line}:${diagnostic.column}: ${diagnostic.severity}${where}: ${diagnostic.message}`;
}
