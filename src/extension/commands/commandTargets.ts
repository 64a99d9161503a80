import * as vscode from 'vscode';
import type { RunRecord } from '../../protocol/records';
import type { FlukeTreeNode } from '../experiments/experimentsTree';
import type { CommandServices } from './commandServices';

const experimentFile = /\.experiment\.json$/i;

/**
 * The experiment file a command is about: the tree node, the file (code lens, editor title,
 * explorer), the active editor, or (from the palette) one the user picks.
 */
export async function experimentPathFrom(services: CommandServices, argument: unknown): Promise<string | undefined> {
  if (argument instanceof vscode.Uri) return argument.fsPath;
  const node = argument as FlukeTreeNode | undefined;
  if (node?.kind === 'experiment') return node.experimentPath;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && experimentFile.test(active.fsPath)) return active.fsPath;
  await services.tree.reload();
  const paths = services.tree.experimentPaths();
  if (paths.length === 0) {
    void vscode.window.showWarningMessage('Fluke: this workspace has no experiment file (*.experiment.json). Create one with "Fluke: New Experiment".');
    return undefined;
  }
  if (paths.length === 1) return paths[0];
  const picked = await vscode.window.showQuickPick(
    paths.map((path) => ({ label: vscode.workspace.asRelativePath(path, false), path })),
    { placeHolder: 'Experiment file' },
  );
  return picked?.path;
}

/**
 * The runs a command is about: the selection when the clicked node is part of it (VS Code
 * passes (item, selectedItems)), the clicked node alone, or runs picked from the store.
 */
export async function runsFrom(
  services: CommandServices,
  item: unknown,
  selectedItems: unknown,
  options: { accept: (run: RunRecord) => boolean; placeHolder: string; canPickMany: boolean; none: string },
): Promise<RunRecord[]> {
  const nodes = (Array.isArray(selectedItems) && selectedItems.includes(item) ? selectedItems : [item]) as Array<FlukeTreeNode | undefined>;
  const clicked = nodes.filter((node): node is Extract<FlukeTreeNode, { kind: 'run' }> => node?.kind === 'run').map((node) => node.run);
  if (item !== undefined) return clicked.filter(options.accept);
  await services.tree.reload();
  const candidates = services.tree.storedRuns().filter(options.accept);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(`Fluke: ${options.none}`);
    return [];
  }
  const items = candidates.map((run) => ({
    label: run.name,
    description: `run ${run.id} · ${run.status}${run.bestRecallAt1 === null ? '' : ` · R@1 ${run.bestRecallAt1.toFixed(3)}`}`,
    detail: vscode.workspace.asRelativePath(run.experimentPath, false),
    run,
  }));
  if (options.canPickMany) {
    const picked = await vscode.window.showQuickPick(items, { placeHolder: options.placeHolder, canPickMany: true, ignoreFocusOut: true });
    return (picked ?? []).map((entry) => entry.run);
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder: options.placeHolder });
  return picked ? [picked.run] : [];
}
