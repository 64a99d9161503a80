import { sbatchOnPath } from '../slurm/slurmAvailability';
import * as vscode from 'vscode';
import { gridRunCount } from './experimentGrid';

const experimentFile = /\.experiment\.json$/i;

function isExperimentDocument(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && experimentFile.test(document.uri.fsPath);
}

/**
 * What the editor shows on `*.experiment.json`: Fluke's semantic diagnostics as you type
 * (the schema's own come from `contributes.jsonValidation`), "Run" / "Run Sweep" code
 * lenses, and the context key the editor-title "Run Sweep" button needs.
 */
export interface ExperimentEditorSupport {
  /** Validates the open experiment files again (a dataset folder they name appeared or vanished). */
  revalidateAll(): void;
}

export function registerExperimentEditorSupport(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): ExperimentEditorSupport {
  const diagnostics = vscode.languages.createDiagnosticCollection('fluke');
  const timers = new Map<string, NodeJS.Timeout>();

  const validate = async (document: vscode.TextDocument) => {
    // Loaded on first use: validation brings ajv and the schema, which activation does not need.
    const { experimentEditorDiagnostics } = await import('./experimentDiagnostics');
    const text = document.getText();
    try {
      const found = experimentEditorDiagnostics(text, document.uri.fsPath).map((problem) => {
        const range = new vscode.Range(document.positionAt(problem.offset), document.positionAt(problem.offset + problem.length));
        const severity = problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
        const diagnostic = new vscode.Diagnostic(range, problem.message, severity);
        diagnostic.source = 'fluke';
        if (problem.path) diagnostic.code = problem.path;
        return diagnostic;
      });
      diagnostics.set(document.uri, found);
    } catch (error) {
      log.error(`validating ${document.uri.fsPath}: ${(error as Error).message}`);
    }
  };
  const validateSoon = (document: vscode.TextDocument) => {
    if (!isExperimentDocument(document)) return;
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      void validate(document);
    }, 300));
  };

  const slurmAvailable = sbatchOnPath();
  void vscode.commands.executeCommand('setContext', 'fluke.slurmAvailable', slurmAvailable);
  const codeLensChanged = new vscode.EventEmitter<void>();
  const codeLenses: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: codeLensChanged.event,
    provideCodeLenses(document) {
      if (!vscode.workspace.isTrusted) return [];
      const top = new vscode.Range(0, 0, 0, 0);
      const lenses = [new vscode.CodeLens(top, { title: '$(play) Run', tooltip: 'Fluke: Run Experiment', command: 'fluke.runExperiment', arguments: [document.uri] })];
      const gridRuns = gridRunCount(document.getText());
      if (gridRuns > 0) {
        lenses.push(new vscode.CodeLens(top, { title: `$(run-all) Run Sweep (${gridRuns} runs)`, tooltip: 'Fluke: Run Sweep', command: 'fluke.runSweep', arguments: [document.uri] }));
      }
      if (slurmAvailable) lenses.push(new vscode.CodeLens(top, { title: '$(server-process) Run on Slurm', tooltip: 'Fluke: Run on Slurm (one job per run)', command: 'fluke.runOnSlurm', arguments: [document.uri] }));
      return lenses;
    },
  };

  const updateGridContext = () => {
    const document = vscode.window.activeTextEditor?.document;
    const hasGrid = document !== undefined && isExperimentDocument(document) && gridRunCount(document.getText()) > 0;
    void vscode.commands.executeCommand('setContext', 'fluke.activeExperimentHasGrid', hasGrid);
  };

  context.subscriptions.push(
    diagnostics,
    codeLensChanged,
    vscode.languages.registerCodeLensProvider({ scheme: 'file', pattern: '**/*.experiment.json' }, codeLenses),
    vscode.workspace.onDidOpenTextDocument(validateSoon),
    vscode.workspace.onDidChangeTextDocument((event) => {
      validateSoon(event.document);
      if (event.document === vscode.window.activeTextEditor?.document) updateGridContext();
    }),
    // A dataset folder appearing (Generate Demo Whale Dataset) changes the diagnostics of unchanged files.
    vscode.workspace.onDidSaveTextDocument(validateSoon),
    vscode.workspace.onDidCloseTextDocument((document) => diagnostics.delete(document.uri)),
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      updateGridContext();
      if (editor) validateSoon(editor.document);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => codeLensChanged.fire()),
    { dispose: () => timers.forEach((timer) => clearTimeout(timer)) },
  );
  const revalidateAll = () => vscode.workspace.textDocuments.forEach(validateSoon);
  revalidateAll();
  updateGridContext();
  return { revalidateAll };
}
