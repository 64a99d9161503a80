import * as vscode from 'vscode';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { runFlukeCli } from '../runFlukeCli';
import { requireTrust } from '../trust';
import type { CommandServices } from './commandServices';

interface Template {
  path: string;
  name: string;
  description: string;
  text: string;
}

export function registerExperimentCommands(services: CommandServices): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('fluke.newExperiment', () => newExperiment(services)),
    vscode.commands.registerCommand('fluke.createDemoExperiment', () => createDemoExperiment(services)),
    vscode.commands.registerCommand('fluke.generateDemoData', () => generateDemoData(services)),
  ];
}

/** The experiment templates shipped in the extension's templates/ folder. */
function readTemplates(services: CommandServices): Template[] {
  const folder = services.context.asAbsolutePath('templates');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => file.endsWith('.experiment.json'))
    .sort()
    .flatMap((file) => {
      const path = join(folder, file);
      const text = readFileSync(path, 'utf8');
      try {
        const value = JSON.parse(text) as { name?: unknown; description?: unknown };
        const name = typeof value.name === 'string' ? value.name : file.replace(/\.experiment\.json$/, '');
        return [{ path, name, description: typeof value.description === 'string' ? value.description : '', text }];
      } catch {
        services.log.warn(`template ${path} is not valid JSON; skipped`);
        return [];
      }
    });
}

function workspaceFolderOrSay(services: CommandServices): string | null {
  const folder = services.settings().workspaceFolder;
  if (!folder) void vscode.window.showErrorMessage('Fluke: open a folder first; experiments and their runs live in the workspace.');
  return folder;
}

async function newExperiment(services: CommandServices): Promise<void> {
  const folder = workspaceFolderOrSay(services);
  if (!folder) return;
  const templates = readTemplates(services);
  if (templates.length === 0) {
    void vscode.window.showErrorMessage(`Fluke: no experiment templates in ${services.context.asAbsolutePath('templates')}; the extension package is incomplete.`);
    return;
  }
  const picked = await vscode.window.showQuickPick(
    templates.map((template) => ({ label: template.name, description: basename(template.path), detail: template.description, template })),
    { placeHolder: 'Start the experiment from a template', matchOnDetail: true },
  );
  if (!picked) return;
  const base = basename(picked.template.path).replace(/\.experiment\.json$/, '');
  const name = await vscode.window.showInputBox({
    prompt: 'Experiment file name (in the workspace folder; .experiment.json is added)',
    value: base,
    validateInput: (value) => {
      if (!/^[\w][\w.-]*$/.test(value)) return 'Letters, digits, "_", "-" and "." only';
      return existsSync(join(folder, `${value}.experiment.json`)) ? `${value}.experiment.json already exists` : null;
    },
  });
  if (!name) return;
  const target = join(folder, `${name}.experiment.json`);
  writeFileSync(target, picked.template.text);
  await vscode.window.showTextDocument(vscode.Uri.file(target));
  services.tree.refreshSoon(true);
}

/** Generates the synthetic whale-fluke set (if not there yet) and writes an experiment that uses it. */
async function createDemoExperiment(services: CommandServices): Promise<void> {
  if (!requireTrust('Creating the demo experiment')) return;
  const folder = workspaceFolderOrSay(services);
  if (!folder) return;
  const target = join(folder, 'whale-demo.experiment.json');
  if (!existsSync(target)) {
    const templates = readTemplates(services);
    const template = templates.find((t) => /demo/i.test(basename(t.path))) ?? templates.find((t) => /whale/i.test(basename(t.path))) ?? templates[0];
    if (!template) {
      void vscode.window.showErrorMessage(`Fluke: no experiment templates in ${services.context.asAbsolutePath('templates')}; the extension package is incomplete.`);
      return;
    }
    const dataFolder = demoDataFolder(services);
    if (!existsSync(join(dataFolder, 'train.csv')) && !(await generateDemoData(services))) return;
    const experiment = JSON.parse(template.text) as { data?: Record<string, unknown> };
    experiment.data = { ...experiment.data, path: relative(dirname(target), dataFolder).split('\\').join('/'), format: 'kaggle' };
    writeFileSync(target, `${JSON.stringify(experiment, null, 2)}\n`);
    services.log.info(`wrote ${target} from template ${template.path}`);
  }
  await vscode.window.showTextDocument(vscode.Uri.file(target));
  services.tree.refreshSoon(true);
}

function demoDataFolder(services: CommandServices): string {
  return join(dirname(services.settings().databasePath), 'demo-data');
}

/** Runs `fluke data generate`; resolves whether it succeeded. */
async function generateDemoData(services: CommandServices): Promise<boolean> {
  if (!requireTrust('Generating the demo dataset')) return false;
  const folder = workspaceFolderOrSay(services);
  if (!folder) return false;
  const settings = services.settings();
  const out = demoDataFolder(services);
  const shown = vscode.workspace.asRelativePath(out, false);
  const ok = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Fluke: generating the demo whale dataset in ${shown}`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      try {
        const result = await runFlukeCli({
          nodePath: settings.nodePath,
          cliPath: services.cliPath,
          args: ['data', 'generate', '--out', out],
          cwd: folder,
          signal: abort.signal,
          onStderrLine: (line) => line.trim() && progress.report({ message: line.trim() }),
        });
        if (result.exitCode !== 0) throw new Error(result.stderr.trim().split('\n').pop() || `fluke data generate exited with code ${result.exitCode}`);
        services.log.info(`demo dataset written to ${out}${result.stdout.trim() ? `: ${result.stdout.trim()}` : ''}`);
        return true;
      } catch (error) {
        if (abort.signal.aborted) {
          services.log.info('demo dataset generation cancelled');
          return false;
        }
        services.log.error(`fluke data generate: ${(error as Error).message}`);
        void vscode.window.showErrorMessage(`Fluke: generating the demo dataset failed: ${(error as Error).message}`);
        return false;
      }
    },
  );
  if (ok) {
    services.editorSupport.revalidateAll();
    void vscode.window.setStatusBarMessage(`Fluke: demo whale dataset written to ${shown}`, 8000);
  }
  return ok;
}
