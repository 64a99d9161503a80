import * as vscode from 'vscode';

/**
 * Whether an action that starts a process working on workspace files may run. In Restricted
 * Mode it says why not (without waiting for the user to read it) and offers to manage trust.
 */
export function requireTrust(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage(
      `Fluke: ${action} is off in Restricted Mode. An experiment file decides which files a training process reads and writes, so Fluke starts no training, data generation or deletion until you trust this workspace. Browsing runs and panels works.`,
      'Manage Workspace Trust',
    )
    .then((choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'));
  return false;
}
