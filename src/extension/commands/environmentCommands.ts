import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { runFlukeCli } from '../runFlukeCli';
import { requireTrust } from '../trust';
import type { CommandServices } from './commandServices';

export function registerEnvironmentCommands(services: CommandServices): vscode.Disposable[] {
  let report: vscode.OutputChannel | null = null;
  return [
    vscode.commands.registerCommand('fluke.checkEnvironment', async () => {
      report ??= vscode.window.createOutputChannel('Fluke Environment');
      await checkEnvironment(services, report);
    }),
    vscode.commands.registerCommand('fluke.rebuildNativeModules', () => rebuildNativeModules(services)),
    vscode.commands.registerCommand('fluke.installTensorflowBackend', () => installTensorflowBackend(services)),
    vscode.commands.registerCommand('fluke.refreshExperiments', () => services.tree.refreshSoon(true)),
    vscode.commands.registerCommand('fluke.showExtensionLog', () => services.log.show()),
    { dispose: () => report?.dispose() },
  ];
}

/** `fluke doctor` with the configured Node: the Node version, which training backends load, the store. */
async function checkEnvironment(services: CommandServices, report: vscode.OutputChannel): Promise<void> {
  const settings = services.settings();
  report.clear();
  report.appendLine(`$ ${settings.nodePath} ${services.cliPath} doctor --db ${settings.databasePath}`);
  report.show(true);
  try {
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Fluke: checking the environment' }, () =>
      runFlukeCli({
        nodePath: settings.nodePath,
        cliPath: services.cliPath,
        args: ['doctor', '--db', settings.databasePath],
        cwd: settings.workspaceFolder ?? services.context.extensionPath,
      }),
    );
    report.append(result.stdout);
    if (result.stderr.trim()) report.append(result.stderr);
    if (result.exitCode !== 0) {
      void vscode.window.showWarningMessage(`Fluke: fluke doctor found problems (exit code ${result.exitCode}); see the "Fluke Environment" output.`);
    }
  } catch (error) {
    report.appendLine((error as Error).message);
    const choice = await vscode.window.showErrorMessage(`Fluke: ${(error as Error).message}`, 'Open Settings');
    if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'fluke.nodePath');
  }
}

/**
 * `npm rebuild better-sqlite3 sharp` in the extension's folder, with the npm beside the
 * configured Node, so the native modules match the Node that loads them; then serve restarts.
 */
async function rebuildNativeModules(services: CommandServices): Promise<void> {
  const { nodePath } = services.settings();
  const nodeFolder = nodePath.includes('/') || nodePath.includes('\\') ? dirname(nodePath) : null;
  const npmName = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const npm = nodeFolder && existsSync(join(nodeFolder, npmName)) ? join(nodeFolder, npmName) : npmName;
  const env: Record<string, string> = nodeFolder ? { PATH: `${nodeFolder}${delimiter}${process.env.PATH ?? ''}` } : {};
  const task = new vscode.Task(
    { type: 'fluke', task: 'rebuild-native-modules' },
    vscode.TaskScope.Global,
    'Rebuild native modules',
    'fluke',
    new vscode.ProcessExecution(npm, ['rebuild', 'better-sqlite3', 'sharp'], { cwd: services.context.extensionPath, env }),
  );
  const execution = await vscode.tasks.executeTask(task);
  const ended = vscode.tasks.onDidEndTaskProcess((event) => {
    if (event.execution !== execution) return;
    ended.dispose();
    if (event.exitCode === 0) {
      services.log.info('native modules rebuilt; restarting fluke serve');
      services.serve.restart();
      void vscode.window.showInformationMessage('Fluke: native modules rebuilt for this Node.js; fluke serve restarted.');
    } else {
      void vscode.window.showErrorMessage(`Fluke: npm rebuild failed (exit code ${event.exitCode}); see the task's terminal. Building better-sqlite3 needs a C++ compiler and Python.`);
    }
  });
  services.context.subscriptions.push(ended);
}

/**
 * `fluke setup tensorflow` with the configured Node (the binding is built for the Node that
 * loads it), its "[step/total] message" lines as a cancellable progress notification.
 */
async function installTensorflowBackend(services: CommandServices): Promise<void> {
  if (!requireTrust('Installing the TensorFlow backend')) return;
  const settings = services.settings();
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Fluke: installing the TensorFlow backend', cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        let done = 0;
        return runFlukeCli({
          nodePath: settings.nodePath,
          cliPath: services.cliPath,
          args: ['setup', 'tensorflow'],
          cwd: settings.workspaceFolder ?? services.context.extensionPath,
          signal: abort.signal,
          onStderrLine: (line) => {
            services.log.info(`setup tensorflow: ${line}`);
            const step = /^\[(\d+)\/(\d+)\] (.*)$/.exec(line);
            if (!step) return;
            const reached = ((Number(step[1]) - 1) / Number(step[2])) * 100;
            progress.report({ message: step[3], increment: reached - done });
            done = reached;
          },
        });
      },
    );
    const lastLine = result.stderr.trim().split('\n').at(-1) ?? '';
    if (result.exitCode === 0) void vscode.window.showInformationMessage(`Fluke: ${lastLine}. Runs with backend "auto" or "tensorflow" train on it.`);
    else void vscode.window.showErrorMessage(`Fluke: ${result.stderr.trim().split('\n').filter((line) => !line.startsWith('[')).join(' ') || `fluke setup tensorflow failed (exit code ${result.exitCode})`}`);
  } catch (error) {
    if ((error as Error).name === 'AbortError') void vscode.window.showInformationMessage('Fluke: TensorFlow backend install cancelled; nothing was left half-installed.');
    else void vscode.window.showErrorMessage(`Fluke: ${(error as Error).message}`);
  }
}
