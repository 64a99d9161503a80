import * as vscode from 'vscode';
import { hostname } from 'node:os';
import type { CommandServices } from './commands/commandServices';
import { registerEnvironmentCommands } from './commands/environmentCommands';
import { registerExperimentCommands } from './commands/experimentCommands';
import { registerRunCommands } from './commands/runCommands';
import { registerExperimentEditorSupport } from './experiments/experimentEditorSupport';
import { ExperimentsTree, type FlukeTreeNode } from './experiments/experimentsTree';
import { RunLogChannels } from './runs/runLogChannels';
import { RunManager } from './runs/runManager';
import { registerRunStatusBar } from './runs/runStatusBar';
import { registerSlurmStatusBar } from './slurm/slurmStatusBar';
import { runOnSlurm } from './slurm/runOnSlurm';
import { ServeClient } from './serve/serveClient';
import type { ServeFailure } from './serve/serveFailure';
import { readFlukeSettings } from './settings';

/**
 * Activation registers the view, the commands and the editor support and starts the one
 * `fluke serve`; validation (ajv) and the panels load on first use.
 */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const started = Date.now();
  const log = vscode.window.createOutputChannel('Fluke', { log: true });
  context.subscriptions.push(log);
  const settings = () => readFlukeSettings(context);
  const cliPath = context.asAbsolutePath('dist/cli.js');
  const initial = settings();

  const serve = ServeClient.start({
    nodePath: initial.nodePath,
    cliPath,
    databasePath: initial.databasePath,
    cwd: initial.workspaceFolder ?? context.extensionPath,
    // An untrusted workspace's database names the images: thumbnails only from inside the workspace.
    imagesUnder: vscode.workspace.isTrusted ? null : (initial.workspaceFolder ?? null),
    log,
  });
  context.subscriptions.push(serve, serve.onDidFail((failure) => void reportServeFailure(failure, serve, log)));

  const manager = new RunManager({
    settings: () => {
      const current = settings();
      return { ...current, cliPath, cwd: current.workspaceFolder ?? context.extensionPath };
    },
    request: (type, params) => serve.request(type, params),
    log,
    hostname: hostname(),
  });
  context.subscriptions.push(
    manager,
    manager.onRunOutput(({ runId, event }) => {
      if (event?.type === 'log' && event.level !== 'info') log[event.level === 'error' ? 'error' : 'warn'](`run ${runId ?? '?'}: ${event.message}`);
    }),
    manager.onRunEnded((end) => {
      if (end.status === 'completed' || end.status === 'stopped') {
        void vscode.window.setStatusBarMessage(`Fluke: "${end.label}" ${end.status}`, 8000);
        return;
      }
      const what = end.runId === null ? `"${end.label}"` : `run ${end.runId} "${end.label}"`;
      void vscode.window.showErrorMessage(`Fluke: ${what} ${end.status}${end.error ? `: ${end.error}` : ''}`, 'Show Log').then((choice) => {
        if (choice && end.runId !== null) void logChannels.show(end.runId, end.label);
        else if (choice) log.show();
      });
    }),
  );

  const tree = new ExperimentsTree(serve, manager, log);
  const treeView = vscode.window.createTreeView<FlukeTreeNode>('fluke.experiments', { treeDataProvider: tree, canSelectMany: true, showCollapseAll: true });
  const logChannels = new RunLogChannels(manager);
  context.subscriptions.push(tree, treeView, logChannels);
  const editorSupport = registerExperimentEditorSupport(context, log);
  registerRunStatusBar(context, manager);
  registerSlurmStatusBar(context, tree);

  const services: CommandServices = { context, log, serve, manager, tree, treeView, logChannels, editorSupport, settings, cliPath };
  context.subscriptions.push(
    ...registerRunCommands(services),
    ...registerExperimentCommands(services),
    ...registerEnvironmentCommands(services),
    vscode.commands.registerCommand('fluke.runOnSlurm', (argument?: unknown) => runOnSlurm(services, argument)),
  );
  const { registerPanels } = await import('./panels/registerPanels');
  const panels = registerPanels(context, serve);
  const { registerIdentifyPhotos } = await import('./retrieval/identifyPhotosCommand');
  context.subscriptions.push(registerIdentifyPhotos(services, panels));

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('fluke.nodePath') || event.affectsConfiguration('fluke.database')) {
        const current = settings();
        log.info('fluke.nodePath or fluke.database changed: restarting fluke serve');
        serve.restart({ nodePath: current.nodePath, databasePath: current.databasePath, cwd: current.workspaceFolder ?? context.extensionPath });
        tree.refreshSoon();
      }
      if (event.affectsConfiguration('fluke.maxConcurrentRuns')) manager.setMaxConcurrent(settings().maxConcurrentRuns);
    }),
    // Trusting the workspace makes its own fluke.nodePath / fluke.database count.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      const current = settings();
      serve.restart({ nodePath: current.nodePath, databasePath: current.databasePath, cwd: current.workspaceFolder ?? context.extensionPath, imagesUnder: null });
    }),
  );

  tree.refreshSoon(true);
  // In Restricted Mode serve is read-only: runs whose process is gone cannot be marked crashed.
  if (vscode.workspace.isTrusted) {
    manager.reattach().then(
      (plan) => plan.follow.length > 0 && log.info(`following ${plan.follow.length} run(s) still training`),
      (error: Error) => log.warn(`could not re-attach to running runs: ${error.message}`),
    );
  }
  log.info(`activated in ${Date.now() - started} ms (${vscode.workspace.isTrusted ? 'trusted workspace' : 'Restricted Mode: browsing only'})`);
}

export function deactivate(): void {}

async function reportServeFailure(failure: ServeFailure, serve: ServeClient, log: vscode.LogOutputChannel): Promise<void> {
  const actions = failure.kind === 'node-missing' ? ['Open Settings'] : failure.kind === 'native-modules' ? ['Rebuild Native Modules', 'Open Settings'] : ['Retry', 'Show Log'];
  const choice = await vscode.window.showErrorMessage(`Fluke: ${failure.message}`, ...actions);
  if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'fluke.nodePath');
  else if (choice === 'Rebuild Native Modules') void vscode.commands.executeCommand('fluke.rebuildNativeModules');
  else if (choice === 'Retry') serve.restart();
  else if (choice === 'Show Log') log.show();
}
