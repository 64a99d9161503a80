import * as vscode from 'vscode';
import { basename } from 'node:path';
import { experimentTarget, submitToSlurm, type TargetOverrides } from '../../protocol/slurmRpc';
import type { RunTarget } from '../../protocol/target';
import type { CommandServices } from '../commands/commandServices';
import { experimentPathFrom } from '../commands/commandTargets';
import { requireTrust } from '../trust';
import { editableTargetFields, parseTargetInput, targetValueText, type EditableTargetField } from './targetChoices';

type Choice = { label: string; description?: string; detail?: string; submit?: true; field?: EditableTargetField };

/**
 * Fluke: Run on Slurm. Shows the experiment's Slurm settings (its `target`, defaults filled)
 * in a quick pick; any can be changed for this submission; then serve submits every run of
 * the file as one job array. A refusal (sbatch's message, a cluster that cannot be reached)
 * is shown as the scheduler said it.
 */
export async function runOnSlurm(services: CommandServices, argument: unknown): Promise<void> {
  if (!requireTrust('Running on Slurm')) return;
  if (!services.settings().workspaceFolder) {
    void vscode.window.showErrorMessage('Fluke: open a folder first; runs are stored in the workspace folder.');
    return;
  }
  const path = await experimentPathFrom(services, argument);
  if (!path) return;
  const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.fsPath === path);
  if (document?.isDirty) await document.save();
  let target: RunTarget;
  try {
    target = await services.serve.request(experimentTarget, { experimentPath: path });
  } catch (error) {
    void vscode.window.showErrorMessage(`Fluke: ${(error as Error).message}`);
    return;
  }
  const overrides = await pickTargetSettings(path, target);
  if (!overrides) return;
  try {
    const submission = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Fluke: submitting ${basename(path)} to Slurm…` }, () =>
      services.serve.request(submitToSlurm, { experimentPath: path, overrides }),
    );
    services.log.info(`submitted ${submission.runs.length} run(s) of ${path} as Slurm job array ${submission.arrayJobId}`);
    void vscode.window.setStatusBarMessage(`Fluke: ${submission.runs.length} run(s) submitted as Slurm job ${submission.arrayJobId}`, 8000);
    services.tree.refreshSoon();
  } catch (error) {
    services.log.error(`Run on Slurm (${path}): ${(error as Error).message}`);
    const choice = await vscode.window.showErrorMessage(`Fluke: Slurm did not take the runs: ${(error as Error).message}`, 'Show Log');
    if (choice) services.log.show();
  }
}

/** The quick pick: Submit, or a setting to change (an input box), until Submit or Escape. */
async function pickTargetSettings(path: string, initial: RunTarget): Promise<TargetOverrides | undefined> {
  const target: RunTarget = { ...initial };
  const overrides: TargetOverrides = {};
  for (;;) {
    const choices: Choice[] = [
      { label: '$(cloud-upload) Submit to Slurm', detail: `every run of ${basename(path)} as one job array`, submit: true },
      ...editableTargetFields.map(({ field, label, hint }) => ({ label, description: targetValueText(target, field), detail: hint, field })),
    ];
    const picked = await vscode.window.showQuickPick(choices, { placeHolder: `Slurm settings for ${basename(path)} (from its "target"; changes apply to this submission)`, ignoreFocusOut: true });
    if (!picked) return undefined;
    if (picked.submit) return overrides;
    const field = picked.field!;
    const typed = await vscode.window.showInputBox({
      prompt: `${picked.label}: ${picked.detail}`,
      value: target[field] === null ? '' : String(target[field]),
      ignoreFocusOut: true,
      validateInput: (text) => {
        const parsed = parseTargetInput(field, text);
        return 'error' in parsed ? parsed.error : undefined;
      },
    });
    if (typed === undefined) continue;
    const parsed = parseTargetInput(field, typed);
    if ('value' in parsed) {
      Object.assign(overrides, { [field]: parsed.value });
      Object.assign(target, { [field]: parsed.value });
    }
  }
}
