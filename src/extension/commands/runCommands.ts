import * as vscode from 'vscode';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { finishedRunStatuses, type RunRecord } from '../../protocol/records';
import { deleteRun } from '../../protocol/rpc';
import type { FlukeTreeNode } from '../experiments/experimentsTree';
import { runFlukeCli } from '../runFlukeCli';
import type { LaunchRequest } from '../runs/runManager';
import { requireTrust } from '../trust';
import type { CommandServices } from './commandServices';
import { experimentPathFrom, runsFrom } from './commandTargets';
import { cancelSlurmJob, resubmitSlurmJob, showSlurmJobOutput } from '../slurm/slurmRunControl';

export function registerRunCommands(services: CommandServices): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('fluke.runExperiment', (argument?: unknown) => runExperiment(services, argument, 'pick')),
    vscode.commands.registerCommand('fluke.runSweep', (argument?: unknown) => runExperiment(services, argument, 'all')),
    vscode.commands.registerCommand('fluke.stopRun', (item?: unknown, selected?: unknown) => stopRuns(services, item, selected)),
    vscode.commands.registerCommand('fluke.resumeRun', (item?: unknown, selected?: unknown) => resumeRuns(services, item, selected)),
    vscode.commands.registerCommand('fluke.deleteRun', (item?: unknown, selected?: unknown) => deleteRuns(services, item, selected)),
    vscode.commands.registerCommand('fluke.showRunLog', (item?: unknown) => showRunLog(services, item)),
    vscode.commands.registerCommand('fluke.exportRun', (item?: unknown) => exportRun(services, item)),
  ];
}

/** 'pick': one run, asking which when the file is a sweep; 'all': every run of the grid. */
async function runExperiment(services: CommandServices, argument: unknown, which: 'pick' | 'all'): Promise<void> {
  if (!requireTrust(which === 'all' ? 'Running sweeps' : 'Running experiments')) return;
  if (!services.settings().workspaceFolder) {
    void vscode.window.showErrorMessage('Fluke: open a folder first; runs start in the workspace folder and are stored there.');
    return;
  }
  const path = await experimentPathFrom(services, argument);
  if (!path) return;
  const text = await currentText(path);
  if (text === null) {
    void vscode.window.showErrorMessage(`Fluke: cannot read ${path}.`);
    return;
  }
  const { planExperimentLaunch } = await import('../runs/launchPlan');
  const plan = planExperimentLaunch(text, path);
  if (plan.errors.length > 0) {
    for (const error of plan.errors) services.log.error(error);
    const more = plan.errors.length > 1 ? ` (and ${plan.errors.length - 1} more)` : '';
    const choice = await vscode.window.showErrorMessage(
      `Fluke: ${basename(path)} has errors, so nothing was started: ${plan.errors[0]}${more}`,
      'Show Problems',
    );
    if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
    return;
  }
  let requests: LaunchRequest[] = plan.requests;
  if (which === 'all' && !plan.hasGrid) {
    void vscode.window.setStatusBarMessage(`Fluke: ${basename(path)} has no grid; starting its one run`, 5000);
  }
  if (which === 'pick' && requests.length > 1) {
    const all = { label: `$(run-all) All ${requests.length} runs of the grid`, requests };
    const picked = await vscode.window.showQuickPick(
      [all, ...requests.map((request) => ({ label: request.label, description: `grid run ${request.gridIndex}`, requests: [request] }))],
      { placeHolder: `${basename(path)} is a sweep: which run?` },
    );
    if (!picked) return;
    requests = picked.requests;
  }
  services.manager.enqueue(requests);
  services.log.info(`queued ${requests.length} run(s) of ${path}`);
}

/** The file as the editor has it: saved first, since the trainer reads it from disk. */
async function currentText(path: string): Promise<string | null> {
  const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.fsPath === path);
  if (document) {
    if (document.isDirty) await document.save();
    return document.getText();
  }
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

async function stopRuns(services: CommandServices, item: unknown, selected: unknown): Promise<void> {
  const nodes = (Array.isArray(selected) && selected.includes(item) ? selected : [item]) as Array<FlukeTreeNode | undefined>;
  const targets: Array<{ label: string; stop: () => Promise<string> }> = [];
  for (const node of nodes) {
    if (node?.kind === 'pending') targets.push({ label: node.label, stop: () => services.manager.stop(node.key) });
    if (node?.kind === 'run') targets.push(stopTarget(services, node.run));
  }
  if (item === undefined) {
    const followed = services.manager.active();
    const followedIds = new Set(followed.map((run) => run.runId));
    const choices = [
      ...followed.map((run) => ({ label: run.label, description: run.state, target: { label: run.label, stop: () => services.manager.stop(run.key) } })),
      ...services.tree
        .storedRuns()
        .filter((run) => (run.status === 'running' || (run.status === 'queued' && Boolean(run.slurmJob))) && !followedIds.has(run.id))
        .map((run) => ({ label: run.name, description: `run ${run.id} · running${run.host ? ` on ${run.host}` : ''}`, target: stopTarget(services, run) })),
    ];
    if (choices.length === 0) {
      void vscode.window.showInformationMessage('Fluke: no run is running or queued.');
      return;
    }
    const picked = await vscode.window.showQuickPick(choices, { placeHolder: 'Run to stop', canPickMany: true, ignoreFocusOut: true });
    targets.push(...(picked ?? []).map((choice) => choice.target));
  }
  await Promise.all(
    targets.map(async (target) => {
      const outcome = await target.stop();
      const said = { cancelled: 'removed from the queue', terminated: 'stopped', killed: 'killed after the grace period', 'not-running': 'was not running' }[outcome] ?? outcome;
      void vscode.window.setStatusBarMessage(`Fluke: "${target.label}" ${said}`, 5000);
    }),
  );
}

function stopTarget(services: CommandServices, run: RunRecord): { label: string; stop: () => Promise<string> } {
  if (run.slurmJob) return { label: run.name, stop: () => cancelSlurmJob(services, run) };
  const followed = services.manager.findByRunId(run.id);
  return { label: run.name, stop: () => (followed ? services.manager.stop(followed.key) : services.manager.stopUnfollowed(run)) };
}

async function resumeRuns(services: CommandServices, item: unknown, selected: unknown): Promise<void> {
  if (!requireTrust('Resuming runs')) return;
  const runs = await runsFrom(services, item, selected, {
    accept: (run) => run.status === 'stopped' || run.status === 'crashed' || (run.status === 'timeout' && Boolean(run.slurmJob)),
    placeHolder: 'Run to resume from its newest checkpoint',
    canPickMany: true,
    none: 'no stopped or crashed run to resume.',
  });
  const onSlurm = runs.filter((run) => run.slurmJob);
  await Promise.all(onSlurm.map((run) => resubmitSlurmJob(services, run)));
  services.manager.enqueue(runs.filter((run) => !run.slurmJob).map((run) => ({ experimentPath: run.experimentPath, label: run.name, gridIndex: null, resumeRunId: run.id })));
}

async function deleteRuns(services: CommandServices, item: unknown, selected: unknown): Promise<void> {
  if (!requireTrust('Deleting runs')) return;
  const runs = await runsFrom(services, item, selected, {
    accept: (run) => finishedRunStatuses.includes(run.status),
    placeHolder: 'Runs to delete',
    canPickMany: true,
    none: 'no finished run to delete (stop a running run first).',
  });
  if (runs.length === 0) return;
  const what = runs.length === 1 ? `run "${runs[0]!.name}"` : `${runs.length} runs`;
  const confirmed = await vscode.window.showWarningMessage(
    `Delete ${what}? Its epochs, metrics, clusterings, retrieval results, checkpoints and log are removed; this cannot be undone.`,
    { modal: true },
    'Delete',
  );
  if (confirmed !== 'Delete') return;
  for (const run of runs) {
    try {
      const logPath = await services.manager.runLogPathOf(run.id);
      await services.serve.request(deleteRun, { runId: run.id });
      rmSync(logPath, { force: true });
      services.log.info(`deleted run ${run.id} "${run.name}"`);
    } catch (error) {
      void vscode.window.showErrorMessage(`Fluke: could not delete run ${run.id}: ${(error as Error).message}`);
    }
  }
  services.tree.refreshSoon();
}

async function showRunLog(services: CommandServices, item: unknown): Promise<void> {
  if ((item as FlukeTreeNode | undefined)?.kind === 'pending') {
    void vscode.window.showInformationMessage('Fluke: this run has not started yet; its log appears once it does.');
    return;
  }
  const [run] = await runsFrom(services, item, undefined, { accept: () => true, placeHolder: 'Run whose log to show', canPickMany: false, none: 'no run in the store yet.' });
  if (run?.slurmJob) await showSlurmJobOutput(run);
  else if (run) await services.logChannels.show(run.id, run.name);
}

async function exportRun(services: CommandServices, item: unknown): Promise<void> {
  const [run] = await runsFrom(services, item, undefined, { accept: () => true, placeHolder: 'Run to export', canPickMany: false, none: 'no run in the store yet.' });
  if (!run) return;
  const format = await vscode.window.showQuickPick(
    [
      { label: 'CSV', description: 'one row per epoch: losses, timing and metrics', extension: 'csv' },
      { label: 'JSON', description: 'the run record with its config, epochs and metrics', extension: 'json' },
    ],
    { placeHolder: `Export run ${run.id} "${run.name}" as` },
  );
  if (!format) return;
  const settings = services.settings();
  const fileName = `${run.name.replace(/[^\w.=-]+/g, '-')}-run-${run.id}.${format.extension}`;
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(join(settings.workspaceFolder ?? services.context.globalStorageUri.fsPath, fileName)),
    filters: { [format.label]: [format.extension] },
  });
  if (!target) return;
  try {
    const result = await runFlukeCli({
      nodePath: settings.nodePath,
      cliPath: services.cliPath,
      args: ['export', String(run.id), '--format', format.extension, '--out', target.fsPath, '--db', settings.databasePath],
      cwd: settings.workspaceFolder ?? services.context.extensionPath,
    });
    if (result.exitCode !== 0 || !existsSync(target.fsPath)) throw new Error(result.stderr.trim() || `fluke export exited with code ${result.exitCode}`);
    const open = await vscode.window.showInformationMessage(`Fluke: run ${run.id} exported to ${target.fsPath}`, 'Open');
    if (open) void vscode.window.showTextDocument(target);
  } catch (error) {
    services.log.error(`export of run ${run.id}: ${(error as Error).message}`);
    void vscode.window.showErrorMessage(`Fluke: export of run ${run.id} failed: ${(error as Error).message}`);
  }
}
