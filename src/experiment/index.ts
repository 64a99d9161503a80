/** The experiment file: schema, defaults, grid, diagnostics. Pure JS, used by the CLI and the extension. */
export { loadExperimentFile, type LoadedExperiment } from './loadExperimentFile';
export { readExperimentText, validateExperimentText, defaultExperimentName, type ExperimentText } from './readExperimentText';
export { ExperimentFileError, formatDiagnostic, type ExperimentDiagnostic } from './experimentDiagnostic';
export { experimentSchema } from './experimentSchema';
export { resolveExperimentPath } from './checkExperimentSemantics';
